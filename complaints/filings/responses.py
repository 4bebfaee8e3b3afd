"""Answers to submissions: the one-time response link and checks on what an outside party uploads."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.filings import models

SALT = "complaints.filings.response-link"
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Magic bytes of what we accept: never trust the name or the browser's content type.
ALLOWED_TYPES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def link_days() -> int:
    return int(getattr(settings, "TONGSU_RESPONSE_LINK_DAYS", 120))


def response_link_token(submission: models.Submission) -> str:
    return signing.dumps({"t": submission.response_token}, salt=SALT, compress=False)


def submission_for_link(token: str) -> models.Submission | None:
    """The submission a link belongs to, or None when the link is forged, expired or already used."""
    try:
        data = signing.loads(token, salt=SALT, max_age=link_days() * 86400)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return (
        models.Submission.objects.select_related("version__filing__campaign", "regulator")
        .filter(response_token=str(data.get("t", "")), response_link_used_at__isnull=True)
        .exclude(status__in=[models.Submission.Status.QUEUED, models.Submission.Status.FAILED])
        .first()
    )


VERIFY_SALT = "complaints.filings.verify-link"


def verify_link_token(submission: models.Submission) -> str:
    """The party's own link to verify members' purchases: reachable from the answer link, and still working
    after the answer (which uses the answer link up), until the answer link would have expired."""
    return signing.dumps({"v": submission.response_token}, salt=VERIFY_SALT, compress=False)


def link_expired(submission: models.Submission) -> bool:
    # The answer link is signed when its email is written, just after the submission row exists: counting
    # from the row's creation, the verification link never outlives the answer link.
    return timezone.now() > submission.created_at + timedelta(days=link_days())


def submission_for_verify(token: str) -> models.Submission | None:
    """The submission a verification link belongs to, or None when it is forged or expired."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT)
    except signing.BadSignature:
        return None
    submission = (
        models.Submission.objects.select_related("version__filing__campaign", "regulator")
        .filter(response_token=str(data.get("v", "")))
        .exclude(status__in=[models.Submission.Status.QUEUED, models.Submission.Status.FAILED])
        .first()
    )
    if submission is None or link_expired(submission):
        return None
    return submission


def check_attachment(upload) -> str:
    """Size and real type of an uploaded answer attachment; returns its content type."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type in ALLOWED_TYPES.items():
        if head.startswith(magic):
            return content_type
    raise ValidationError(_("Only PDF, PNG and JPEG files are accepted."))


def reply_token(recipient: str) -> str | None:
    """The token of filing+<token>@<our reply domain>, or None for any other address."""
    local, _at, domain = recipient.strip().strip("<>").rpartition("@")
    prefix, _plus, token = local.partition("+")
    if prefix.lower() != "filing" or not token or domain.lower() != models.reply_domain().lower():
        return None
    return token


def submission_for_reply_address(recipient: str) -> models.Submission | None:
    """The submission a reply address belongs to, or None: a reply to an unsent or failed one matches nothing."""
    token = reply_token(recipient)
    if token is None:
        return None
    return (
        models.Submission.objects.select_related("version__filing__campaign", "regulator")
        .filter(response_token=token)
        .exclude(status__in=[models.Submission.Status.QUEUED, models.Submission.Status.FAILED])
        .first()
    )


# Public mailboxes anyone can open: on these only the very address on file counts as the regulator.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "139.com", "sina.com", "sina.cn",
        "sohu.com", "aliyun.com", "gmail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
        "icloud.com",
    }
)  # fmt: skip


def sender_is_regulator(regulator: models.Regulator, sender: str) -> bool:
    """A reply's sender is the regulator on file: its very address, or an address on its own domain."""
    on_file, sender = regulator.email.strip().lower(), sender.strip().lower()
    if not on_file or not sender:
        return False
    if sender == on_file:
        return True
    domain, sender_domain = on_file.rpartition("@")[2], sender.rpartition("@")[2]
    if domain in PUBLIC_MAIL_DOMAINS:
        return False
    return sender_domain == domain or sender_domain.endswith("." + domain)
