"""Notification email: the recipient's language, List-Unsubscribe, a signed one-click unsubscribe link."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client

from complaints.core.models import AuditEvent, OutboundEmail
from complaints.core.services import email_send_batch
from complaints.notifications import services
from complaints.notifications.kinds import Kind, Mode
from complaints.notifications.models import NotificationPreference
from complaints.notifications.selectors import notification_preferences_for_user
from complaints.notifications.services import notify
from tests.factories import UserFactory
from tests.smtp import LocalSMTPServer, _Handler

pytestmark = pytest.mark.django_db

UPDATE = {"campaign": "某钱包冻结资金", "update": "第一次集体投诉已提交"}


def _notify_update(*users, key="update:1"):
    return notify(
        actor=None,
        kind=Kind.UPDATE_POSTED,
        audience="users",
        audience_args={"ids": [u.pk for u in users]},
        params=UPDATE,
        dedupe_key=key,
    )


def _unsubscribe_path(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<") and header.endswith(">")
    return urlsplit(header[1:-1]).path


def test_email_is_in_each_recipients_language_with_html_and_unsubscribe_headers(
    mailoutbox, django_capture_on_commit_callbacks
):
    english = UserFactory(preferred_language="en")
    chinese = UserFactory(preferred_language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        _notify_update(english, chinese)
    by_address = {m.to[0]: m for m in mailoutbox}
    assert len(mailoutbox) == 2

    en, zh = by_address[english.email], by_address[chinese.email]
    assert en.subject == "New update in “某钱包冻结资金”"
    assert "The organizers posted: 第一次集体投诉已提交" in en.body
    assert zh.subject == "“某钱包冻结资金”有新动态"
    assert "组织者发布了：第一次集体投诉已提交" in zh.body
    for message, lang in ((en, "en"), (zh, "zh-hans")):
        html, mime = message.alternatives[0]
        assert mime == "text/html" and f'<html lang="{lang}">' in html
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        path = _unsubscribe_path(message)
        assert path in message.body and path in html, "the same link is in the body"
    assert _unsubscribe_path(en) != _unsubscribe_path(zh), "each person gets their own link"


def test_unsubscribe_link_confirms_on_get_and_turns_that_kind_off_on_post(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        _notify_update(user)
    path = _unsubscribe_path(mailoutbox[0])
    anonymous = Client(enforce_csrf_checks=True)

    page = anonymous.get(path)
    assert page.status_code == 200
    assert not NotificationPreference.objects.exists(), "a link scanner's GET changes nothing"

    done = anonymous.post(path)
    assert done.status_code == 200
    prefs = notification_preferences_for_user(user.pk)
    assert prefs[Kind.UPDATE_POSTED] == Mode.OFF
    assert prefs[Kind.FILING_SUBMITTED] == Mode.IMMEDIATELY, "only the kind in the link"
    assert AuditEvent.objects.filter(action="notification_preferences.unsubscribe").count() == 1

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _notify_update(user, key="update:2")
    assert mailoutbox == []


def test_rfc8058_one_click_post_from_a_mail_client_unsubscribes(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _notify_update(user)
    response = Client(enforce_csrf_checks=True).post(
        _unsubscribe_path(mailoutbox[0]),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert notification_preferences_for_user(user.pk)[Kind.UPDATE_POSTED] == Mode.OFF


@pytest.mark.parametrize("tamper", ["swap_kind", "other_user", "garbage", "unsigned"])
def test_tampered_unsubscribe_token_is_refused_and_changes_nothing(client, tamper):
    user, other = UserFactory(), UserFactory()
    token = services.unsubscribe_token(user_id=user.pk, kind=Kind.UPDATE_POSTED)
    _payload, timestamp, signature = token.split(":")
    someone_else = signing.b64_encode(json.dumps([other.pk, "update_posted"]).encode()).decode()
    forged = {
        "swap_kind": signing.dumps([user.pk, Kind.TASK_DUE], salt="another salt", compress=False),
        "other_user": f"{someone_else}:{timestamp}:{signature}",
        "garbage": token[:-3] + ("xyz" if token.endswith("abc") else "abc"),
        "unsigned": someone_else,
    }[tamper]
    url = f"/notifications/unsubscribe/{forged}/"
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400
    assert not NotificationPreference.objects.exists()


def test_security_kinds_have_no_unsubscribe_link_and_a_forged_one_is_refused(client):
    user = UserFactory()
    token = signing.dumps([user.pk, Kind.ACCOUNT_PASSWORD], salt=services.UNSUBSCRIBE_SALT, compress=False)
    assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 400
    assert not NotificationPreference.objects.exists()


def test_digest_unsubscribe_turns_off_every_daily_kind_only(client):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind=Kind.UPDATE_POSTED, mode=Mode.DAILY)
    url = services.unsubscribe_url(user_id=user.pk, kind=services.DIGEST)
    assert client.post(urlsplit(url).path).status_code == 200
    prefs = notification_preferences_for_user(user.pk)
    assert prefs[Kind.UPDATE_POSTED] == Mode.OFF
    assert prefs[Kind.EVIDENCE_PROCESSED] == Mode.OFF, "daily by default, so in the digest"
    assert prefs[Kind.FILING_FAILED] == Mode.IMMEDIATELY


class _ConnectionCountingHandler(_Handler):
    def __init__(self):
        super().__init__()
        self.peers: list = []

    async def handle_DATA(self, server, session, envelope):
        self.peers.append(session.peer)
        return await super().handle_DATA(server, session, envelope)


def test_a_batch_goes_out_over_one_smtp_connection_and_only_once(settings):
    users = [UserFactory() for _ in range(5)]
    broadcast = _notify_update(*users)
    services.broadcast_fan_out_batch(broadcast_id=broadcast.pk)
    services.broadcast_email_batch(broadcast_id=broadcast.pk)
    ids = list(OutboundEmail.objects.values_list("pk", flat=True))
    with LocalSMTPServer() as smtp:
        smtp.handler.__class__ = _ConnectionCountingHandler
        smtp.handler.peers = []
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        assert email_send_batch(email_ids=ids) == 5
        assert email_send_batch(email_ids=ids) == 0, "a re-run sends nothing again"
    assert sorted(m["To"] for m in smtp.messages) == sorted(u.email for u in users)
    assert len(set(smtp.handler.peers)) == 1, "one SMTP session for the whole batch"
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}
    assert smtp.messages[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_unsubscribe_page_speaks_the_language_of_the_email_not_of_the_browser(client):
    user = UserFactory(preferred_language="zh-hans")
    path = urlsplit(services.unsubscribe_url(user_id=user.pk, kind=Kind.TASK_DUE)).path
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "不再接收关于“成员任务即将到期”的邮件？" in page
