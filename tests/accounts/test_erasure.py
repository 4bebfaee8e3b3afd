"""After the grace period nothing personal of an erased person is left in the database or in storage."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.accounts import lifecycle
from complaints.accounts.models import User
from complaints.core.services import email_queue_rendered
from tests.factories import UserFactory
from tests.privacy import database_hits, storage_hits

pytestmark = pytest.mark.django_db(transaction=True)


def test_erasure_leaves_no_planted_personal_value_anywhere(django_capture_on_commit_callbacks):
    planted = {
        "email": "zz-planted-mail-7731@example.org",
        "name": "植入姓名Qx7731",
    }
    user = UserFactory(email=planted["email"], display_name=planted["name"])
    bystander = UserFactory(display_name="Bystander Kept")
    # Personal data in mail still queued for them, and in an export archive.
    email_queue_rendered(to=planted["email"], subject="pending", body_text=f"Dear {planted['name']}")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.export_request(actor=user)
    lifecycle.account_deletion_request(actor=user, user=user)
    values = list(planted.values())
    assert database_hits(values), (
        "the planted values must be findable before erasure, or this test proves nothing"
    )
    assert storage_hits(values)

    User.objects.filter(pk=user.pk).update(erase_after=timezone.now() - timedelta(seconds=1))
    assert lifecycle.account_erase(user_id=user.pk)

    assert database_hits(values) == []
    assert storage_hits(values) == []
    bystander.refresh_from_db()
    assert bystander.display_name == "Bystander Kept"
    assert User.objects.filter(pk=user.pk).exists(), "the row stays (as an anonymous id) so counts stay right"
