"""Deleting an account is a lock with a grace period and a restore link; export is the owner's alone."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from complaints.accounts import lifecycle
from complaints.accounts import services as account_services
from complaints.accounts.models import DataExport, User
from complaints.core.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login_and_reauth(client, user):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def _restore_link(message) -> str:
    match = re.search(r"https?://\S+/accounts/restore/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def test_delete_asks_to_reauthenticate_first(client, user):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.get(reverse("accounts:delete"))
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response.url


def test_a_linked_login_alone_cannot_delete(client, user):
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    response = client.get(reverse("accounts:delete"))
    assert response.status_code == 302
    assert response.url == reverse("account_set_password")


def test_warning_page_states_what_happens_and_offers_the_export(client, user):
    _login_and_reauth(client, user)
    page = client.get(reverse("accounts:delete"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "locked at once" in page
    assert "are not touched" in page
    assert reverse("accounts:export") in page


def test_confirming_locks_at_once_ends_sessions_and_mails_a_restore_link(
    client, user, django_capture_on_commit_callbacks
):
    _login_and_reauth(client, user)
    other_device = client.__class__()
    other_device.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert other_device.get(reverse("accounts:profile")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"understood": "on"})
    assert response.url == reverse("accounts:deleted")
    user.refresh_from_db()
    assert user.locked_at is not None and not user.is_active
    assert user.erase_after - user.locked_at == timedelta(days=30)
    # Logged out on this device and on the other one; the password no longer logs in.
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert other_device.get(reverse("accounts:profile")).status_code == 302
    fresh = client.__class__()
    fresh.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert fresh.get(reverse("accounts:profile")).status_code == 302
    assert AuditEvent.objects.filter(action="account.deletion_requested", target_id=str(user.pk)).exists()
    (message,) = [m for m in mail.outbox if m.to == [user.email]]
    link = _restore_link(message)

    restore_page = fresh.get(link)
    assert restore_page.status_code == 200
    fresh.post(link)
    user.refresh_from_db()
    assert user.is_active and user.locked_at is None and user.erase_after is None
    fresh.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert fresh.get(reverse("accounts:profile")).status_code == 200
    # The link is single-use: once restored, it no longer matches a locked account.
    assert fresh.get(link).status_code == 404


def test_confirming_without_the_checkbox_changes_nothing(client, user):
    _login_and_reauth(client, user)
    response = client.post(reverse("accounts:delete"), {})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.is_active and user.locked_at is None


def test_forged_or_expired_restore_links_do_nothing(client, user, settings):
    account_services.account_deletion_request(actor=user, user=user)
    user.refresh_from_db()
    token = lifecycle.restore_token(user)
    assert client.get(reverse("accounts:restore", args=[token[:-2] + "xx"])).status_code == 404
    other = UserFactory()
    account_services.account_deletion_request(actor=other, user=other)
    other.refresh_from_db()
    client.post(reverse("accounts:restore", args=[lifecycle.restore_token(other)]))
    user.refresh_from_db()
    assert not user.is_active, "restoring one account must not restore another"
    settings.TONGSU_DELETION_GRACE_DAYS = 0
    assert lifecycle.user_for_restore_token(token) is None


def test_erasure_waits_for_the_grace_period(user):
    account_services.account_deletion_request(actor=user, user=user)
    assert account_services.account_erase(user_id=user.pk) is False
    User.objects.filter(pk=user.pk).update(erase_after=timezone.now() - timedelta(seconds=1))
    assert lifecycle.accounts_due_for_erasure() == [user.pk]
    assert account_services.account_erase(user_id=user.pk) is True
    user.refresh_from_db()
    assert user.erased_at is not None
    assert account_services.account_erase(user_id=user.pk) is False


def test_export_is_a_zip_with_profile_and_audit_for_the_owner_only(
    client, user, other_user, django_capture_on_commit_callbacks
):
    _login_and_reauth(client, user)  # the export asks for the password again
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:export"))
    export = DataExport.objects.get(user=user)
    assert export.status == DataExport.Status.READY
    page = client.get(reverse("accounts:export")).content.decode()
    link = re.search(r'href="(/accounts/export/\d+/[^"]+/)"', page).group(1)
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["email"] == user.email
    assert any(e["action"] == "account.export_requested" for e in data["audit"])
    # Another person with the same link gets nothing; a tampered token gets nothing.
    intruder = client.__class__()
    intruder.force_login(other_user)
    assert intruder.get(link).status_code == 404
    assert client.get(link[:-3] + "xx/").status_code == 404


def test_only_one_export_every_few_hours(client, user, django_capture_on_commit_callbacks):
    _login_and_reauth(client, user)  # the export asks for the password again
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:export"))
        client.post(reverse("accounts:export"))
    assert DataExport.objects.filter(user=user).count() == 1


def test_expired_export_links_stop_working(client, user, django_capture_on_commit_callbacks):
    _login_and_reauth(client, user)  # the export asks for the password again
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:export"))
    export = DataExport.objects.get(user=user)
    token = lifecycle.export_download_token(export)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("accounts:export_download", args=[export.pk, token])).status_code == 404
    assert account_services.exports_expire() == 1
    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED and not export.file
