"""Answers to submissions: the one-time response link and checks on what an outside party uploads."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
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
