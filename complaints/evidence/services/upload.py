"""Upload: check each file now, store what is accepted, queue it for the anonymizer."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Protocol

from django.db import transaction
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from complaints.accounts.models import User
from complaints.campaigns.models import Membership
from complaints.core.services import audit_record
from complaints.evidence import conf
from complaints.evidence.files import EXTENSIONS, delete_files, safe_display_name, store
from complaints.evidence.models import EvidenceItem, category_for_kind
from complaints.evidence.pipeline import Kind, RejectedFile
from complaints.evidence.pipeline.sniff import reject, sniff_kind, validate
from complaints.evidence.services.common import DuplicateUpload, EvidenceError, enqueue_processing


class UploadedFileLike(Protocol):
    name: str
    size: int

    def read(self, size: int = -1) -> bytes: ...


@dataclass
class UploadOutcome:
    items: list[EvidenceItem] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (display name, why)
    duplicates: list[tuple[str, EvidenceItem]] = field(default_factory=list)  # (display name, the one kept)


def _read_upload(upload: UploadedFileLike, max_bytes: int) -> bytes:
    # Checked before reading, so a huge upload is never loaded into memory.
    if upload.size is not None and upload.size > max_bytes:
        raise reject("too_large")
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise reject("too_large")
    return data


def _quota_message() -> str:
    return _(
        "Your evidence storage is full (at most %(count)s files and %(size)s in all). "
        "Delete items you no longer need, then upload again."
    ) % {"count": conf.quota_items(), "size": filesizeformat(conf.quota_bytes())}


def _create_item(
    *, actor: User, membership: Membership, name: str, kind: Kind, data: bytes, category: str,
    document_date: date | None,
) -> EvidenceItem:  # fmt: skip
    with transaction.atomic():
        # One person's uploads are serialized, so two requests cannot both squeeze under the quota.
        User.objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True).first()
        usage = EvidenceItem.objects.filter(owner=actor).aggregate(count=Count("id"), size=Sum("size"))
        digest = hashlib.sha256(data).hexdigest()
        existing = (
            EvidenceItem.objects.filter(
                owner=actor, campaign_id=membership.campaign_id, sha256_original=digest
            )
            .order_by("created_at", "pk")
            .first()
        )
        if existing is not None:
            raise DuplicateUpload(existing)
        if usage["count"] + 1 > conf.quota_items() or (usage["size"] or 0) + len(data) > conf.quota_bytes():
            raise EvidenceError(_quota_message())
        stored = store(data, EXTENSIONS[kind])
        try:
            item = EvidenceItem.objects.create(
                owner=actor,
                membership=membership,
                campaign_id=membership.campaign_id,
                original_name=name,
                kind=str(kind),
                category=category,
                document_date=document_date,
                size=len(data),
                sha256_original=digest,
                original=stored,
            )
        except BaseException:
            delete_files([stored])
            raise
        audit_record(
            actor=actor, action="evidence.upload", target=item, data={"kind": item.kind, "size": item.size}
        )
        transaction.on_commit(partial(enqueue_processing, item.pk))
    return item


def evidence_upload(
    *,
    actor: User,
    membership: Membership,
    files: Sequence[UploadedFileLike],
    category: str = "",
    document_date: date | None = None,
) -> UploadOutcome:
    """Check each file now (type, size, pixels, pages, quota), store the accepted ones and queue them.

    A rejected file gets its reason and leaves nothing behind; the others are still accepted. A file the
    person already has in this campaign is not stored again: the outcome names the one they have. Without a
    category chosen for all of them, each file gets its own from its type (a PDF is not a "screenshot").
    """
    if membership.user_id != actor.pk or not membership.is_active:
        raise EvidenceError(_("Join the campaign again to add evidence."))
    limits = conf.limits()
    outcome = UploadOutcome()
    for upload in list(files)[: conf.max_files_per_upload()]:
        name = safe_display_name(upload.name)
        try:
            data = _read_upload(upload, limits.max_bytes)
            kind = sniff_kind(data)
            validate(data, kind, limits)
        except RejectedFile as exc:
            outcome.rejected.append((name, str(exc.message)))
            continue
        try:
            item = _create_item(
                actor=actor, membership=membership, name=name, kind=kind, data=data,
                category=category if category in EvidenceItem.Category.values else category_for_kind(kind),
                document_date=document_date,
            )  # fmt: skip
        except DuplicateUpload as exc:
            outcome.duplicates.append((name, exc.existing))
            continue
        except EvidenceError as exc:
            outcome.rejected.append((name, str(exc)))
            continue
        outcome.items.append(item)
    return outcome


def evidence_usage(user: User) -> tuple[int, int]:
    usage = EvidenceItem.objects.filter(owner=user).aggregate(count=Count("id"), size=Sum("size"))
    return usage["count"], usage["size"] or 0
