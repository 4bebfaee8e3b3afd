"""Email backends (one .eml file per message under var/mail/ for the embedded default; SMTP with messages
written by the standard library's faster MIME classes), and what sending needs to know about answers and
limits."""

from __future__ import annotations

import base64
import email.policy
import re
import smtplib
import time
import uuid
from email.header import Header
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from functools import lru_cache, partial
from pathlib import Path

from anymail.exceptions import AnymailRecipientsRefused
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, file_path: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            tmp = self.directory / f".{name}.tmp"
            tmp.write_bytes(message.message().as_bytes())
            tmp.rename(self.directory / name)  # readers never see half a message
            sent += 1
        return sent


# An address nothing in it needs parsing: its envelope form is itself (Django's prep_address parses every
# address with the email package's header parser, 0.2 ms each; a fan-out's are all like this).
_SIMPLE_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def _plain_shape(message: EmailMessage) -> bool:
    """What the portal sends: a text body, perhaps one HTML alternative, no attachments, ASCII addresses and
    header values (a subject and a sender's name may be Chinese)."""
    alternatives = getattr(message, "alternatives", [])
    return (
        not message.attachments
        and message.content_subtype == "plain"
        and len(alternatives) <= 1
        and all(alt[1] == "text/html" for alt in alternatives)
        and all(a.isascii() for a in (*message.to, *message.cc, *message.reply_to))
        and all(str(v).isascii() and "\n" not in str(v) for v in message.extra_headers.values())
        and not {k.lower() for k in message.extra_headers} & {"from", "to", "cc", "reply-to", "bcc"}
    )


def message_bytes(message: EmailMessage) -> bytes:
    """The message as sent over SMTP. The portal's own shape (`_plain_shape`) is written here directly: its
    headers are ASCII or one encoded subject, its parts base64 UTF-8, as `email.mime.text.MIMEText` writes
    them, without the generator's folding of every header (which made writing a message 0.6 of the 1.4 ms
    of CPU a notification email cost the mail worker: docs/bench.md). Anything else (attachments, an
    unusual header) goes through Django's own `message()`."""
    if not _plain_shape(message):
        return message.message(policy=email.policy.SMTP).as_bytes()
    names = {key.lower() for key in message.extra_headers}
    sender = _from_header(str(message.from_email))
    headers = [f"Subject: {_subject_header(str(message.subject))}", f"From: {sender}"]
    headers.append(f"To: {', '.join(message.to)}")
    if message.cc:
        headers.append(f"Cc: {', '.join(message.cc)}")
    if message.reply_to:
        headers.append(f"Reply-To: {', '.join(message.reply_to)}")
    if "date" not in names:
        headers.append(
            "Date: "
            + formatdate(localtime=settings.EMAIL_USE_LOCALTIME, usegmt=not settings.EMAIL_USE_LOCALTIME)
        )
    if "message-id" not in names:
        headers.append(f"Message-ID: {make_msgid(domain=_sender_domain(sender))}")
    headers += [f"{key}: {value}" for key, value in message.extra_headers.items()]
    head = "\r\n".join(headers).encode("ascii") + b"\r\n"
    text = _utf8_part("plain", message.body)
    if not message.alternatives:
        return head + text
    boundary = f"=_{uuid.uuid4().hex}".encode("ascii")  # "=_" never occurs in base64
    html = _utf8_part("html", message.alternatives[0][0])
    return b"".join(
        [
            head,
            b'Content-Type: multipart/alternative; boundary="' + boundary + b'"\r\n',
            b"MIME-Version: 1.0\r\n\r\n",
            b"--" + boundary + b"\r\n" + text + b"\r\n",
            b"--" + boundary + b"\r\n" + html + b"\r\n",
            b"--" + boundary + b"--\r\n",
        ]
    )


def _utf8_part(subtype: str, content: str) -> bytes:
    """A text part as `MIMEText(content, subtype, "utf-8")` writes it: base64 lines of 76 characters."""
    body = base64.encodebytes(content.encode("utf-8")).replace(b"\n", b"\r\n")
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\nMIME-Version: 1.0\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
    ).encode("ascii") + body


@lru_cache(maxsize=256)
def _subject_header(subject: str) -> str:
    """One line; a Chinese subject as encoded words of at most 76 characters (a fan-out's emails share one)."""
    subject = " ".join(subject.split())
    return subject if subject.isascii() else Header(subject, "utf-8").encode(linesep="\r\n", maxlinelen=76)


