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
