"""The embedded outbox (.eml files under var/mail/) holds personal data: an erased person's mail goes at
erasure, and nobody's mail is kept longer than TONGSU_MAIL_FILES_DAYS."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from django.core.mail import send_mail
from django.utils import timezone

from complaints.accounts import services as account_services
from complaints.accounts.models import User
from complaints.core.tasks import mail_files_sweep_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "complaints.core.mail.EmlFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    return tmp_path


def test_erasure_deletes_the_outbox_files_that_name_the_person(outbox):
    user = UserFactory(email="zz-outbox-7731@example.org")
    send_mail("你的验证码", "验证码 123456", None, ["ZZ-Outbox-7731@example.org"])
    send_mail("Hello", "for someone else", None, ["bystander@example.org"])
    account_services.account_deletion_request(actor=user, user=user)
    User.objects.filter(pk=user.pk).update(erase_after=timezone.now() - timedelta(seconds=1))
    assert account_services.account_erase(user_id=user.pk)
    left = [p.read_bytes() for p in outbox.glob("*.eml")]
    assert len(left) == 1 and b"bystander@example.org" in left[0]


def test_daily_sweep_deletes_outbox_files_older_than_the_configured_days(outbox, settings):
    settings.TONGSU_MAIL_FILES_DAYS = 3
    send_mail("old", "old", None, ["a@example.org"])
    send_mail("new", "new", None, ["b@example.org"])
    old, new = sorted(outbox.glob("*.eml"), key=lambda p: b"old" in p.read_bytes(), reverse=True)
    four_days_ago = time.time() - 4 * 86400
    os.utime(old, (four_days_ago, four_days_ago))
    assert mail_files_sweep_task() == 1
    assert not old.exists() and new.exists()
    settings.TONGSU_MAIL_FILES_DAYS = 0
    os.utime(new, (four_days_ago, four_days_ago))
    assert mail_files_sweep_task() == 0 and new.exists(), "0 keeps the outbox"
