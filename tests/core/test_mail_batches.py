"""Emails go out in batches: one claim per batch, one SMTP session, each email at most once; a mailbox the
server refuses for good is marked failed at once, a server that says "later" is left alone for a while,
and the provider's rate limit holds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.utils import timezone

from complaints.core.models import OutboundEmail
from complaints.core.services import EmailDraft, email_queue_many, email_send_batch
from tests.smtp import LocalSMTPServer

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["complaints.core.mail.SMTPBackend", "django.core.mail.backends.smtp.EmailBackend"])
def smtp(settings, request):
    """The portal's SMTP backend (EMAIL_URL=smtp://...), and Django's own, which must behave the same."""
    with LocalSMTPServer() as server:
        settings.EMAIL_BACKEND = request.param
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield server


def queue(*addresses: str) -> list[int]:
    drafts = [EmailDraft(to=a, subject=f"Update for {a}", body_text="A new update.") for a in addresses]
    return email_queue_many(drafts=drafts)


def status_of(address: str) -> OutboundEmail:
    return OutboundEmail.objects.get(to=address)


def test_a_mailbox_refused_for_good_is_marked_failed_and_the_others_still_go(smtp):
    smtp.handler.refuse["gone@example.org"] = "550 5.1.1 No such user"
    ids = queue("a@example.org", "gone@example.org", "c@example.org")

    assert email_send_batch(email_ids=ids) == 2
    assert sorted(m["To"] for m in smtp.messages) == ["a@example.org", "c@example.org"]
    gone = status_of("gone@example.org")
    assert gone.status == OutboundEmail.Status.FAILED and gone.attempts == 1
    assert "550" in gone.last_error and "No such user" in gone.last_error

    assert email_send_batch(email_ids=ids) == 0, "nothing is sent twice and the refused one is not retried"
    assert len(smtp.messages) == 2


def test_a_temporary_refusal_puts_the_rest_of_the_batch_back_for_a_later_retry(smtp):
    smtp.handler.refuse["busy@example.org"] = "451 4.7.1 Try again later"
    ids = queue("a@example.org", "busy@example.org", "c@example.org")

    with pytest.raises(OSError, match="451"):  # the task retries it with backoff
        email_send_batch(email_ids=ids)
    assert [m["To"] for m in smtp.messages] == ["a@example.org"], "after a 4xx the batch waits"
    busy, waiting = status_of("busy@example.org"), status_of("c@example.org")
    assert busy.status == OutboundEmail.Status.PENDING and busy.attempts == 1 and "451" in busy.last_error
    assert waiting.status == OutboundEmail.Status.PENDING and waiting.attempts == 0, (
        "not tried, no attempt used"
    )

    smtp.handler.refuse.clear()
    assert email_send_batch(email_ids=ids) == 2
    assert sorted(m["To"] for m in smtp.messages) == ["a@example.org", "busy@example.org", "c@example.org"]
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}


def test_an_unreachable_server_uses_no_attempt_and_loses_nothing(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on the discard port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    ids = queue("a@example.org", "b@example.org")

    with pytest.raises(OSError):
        email_send_batch(email_ids=ids)
    assert list(OutboundEmail.objects.values_list("status", "attempts")) == [("pending", 0), ("pending", 0)]


def test_the_providers_rate_limit_holds_across_a_batch(smtp, settings):
    settings.TONGSU_EMAIL_RATE_PER_SECOND = 4
    ids = queue(*[f"m{i}@example.org" for i in range(13)])

    assert email_send_batch(email_ids=ids) == 13
    times = smtp.handler.received_at
    # 13 messages at 4 a second need four one-second slots: the last is sent at least two seconds after the
    # first, so even with the first one's arrival late on a loaded machine it arrives a second after it.
    assert times[-1] - times[0] >= 1.0
    assert all(times[i + 4] - times[i] > 0 for i in range(len(times) - 4))


def test_an_email_sent_again_after_a_lost_sent_mark_carries_the_same_message_id(smtp):
    """A worker killed after the server accepted an email, before its mark committed, leaves the row to be
    sent again; the recipient's mail service can tell the second copy is the same email."""
    ids = queue("a@example.org", "b@example.org")
    assert email_send_batch(email_ids=ids) == 2
    # What the killed worker leaves behind: the email accepted, the row still claimed, its heartbeat stale.
    OutboundEmail.objects.filter(to="a@example.org").update(
        status=OutboundEmail.Status.SENDING, updated_at=timezone.now() - timedelta(hours=1)
    )
    assert email_send_batch(email_ids=ids) == 1, "only the unmarked one goes again"

    first, other, again = smtp.messages
    assert first["To"] == again["To"] == "a@example.org"
    assert again["Message-ID"] == first["Message-ID"], "the same email, recognizably"
    assert other["Message-ID"] != first["Message-ID"]
    assert first["Message-ID"].endswith("@tongsu.localhost>")
    assert f"-{ids[0]}@" not in first["Message-ID"], "keyed: it does not count the portal's emails"


