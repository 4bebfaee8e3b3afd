"""The owner's review: redactions they add or remove, the item's details, approval and consent, deletion."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.accounts.models import User
from complaints.core.review import moderators_notify
from complaints.core.services import audit_record
from complaints.evidence import rendering
from complaints.evidence.files import (
    EXTENSIONS,
    delete_after_commit,
    delete_files,
    file_names,
    read_file,
    store,
)
from complaints.evidence.models import MANUAL_TYPES, EvidenceItem
from complaints.evidence.pipeline import Kind
from complaints.evidence.services.common import EvidenceError, lock_item, move_evidence_count
from complaints.notifications.kinds import Kind as NotificationKind
from complaints.notifications.services import notifications_settle

MAX_BOXES = 1000
MIN_BOX_SIDE = 2.0


def _require_reviewable(item: EvidenceItem) -> None:
    if not item.is_reviewable:
        raise EvidenceError(_("This item cannot be changed now."))
    if not item.membership.is_active:
        raise EvidenceError(_("Join the campaign again to change your evidence."))


def _new_box_id(entries: Sequence[dict]) -> str:
    taken = {entry.get("id") for entry in entries}
    while True:
        candidate = secrets.token_hex(4)
        if candidate not in taken:
            return candidate


def _manual_type(value: str) -> str:
    return value if value in dict(MANUAL_TYPES) else "OWN_IDENTIFIER"


def _apply_redactions(
    *, actor: User, item: EvidenceItem, entries: list[dict], action: str, data: dict
) -> None:
    """Re-render the redacted file and thumbnail from the normalized file; the item is locked by the caller."""
    if len(entries) > MAX_BOXES:
        raise EvidenceError(_("This item has too many redactions."))
    kind = Kind(item.kind)
    redacted = rendering.render_redacted(read_file(item.normalized.name), kind, entries, lang=item.language)
    thumb = rendering.thumbnail(redacted, kind)
    new_redacted = store(redacted, EXTENSIONS[kind])
    new_thumb = store(thumb, "jpg") if thumb else ""
    old = [item.redacted.name, item.thumbnail.name]
    was_approved = item.status == EvidenceItem.Status.APPROVED
    item.boxes = entries
    item.redacted.name = new_redacted
    item.thumbnail.name = new_thumb
    item.sha256_redacted = hashlib.sha256(redacted).hexdigest()
    fields = ["boxes", "redacted", "thumbnail", "sha256_redacted", "updated_at"]
    if was_approved:
        # What the group saw has changed: the owner looks at it again and approves the new version.
        item.status = EvidenceItem.Status.NEEDS_REVIEW
        fields.append("status")
        move_evidence_count(item, -1)
    try:
        item.save(update_fields=fields)
    except BaseException:
        delete_files([new_redacted, new_thumb])
        raise
    delete_after_commit(old)
    audit_record(actor=actor, action=action, target=item, data=data)


def _check_surface_box(item: EvidenceItem, page: int, box: rendering.Box) -> rendering.Box:
    """The owner's rectangle checked against the picture, in the coordinates the redaction uses."""
    x0, y0, x1, y1 = box
    normalized = b""
    if item.is_image:
        width, height, page_ok = item.width or 0, item.height or 0, page == 1
    else:
        normalized = read_file(item.normalized.name)
        surfaces = rendering.pdf_surfaces(normalized)
        page_ok = 1 <= page <= len(surfaces)
        width, height = (surfaces[page - 1].width, surfaces[page - 1].height) if page_ok else (0, 0)
    inside = 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
    if not page_ok or not inside:
        raise EvidenceError(_("The box must lie inside the picture."))
    if x1 - x0 < MIN_BOX_SIDE or y1 - y0 < MIN_BOX_SIDE:
        raise EvidenceError(_("The box is too small. Drag over the part to hide."))
    if item.is_pdf:
        return rendering.preview_to_pdf(normalized, page, box)
    return box


def evidence_box_add(
    *, actor: User, item: EvidenceItem, page: int, box: rendering.Box, finding_type: str = ""
) -> EvidenceItem:
    """Black out one more rectangle the owner drew (picture pixels; a PDF page's preview pixels)."""
    if item.is_text:
        raise EvidenceError(_("Mark text to hide instead."))
    with transaction.atomic():
        item = lock_item(item.pk)
        _require_reviewable(item)
        stored_box = _check_surface_box(item, page, tuple(float(v) for v in box))
        entry = {
            "id": _new_box_id(item.boxes),
            "page": page,
            "box": [round(v, 2) for v in stored_box],
            "type": _manual_type(finding_type),
            "source": "manual",
        }
        _apply_redactions(
            actor=actor,
            item=item,
            entries=[*item.boxes, entry],
            action="evidence.box_add",
            data={"page": page},
        )
    return item


def text_spans(text: str, needle: str) -> list[list[int]]:
    """Every occurrence of the marked text, as [start, end) offsets."""
    spans: list[list[int]] = []
    if not needle:
        return spans
    start = text.find(needle)
    while start != -1:
        spans.append([start, start + len(needle)])
        start = text.find(needle, start + len(needle))
    return spans


