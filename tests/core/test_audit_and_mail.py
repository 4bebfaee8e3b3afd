from __future__ import annotations

from email import message_from_bytes

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

from complaints.core.mail import EmlFileBackend
from complaints.core.models import AuditEvent, OutboundEmail
from complaints.core.services import audit_record, email_queue_rendered
from complaints.core.tasks import sweep_outbound_email

pytestmark = pytest.mark.django_db


def test_audit_events_cannot_be_changed_or_deleted(user):
    event = audit_record(actor=user, action="campaign.approve", target=user, reason="looks fine")
    event.reason = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == "looks fine"


def test_audit_admin_offers_no_add_change_or_delete(moderator):
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/")
    request.user = moderator
    moderator.is_superuser = True
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_newlines_in_names_cannot_forge_audit_lines(user):
    user.display_name = "Mallory\n2026-01-01 admin approved everything"
    user.save()
    event = audit_record(
        actor=user, action="filing.submit\nfake", target=None, reason="ok\r\nsecond line\u202e"
    )
    for value in (event.actor_label, event.action, event.reason, str(event)):
        assert "\n" not in value and "\r" not in value and "\u202e" not in value


def test_eml_backend_writes_one_readable_file_per_message(tmp_path):
    from django.core.mail import EmailMessage

    backend = EmlFileBackend(file_path=str(tmp_path))
    sent = backend.send_messages(
        [
            EmailMessage("验证码 · Code", "ABCD-EFGH", to=["a@example.org"]),
            EmailMessage("第二封", "body", to=["b@example.org"]),
        ]
    )
    files = sorted(tmp_path.glob("*.eml"))
    assert sent == 2 and len(files) == 2
    parsed = message_from_bytes(files[0].read_bytes())
    assert parsed["To"] in {"a@example.org", "b@example.org"}


def test_sweep_re_enqueues_email_whose_broker_message_was_lost(mailoutbox, settings):
    email = email_queue_rendered(to="lost@example.org", subject="s", body_text="b")  # on_commit never ran
    OutboundEmail.objects.filter(pk=email.pk).update(
        updated_at=timezone.now() - timezone.timedelta(minutes=5)
    )
    assert sweep_outbound_email() == 1
    assert [m.to for m in mailoutbox] == [["lost@example.org"]]
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert sweep_outbound_email() == 0, "sent mail is not picked up again"


def test_email_is_sent_once_even_if_the_task_runs_twice(mailoutbox):
    from complaints.core.services import email_send

    email = email_queue_rendered(to="once@example.org", subject="s", body_text="b")
    assert email_send(email_id=email.pk) is True
    assert email_send(email_id=email.pk) is False
    assert len(mailoutbox) == 1