LONG_LINK = (
    "http://127.0.0.1:8000/notifications/unsubscribe/WzUsImZpbGluZ19zdWJtaXR0ZWQiXQ:1xa7T8:EgmJMtaDHdLJ/"
)


def test_what_a_mail_client_reads_is_what_was_queued(smtp):
    drafts = [
        EmailDraft(
            to="member@example.org",
            subject="【同诉】集体投诉有新进展：材料已提交，请查看并确认你的案件信息是否完整",
            body_text="你好，\n材料已提交。\n退订：http://127.0.0.1:8000/u/abc",
            body_html="<p>你好，材料已提交。</p>",
            headers={"List-Unsubscribe": f"<{LONG_LINK}>", "List-Unsubscribe-Post": "x=1"},
        )
    ]
    assert email_send_batch(email_ids=email_queue_many(drafts=drafts)) == 1

    (message,) = smtp.messages
    assert str(message["Subject"]) == "【同诉】集体投诉有新进展：材料已提交，请查看并确认你的案件信息是否完整"
    assert message["From"].addresses[0].display_name == "同诉 Tongsu"
    assert message["From"].addresses[0].addr_spec == "noreply@tongsu.localhost"
    assert message["To"] == "member@example.org"
    assert message["List-Unsubscribe"] == f"<{LONG_LINK}>", (
        "a long link arrives whole, with nothing before it"
    )
    assert message["Date"] and "@" in message["Message-ID"]
    assert message.get_body(("plain",)).get_content().splitlines()[1] == "材料已提交。"
    assert message.get_body(("html",)).get_content().strip() == "<p>你好，材料已提交。</p>"


def test_a_message_with_an_attachment_or_a_chinese_address_still_arrives_whole(smtp):
    with_file = EmailMessage(
        "Filing 投诉文书", "见附件。", "同诉 <noreply@tongsu.localhost>", ["regulator@example.gov"]
    )
    with_file.attach("filing.pdf", b"%PDF-1.4 stand-in", "application/pdf")
    named = EmailMultiAlternatives("Hi", "text", "noreply@tongsu.localhost", ["张三 <zs@example.org>"])
    named.attach_alternative("<b>text</b>", "text/html")

    mailers = getattr(mail, "mailers", None)  # Django 6.1: named mailers; 6.0: get_connection()
    connection = mailers.default if mailers is not None else mail.get_connection()
    assert connection.send_messages([with_file, named]) == 2
    first, second = smtp.messages
    attachment = next(first.iter_attachments())
    assert attachment.get_filename() == "filing.pdf" and attachment.get_content() == b"%PDF-1.4 stand-in"
    assert str(first["Subject"]) == "Filing 投诉文书"
    assert second["To"].addresses[0].display_name == "张三"
    assert second.get_body(("html",)).get_content().strip() == "<b>text</b>"


def test_with_a_mail_providers_api_configured_its_anymail_backend_sends_the_batch(settings, mailoutbox):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"  # anymail's own ESP stand-in
    ids = queue("a@example.org", "b@example.org")

    assert email_send_batch(email_ids=ids) == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@example.org"]
    assert all(m.anymail_status.status == {"sent"} for m in mailoutbox), "the provider's answer was read"
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}
    assert email_send_batch(email_ids=ids) == 0, "nothing is sent twice"
