"""Email backend for the embedded default (one .eml file per message under var/mail/), and what sending
needs to know about answers and limits."""

from __future__ import annotations

import smtplib
import time
import uuid
from functools import partial
from pathlib import Path

from anymail.exceptions import AnymailRecipientsRefused
from django.conf import settings
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone


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
