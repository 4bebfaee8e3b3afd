"""Answers by email: a regulator replies to filing+<token>@ and the members see the answer.

Real SMTP to the receiver (aiosmtpd on a free port, smtplib as the regulator's server), and the provider's
inbound webhook as a real HTTP POST of Postmark's inbound payload through anymail.
"""

from __future__ import annotations

import base64
import json
import signal
import smtplib
import socket
import subprocess
import sys
import time
from email.message import EmailMessage

import pytest
from django.urls import reverse
from django.utils import translation

from complaints.core.models import AuditEvent, OutboundEmail
from complaints.evidence.models import private_storage
from complaints.filings import services
from complaints.filings.inbound import message_read, trim_quoted
from complaints.filings.models import InboundEmail, Response
from complaints.filings.responses import sender_is_regulator
from complaints.filings.smtp import inbound_controller
from complaints.moderation.audit_text import sentence
from complaints.notifications.models import Broadcast
from tests.factories import RegulatorFactory, UserFactory
from tests.filings.conftest import approved_filing, pdf_bytes
from tests.processes import ROOT, child_env
from tests.smtp import free_port

SECRET = "postmark:inbound-horse-battery"
ANSWER = "已收到贵方投诉，我局已立案调查，将于15个工作日内答复。"
QUOTED = "\n\n在 2026年12月1日 周二 10:00，同诉 <noreply@tongsu.localhost> 写道：\n> 集体投诉文书\n> 成员 #17"


@pytest.fixture
def submission(campaign, organizer, member, regulator, moderator):
    regulator.channel = "postal"
    regulator.postal_address = "北京"
    regulator.save()
    filing = approved_filing(campaign, organizer, regulator, moderator)
    submission = services.filing_submit(actor=organizer.user, filing=filing)
    services.submission_send(submission_id=submission.pk)
    submission.refresh_from_db()
    return services.submission_record_tracking(
        actor=organizer.user, submission=submission, tracking_number="EMS"
    )


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}