def evidence_text_mark(*, actor: User, item: EvidenceItem, text: str, finding_type: str = "") -> EvidenceItem:
    """Hide every occurrence of a piece of text in a text item."""
    if not item.is_text:
        raise EvidenceError(_("Draw a box over the part to hide instead."))
    needle = text.strip("\r\n")
    if not needle.strip():
        raise EvidenceError(_("Mark or type the text to hide."))
    with transaction.atomic():
        item = lock_item(item.pk)
        _require_reviewable(item)
        spans = text_spans(read_file(item.normalized.name).decode("utf-8"), needle)
        if not spans:
            raise EvidenceError(_("This text does not appear in the file. Copy it exactly as it is written."))
        if len(spans) > MAX_BOXES:
            raise EvidenceError(_("This text appears too often. Mark a longer piece."))
        entry = {
            "id": _new_box_id(item.boxes),
            "spans": spans,
            "type": _manual_type(finding_type),
            "source": "manual",
        }
        _apply_redactions(
            actor=actor, item=item, entries=[*item.boxes, entry], action="evidence.text_mark",
            data={"occurrences": len(spans)},
        )  # fmt: skip
    return item


def evidence_box_remove(*, actor: User, item: EvidenceItem, box_id: str) -> EvidenceItem:
    """Take away a redaction the owner finds wrong (it hid an amount or a date)."""
    with transaction.atomic():
        item = lock_item(item.pk)
        _require_reviewable(item)
        entries = [entry for entry in item.boxes if entry.get("id") != box_id]
        if len(entries) == len(item.boxes):
            raise EvidenceError(_("This redaction is already gone."))
        removed = next(entry for entry in item.boxes if entry.get("id") == box_id)
        _apply_redactions(
            actor=actor, item=item, entries=entries, action="evidence.box_remove",
            data={"type": removed.get("type", ""), "source": removed.get("source", "")},
        )  # fmt: skip
    return item


def evidence_details_update(
    *, actor: User, item: EvidenceItem, category: str, document_date: date | None
) -> EvidenceItem:
    """The owner's description of the item: what it is and when it is from."""
    if category not in EvidenceItem.Category.values:
        raise EvidenceError(_("Choose what kind of evidence this is."))
    with transaction.atomic():
        item = lock_item(item.pk)
        item.category = category
        item.document_date = document_date
        item.save(update_fields=["category", "document_date", "updated_at"])
    return item


def evidence_approve(
    *, actor: User, item: EvidenceItem, share_with_group: bool, include_in_filings: bool
) -> EvidenceItem:
    """The owner approves the redacted version and says who may see it; also changes those choices later."""
    with transaction.atomic():
        item = lock_item(item.pk)
        _require_reviewable(item)
        now = timezone.now()
        newly = item.status != EvidenceItem.Status.APPROVED
        item.status = EvidenceItem.Status.APPROVED
        item.share_with_group = share_with_group
        item.include_in_filings = include_in_filings
        item.consent_updated_at = now
        if newly:
            item.approved_at = now
            move_evidence_count(item, +1)
        item.save(
            update_fields=["status", "share_with_group", "include_in_filings", "consent_updated_at", "approved_at",
                           "updated_at"]
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="evidence.approve" if newly else "evidence.consent",
            target=item,
            data={"share_with_group": share_with_group, "include_in_filings": include_in_filings},
        )
    # Reviewed: "your evidence is ready for your review" no longer asks the owner for anything.
    notifications_settle(
        target=item,
        kinds=[
            NotificationKind.EVIDENCE_PROCESSED,
            NotificationKind.EVIDENCE_NEEDS_REVIEW,
            NotificationKind.EVIDENCE_MODERATED,
        ],
        recipient_ids=[item.owner_id],
    )
    if item.needs_moderation:
        # Keyed by the last decision: an item sent back and approved again waits anew.
        last = item.moderated_at.isoformat() if item.moderated_at else "new"
        moderators_notify(actor=actor, queue="evidence", target=item, dedupe_key=f"evidence:{item.pk}:{last}")
    return item


def evidence_reject(*, actor: User, item: EvidenceItem) -> EvidenceItem:
    """The owner decides this item is not to be used; it stays private until they delete it."""
    with transaction.atomic():
        item = lock_item(item.pk)
        if item.status in (EvidenceItem.Status.RECEIVED, EvidenceItem.Status.PROCESSING):
            raise EvidenceError(_("Wait until the file is processed."))
        if item.status == EvidenceItem.Status.REJECTED:
            return item
        if item.status == EvidenceItem.Status.APPROVED:
            move_evidence_count(item, -1)
        item.status = EvidenceItem.Status.REJECTED
        item.share_with_group = item.include_in_filings = False
        item.consent_updated_at = timezone.now()
        item.save(
            update_fields=[
                "status",
                "share_with_group",
                "include_in_filings",
                "consent_updated_at",
                "updated_at",
            ]
        )
        audit_record(actor=actor, action="evidence.reject", target=item)
    return item


def evidence_delete(*, actor: User, item: EvidenceItem) -> None:
    """Delete an item and all its files: the owner's right, at any time."""
    with transaction.atomic():
        item = lock_item(item.pk)
        if item.status == EvidenceItem.Status.APPROVED:
            move_evidence_count(item, -1)
        audit_record(actor=actor, action="evidence.delete", target=item, data={"kind": item.kind})
        delete_after_commit(file_names(item))
        item.delete()