@lru_cache(maxsize=16)
def _from_header(from_email: str) -> str:
    name, address = parseaddr(from_email)
    return formataddr((name, address), charset="utf-8")  # a Chinese name as one short encoded word


@lru_cache(maxsize=16)
def _sender_domain(sender: str) -> str | None:
    return parseaddr(sender)[1].rpartition("@")[2] or None


def outbound_message_id(email_id: int) -> str:
    """The Message-ID of one queued email, the same on every try. A worker killed after the server accepted
    an email and before its sent mark committed sends it again on the next claim; with the same Message-ID the
    recipient's mail service can tell it is the one it has (as a filing's `stable_message_id` does). Keyed, so
    it does not tell how many emails the portal has sent."""
    key = salted_hmac("tongsu.outbound-message-id", str(email_id)).hexdigest()[:32]
    return f"<outbound-{key}@{_sender_domain(settings.DEFAULT_FROM_EMAIL) or 'localhost'}>"


class SMTPBackend(DjangoSMTPBackend):
    """Django's SMTP backend (its settings, TLS, login, one session per open()/close()), writing each
    message with `message_bytes`. Where most of a fan-out's sending CPU went: see docs/bench.md."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.envelopes: dict[str, str] = {}  # the sender's envelope address, parsed once per connection

    def envelope_address(self, address: str) -> str:
        """`prep_address`, without parsing an address that is plainly an addr-spec already."""
        if _SIMPLE_ADDRESS.fullmatch(address):
            return address
        if address not in self.envelopes:
            self.envelopes[address] = self.prep_address(address)
        return self.envelopes[address]

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        created = self.open()
        if not self.connection or created is None:
            return 0  # failed silently on open()
        sent = 0
        try:
            for message in email_messages:
                recipients = [self.envelope_address(a) for a in message.recipients()]
                if not recipients:
                    continue
                sender = self.envelope_address(message.from_email)
                try:
                    self.connection.sendmail(sender, recipients, message_bytes(message))
                except smtplib.SMTPException:
                    if not self.fail_silently:
                        raise
                    continue
                sent += 1
        finally:
            if created:
                self.close()
        return sent


def mail_files_directory() -> Path | None:
    """The embedded outbox, when mail goes to .eml files (it holds personal data: addresses, codes, names)."""
    if settings.EMAIL_BACKEND != "complaints.core.mail.EmlFileBackend":
        return None
    return Path(settings.EMAIL_FILE_PATH)


def mail_files_delete_for(addresses: list[str]) -> int:
    """Delete every outbox file that names one of ``addresses`` (an erased account's); returns how many."""
    directory = mail_files_directory()
    needles = [a.lower().encode() for a in addresses if a]
    if directory is None or not needles or not directory.is_dir():
        return 0
    deleted = 0
    for path in directory.glob("*.eml"):
        try:
            data = path.read_bytes().lower()
        except OSError:
            continue
        if any(needle in data for needle in needles):
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def mail_files_sweep(*, days: int | None = None) -> int:
    """Delete outbox files older than TONGSU_MAIL_FILES_DAYS (0 keeps them); returns how many."""
    days = settings.TONGSU_MAIL_FILES_DAYS if days is None else days
    directory = mail_files_directory()
    if not days or directory is None or not directory.is_dir():
        return 0
    cutoff = timezone.now().timestamp() - days * 86400
    deleted = 0
    for path in directory.glob("*.eml"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
        except OSError:
            continue
    return deleted


def mail_files_erase(user) -> None:
    """Privacy participant: once the erasure commits, the outbox files that name the person go too."""
    from allauth.account.models import EmailAddress

    addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    addresses.discard(None)
    addresses.discard("")
    if addresses:
        transaction.on_commit(partial(mail_files_delete_for, sorted(addresses)))


def is_permanent(exc: BaseException) -> bool:
    """A 5xx answer (no such mailbox, rejected as spam) will not change on a retry; 4xx and lost
    connections are temporary. Anymail's refused recipients are permanent too."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return isinstance(exc, AnymailRecipientsRefused)


def wait_for_send_slot() -> None:
    """Keep to TONGSU_EMAIL_RATE_PER_SECOND across every worker: one counter per second in the shared cache."""
    rate = settings.TONGSU_EMAIL_RATE_PER_SECOND
    while rate:
        now = time.time()
        key = f"email-rate:{int(now)}"
        cache.add(key, 0, timeout=10)
        try:
            if cache.incr(key) <= rate:
                return
        except ValueError:  # the key expired between add and incr: try the next second's counter
            continue
        time.sleep(max(0.001, int(now) + 1 - now))