def reply(
    submission,
    *,
    sender: str | None = None,
    text: str = ANSWER + QUOTED,
    message_id: str = "<a1@gov.example>",
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"投诉处理科 <{sender or submission.regulator.email}>"
    message["To"] = submission.reply_to
    message["Subject"] = "回复：集体投诉"
    message["Message-ID"] = message_id
    message.set_content(text)
    return message


def postmark_inbound(client, *, sender: str, to: str, text: str, message_id: str, attachments=(), headers=()):
    """POST what Postmark's inbound webhook sends (developer docs, inbound webhook), with basic auth."""
    payload = {
        "FromFull": {"Email": sender, "Name": "投诉处理科"},
        "ToFull": [{"Email": to, "Name": ""}],
        "OriginalRecipient": to,
        "Subject": "回复：集体投诉",
        "MessageID": "22c74902-a0c1-4511-804f-341342852c90",
        "TextBody": text,
        "Headers": [
            {"Name": "Return-Path", "Value": f"<{sender}>"},
            {"Name": "Message-ID", "Value": message_id},
        ]
        + [{"Name": name, "Value": value} for name, value in headers],
        "Attachments": [
            {
                "Name": name,
                "Content": base64.b64encode(data).decode(),
                "ContentType": kind,
                "ContentLength": 1,
            }
            for name, data, kind in attachments
        ],
    }
    return client.post(
        reverse("anymail:postmark_inbound_webhook"),
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(SECRET.encode()).decode(),
    )


@pytest.mark.django_db(transaction=True)
def test_a_regulator_answers_by_smtp_and_members_see_the_answer(client, submission, member, campaign):
    controller = inbound_controller(host="127.0.0.1", port=free_port())
    controller.start()
    try:
        message = reply(submission)
        message.add_attachment(pdf_bytes(), maintype="application", subtype="pdf", filename="答复函.pdf")
        with smtplib.SMTP("127.0.0.1", controller.port, timeout=10) as smtp:
            refused = smtp.send_message(message)
            assert refused == {}
            with pytest.raises(smtplib.SMTPRecipientsRefused) as unknown:
                smtp.sendmail(
                    submission.regulator.email, ["filing+forged@tongsu.localhost"], b"Subject: x\r\n\r\nx"
                )
    finally:
        controller.stop()
    assert unknown.value.recipients["filing+forged@tongsu.localhost"][0] == 550
    response = Response.objects.get()
    assert response.source == Response.Source.EMAIL and response.submission == submission
    assert response.text == ANSWER, "the quoted filing below the answer is trimmed"
    assert response.attachment_type == "application/pdf" and "答复函" not in response.attachment.name
    assert Broadcast.objects.filter(kind="response_received").count() == 1
    client.force_login(member.user)
    assert ANSWER.encode() in client.get(campaign.get_absolute_url()).content
    client.force_login(UserFactory())
    file_url = reverse("filings:response_attachment", args=[submission.version.filing_id, response.pk])
    assert client.get(file_url).status_code == 404


def _wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("manage.py receive_mail did not start listening")


@pytest.mark.django_db(transaction=True)
def test_the_receive_mail_command_records_a_reply_and_stops_on_sigterm(submission):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "receive_mail", "--port", str(port)],
        cwd=ROOT,
        env=child_env(DJANGO_SETTINGS_MODULE="portal.settings"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for_port(port, process)
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.send_message(reply(submission, message_id="<cmd@gov.example>"))
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    assert Response.objects.get().text == ANSWER
    assert InboundEmail.objects.get().source == "smtp"


@pytest.mark.django_db
def test_the_provider_webhook_records_an_answer_once_per_message_id(client, submission):
    sent = dict(sender=submission.regulator.email, to=submission.reply_to, text=ANSWER, message_id="<m1@gov>")
    assert postmark_inbound(client, **sent).status_code == 200
    assert postmark_inbound(client, **sent).status_code == 200  # the provider retried
    assert Response.objects.get().text == ANSWER
    inbound = InboundEmail.objects.get()
    assert inbound.status == InboundEmail.Status.ACCEPTED and inbound.source == "postmark"
    assert Broadcast.objects.filter(kind="response_received").count() == 1
    forged = postmark_inbound(client, **sent | {"message_id": "<m2@gov>"}).status_code
    assert forged == 200 and Response.objects.count() == 2, "a second, different mail is a second answer"


@pytest.mark.django_db
def test_the_webhook_answers_nobody_without_the_secret(client, submission, settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": "postmark:another"}
    sent = dict(sender=submission.regulator.email, to=submission.reply_to, text=ANSWER, message_id="<m1@gov>")
    assert postmark_inbound(client, **sent).status_code == 400
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_an_unknown_address_gets_one_polite_reply_in_both_languages(client, submission):
    sent = dict(
        sender="clerk@gov.example", to="filing+gone@tongsu.localhost", text="请问？", message_id="<u1@x>"
    )
    assert postmark_inbound(client, **sent).status_code == 200
    assert postmark_inbound(client, **sent | {"message_id": "<u2@x>"}).status_code == 200
    bounce = OutboundEmail.objects.get()
    assert bounce.to == "clerk@gov.example", "one reply per sender a day, however often they write"
    assert "投诉文书" in bounce.subject and "filing" in bounce.subject
    assert "response link" in bounce.body_text and "答复链接" in bounce.body_text
    assert bounce.headers["Auto-Submitted"] == "auto-replied" and bounce.headers["In-Reply-To"] == "<u1@x>"
    robot = sent | {"sender": "noreply@shop.example", "message_id": "<u3@x>"}
    assert postmark_inbound(client, **robot, headers=[("Auto-Submitted", "auto-replied")]).status_code == 200
    assert OutboundEmail.objects.count() == 1, "robots and bounces get no reply: no backscatter"
    assert not InboundEmail.objects.exists() and not Response.objects.exists()


@pytest.mark.django_db
def test_the_polite_replies_stop_at_the_hourly_limit(client, submission, settings):
    settings.TONGSU_INBOUND_BOUNCES_PER_HOUR = 2
    for n in range(4):
        sent = dict(
            sender=f"p{n}@spam.example", to="filing+x@tongsu.localhost", text="x", message_id=f"<{n}@s>"
        )
        postmark_inbound(client, **sent)
    assert OutboundEmail.objects.count() == 2


@pytest.mark.django_db
def test_a_reply_from_another_sender_waits_for_a_moderator(client, submission, member, campaign, moderator):
    sent = dict(
        sender="impostor@evil.example", to=submission.reply_to, text="已全额退款。", message_id="<e1@x>"
    )
    assert postmark_inbound(client, **sent).status_code == 200
    assert not Response.objects.exists()
    inbound = InboundEmail.objects.get(status=InboundEmail.Status.HELD)
    assert Broadcast.objects.filter(kind="moderation_waiting").exists()
    client.force_login(member.user)
    assert "已全额退款".encode() not in client.get(campaign.get_absolute_url()).content
    decide = reverse("filings:inbound_decide", args=[inbound.pk])
    assert client.get(reverse("filings:inbound_held")).status_code == 403
    assert client.get(decide).status_code == 404
    client.force_login(moderator)
    assert "impostor@evil.example" in client.get(reverse("filings:inbound_held")).content.decode()
    assert client.post(decide, {"decision": "release", "reason": ""}).status_code == 200  # a reason is needed
    assert (
        client.post(decide, {"decision": "release", "reason": "电话核实：确为该局工作人员"}).status_code
        == 302
    )
    inbound.refresh_from_db()
    assert inbound.status == InboundEmail.Status.RELEASED and inbound.text == ""
    assert inbound.response.text == "已全额退款。" and inbound.response.recorded_by == moderator
    release = AuditEvent.objects.get(action="inbound_email.release", actor=moderator)
    with translation.override("en"):
        assert "as the regulator's answer" in sentence(release) and sentence(release).startswith("Moderator")
    client.force_login(member.user)
    assert "已全额退款".encode() in client.get(campaign.get_absolute_url()).content


@pytest.mark.django_db
def test_a_moderator_discards_a_held_reply_and_its_text_is_gone(
    client, submission, moderator, django_capture_on_commit_callbacks
):
    exe = ("退款.pdf", b"MZ\x90\x00 disguised program", "application/pdf")
    image = ("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "image/png")
    sent = dict(sender="x@evil.example", to=submission.reply_to, text="点此领取退款", message_id="<e2@x>")
    postmark_inbound(client, **sent, attachments=[exe, image])
    inbound = InboundEmail.objects.get()
    assert inbound.attachment_type == "image/png" and inbound.attachments_refused == 1
    held_file = inbound.attachment.name
    client.force_login(moderator)
    decide = reverse("filings:inbound_decide", args=[inbound.pk])
    assert private_storage.exists(held_file)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(decide, {"decision": "discard", "reason": "钓鱼邮件"}).status_code == 302
    inbound.refresh_from_db()
    assert inbound.status == InboundEmail.Status.DISCARDED and inbound.text == "" and not inbound.attachment
    assert not Response.objects.exists()
    assert not private_storage.exists(held_file)


@pytest.mark.django_db
def test_a_disguised_program_is_refused_and_the_answer_kept(client, submission):
    exe = ("答复.pdf", b"MZ\x90\x00 this program is not a pdf", "application/pdf")
    sent = dict(sender=submission.regulator.email, to=submission.reply_to, text=ANSWER, message_id="<h1@x>")
    assert postmark_inbound(client, **sent, attachments=[exe]).status_code == 200
    response = Response.objects.get()
    assert response.text == ANSWER and not response.attachment and response.attachment_type == ""
    assert InboundEmail.objects.get().attachments_refused == 1
    folder = f"responses/{submission.pk}"
    assert not private_storage.exists(folder) or private_storage.listdir(folder)[1] == []


def test_quoted_text_below_an_answer_is_trimmed():
    assert trim_quoted(ANSWER + QUOTED) == ANSWER
    outlook = "We refunded all members.\r\n\r\n-----Original Message-----\r\nFrom: Tongsu\r\nfiling text"
    assert trim_quoted(outlook) == "We refunded all members."
    gmail = "Received.\n\nOn Tue, 1 Dec 2026 at 10:00, Tongsu <noreply@tongsu.localhost> wrote:\n> text"
    assert trim_quoted(gmail) == "Received."
    assert trim_quoted("> only a quote") == ""


@pytest.mark.django_db
def test_the_sender_must_be_the_regulator_on_file():
    office = RegulatorFactory(email="tousu@samr.gov.example")
    assert sender_is_regulator(office, "TOUSU@samr.gov.example")
    assert sender_is_regulator(office, "zhang@samr.gov.example")
    assert sender_is_regulator(office, "zhang@bj.samr.gov.example")
    assert not sender_is_regulator(office, "zhang@samr.gov.example.evil.example")
    assert not sender_is_regulator(office, "zhang@notsamr.gov.example")
    public = RegulatorFactory(email="xiaoxie12315@qq.com")
    assert sender_is_regulator(public, "xiaoxie12315@qq.com")
    assert not sender_is_regulator(public, "anyone@qq.com"), "a public mailbox: only the very address"
    assert not sender_is_regulator(RegulatorFactory(email=""), "anyone@gov.example")


def test_an_html_reply_is_read_as_text_and_a_signature_logo_is_no_attachment():
    message = EmailMessage()
    message["From"] = "Clerk <CLERK@Gov.example>"
    message["To"] = "filing+abc@tongsu.localhost"
    message["Message-ID"] = "<h@gov.example>"
    message.set_content("<p>我会已受理。</p><div>此致</div><blockquote>引用</blockquote>", subtype="html")
    message.add_related(b"\x89PNG\r\n\x1a\n" + b"0" * 32, maintype="image", subtype="png", cid="<logo>")
    read = message_read(message)
    assert read.text.startswith("我会已受理。\n此致") and read.attachments == ()
    assert read.sender == read.reply_address == "clerk@gov.example" and not read.automatic
    assert read.recipients == ("filing+abc@tongsu.localhost",)
    bounce = message_read(message, envelope_sender="")
    assert bounce.automatic, "a message with an empty envelope sender is a bounce: never answered"


@pytest.mark.django_db
def test_an_answer_that_is_only_a_pdf_is_recorded(client, submission):
    letter = ("答复函.pdf", pdf_bytes(), "application/pdf")
    sent = dict(sender=submission.regulator.email, to=submission.reply_to, text="", message_id="<p1@gov>")
    assert postmark_inbound(client, **sent, attachments=[letter]).status_code == 200
    response = Response.objects.get()
    assert response.attachment_type == "application/pdf" and "见附件" in response.text


@pytest.mark.django_db
def test_the_moderation_console_counts_held_replies(client, submission, moderator):
    sent = dict(sender="someone@else.example", to=submission.reply_to, text="答复", message_id="<q1@x>")
    postmark_inbound(client, **sent)
    client.force_login(moderator)
    page = client.get(reverse("moderation:index")).content.decode()
    assert "Answers by email from an unknown sender" in page or "来自未知发件人的邮件答复" in page
    assert reverse("filings:inbound_held") in page
