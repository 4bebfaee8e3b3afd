"""Services of the evidence app: upload, the owner's review and consent, reports and moderation.

Processing (the Celery task's work and the sweep) lives in `processing.py`; files in `files.py`.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Protocol

from django.core import signing
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.accounts.models import User
from complaints.campaigns.cache import roster_changed
from complaints.campaigns.models import Campaign, Membership
from complaints.core.services import audit_record
from complaints.evidence import conf, rendering
from complaints.evidence.files import (
    EXTENSIONS,
    delete_after_commit,
    delete_files,
    file_names,
    read_file,
    store,
)
from complaints.evidence.files import safe_display_name as safe_display_name
from complaints.evidence.models import MANUAL_TYPES, EvidenceItem, category_for_kind
from complaints.evidence.pipeline import Kind, RejectedFile
from complaints.evidence.pipeline.sniff import reject, sniff_kind, validate
from complaints.evidence.processing import evidence_process as evidence_process
from complaints.evidence.processing import evidence_sweep as evidence_sweep

logger = logging.getLogger(__name__)

MAX_BOXES = 1000
MIN_BOX_SIDE = 2.0
ORIGINAL_LINK_SECONDS = 120
_ORIGINAL_LINK_SALT = "evidence.original"


class EvidenceError(Exception):
    """A request the rules do not allow; the message is shown to the person."""


class DuplicateUpload(EvidenceError):
    """The person already has this very file (same SHA-256) in this campaign; it is not stored again."""

    def __init__(self, existing: EvidenceItem):
        super().__init__(existing.original_name)
        self.existing = existing


class UploadedFileLike(Protocol):
    name: str
    size: int

    def read(self, size: int = -1) -> bytes: ...


@dataclass
class UploadOutcome:
    items: list[EvidenceItem] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (display name, why)
    duplicates: list[tuple[str, EvidenceItem]] = field(default_factory=list)  # (display name, the one kept)


def _move_evidence_count(item: EvidenceItem, delta: int) -> None:
    # Membership.evidence_count counts approved items (the campaigns app reads it for completeness; the
    # member list shows it).
    if delta:
        Membership.objects.filter(pk=item.membership_id).update(evidence_count=F("evidence_count") + delta)
        roster_changed(item.campaign_id)


def _lock(item_pk: int) -> EvidenceItem:
    return EvidenceItem.objects.select_for_update().select_related("membership").get(pk=item_pk)


# --- Upload ----------------------------------------------------------------------------------------------------


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
        transaction.on_commit(partial(_enqueue, item.pk))
    return item


def _enqueue(item_pk: int) -> None:
    from complaints.evidence.tasks import evidence_process_task

    evidence_process_task.delay(item_pk)


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


# --- The owner's review ------------------------------------------------------------------------------------------


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
        _move_evidence_count(item, -1)
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
        item = _lock(item.pk)
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
        item = _lock(item.pk)
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
        item = _lock(item.pk)
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
        item = _lock(item.pk)
        item.category = category
        item.document_date = document_date
        item.save(update_fields=["category", "document_date", "updated_at"])
    return item


def evidence_approve(
    *, actor: User, item: EvidenceItem, share_with_group: bool, include_in_filings: bool
) -> EvidenceItem:
    """The owner approves the redacted version and says who may see it; also changes those choices later."""
    with transaction.atomic():
        item = _lock(item.pk)
        _require_reviewable(item)
        now = timezone.now()
        newly = item.status != EvidenceItem.Status.APPROVED
        item.status = EvidenceItem.Status.APPROVED
        item.share_with_group = share_with_group
        item.include_in_filings = include_in_filings
        item.consent_updated_at = now
        if newly:
            item.approved_at = now
            _move_evidence_count(item, +1)
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
    from complaints.notifications.kinds import Kind
    from complaints.notifications.services import notifications_settle

    # Reviewed: "your evidence is ready for your review" no longer asks the owner for anything.
    notifications_settle(
        target=item,
        kinds=[Kind.EVIDENCE_PROCESSED, Kind.EVIDENCE_NEEDS_REVIEW, Kind.EVIDENCE_MODERATED],
        recipient_ids=[item.owner_id],
    )
    if item.needs_moderation:
        from complaints.moderation.services import moderators_notify

        # Keyed by the last decision: an item sent back and approved again waits anew.
        last = item.moderated_at.isoformat() if item.moderated_at else "new"
        moderators_notify(actor=actor, queue="evidence", target=item, dedupe_key=f"evidence:{item.pk}:{last}")
    return item


def evidence_reject(*, actor: User, item: EvidenceItem) -> EvidenceItem:
    """The owner decides this item is not to be used; it stays private until they delete it."""
    with transaction.atomic():
        item = _lock(item.pk)
        if item.status in (EvidenceItem.Status.RECEIVED, EvidenceItem.Status.PROCESSING):
            raise EvidenceError(_("Wait until the file is processed."))
        if item.status == EvidenceItem.Status.REJECTED:
            return item
        if item.status == EvidenceItem.Status.APPROVED:
            _move_evidence_count(item, -1)
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
        item = _lock(item.pk)
        if item.status == EvidenceItem.Status.APPROVED:
            _move_evidence_count(item, -1)
        audit_record(actor=actor, action="evidence.delete", target=item, data={"kind": item.kind})
        delete_after_commit(file_names(item))
        item.delete()


def evidence_withdraw_consent(*, actor: User, membership: Membership) -> int:
    """Stop sharing every item of a membership (called when the member leaves the campaign)."""
    with transaction.atomic():
        changed = (
            EvidenceItem.objects.filter(membership=membership)
            .filter(Q(share_with_group=True) | Q(include_in_filings=True))
            .update(share_with_group=False, include_in_filings=False, consent_updated_at=timezone.now())
        )
        if changed:
            audit_record(
                actor=actor, action="evidence.consent_withdraw", target=membership, data={"items": changed}
            )
    return changed


def evidence_merge_follow(*, source: Campaign, target: Campaign) -> int:
    """After campaign_merge: evidence follows its membership into the target campaign.

    Moved memberships keep their rows (only the denormalized campaign changes); for people who were in
    both campaigns, the items move to the membership they keep. Safe to call again.
    """
    with transaction.atomic():
        moved = (
            EvidenceItem.objects.filter(membership__campaign=target)
            .exclude(campaign=target)
            .update(campaign=target)
        )
        for old in Membership.objects.filter(campaign=source):
            kept = Membership.objects.filter(campaign=target, user_id=old.user_id).first()
            if kept is None:
                continue
            moved += EvidenceItem.objects.filter(membership=old).update(membership=kept, campaign=target)
            for membership in (old, kept):
                approved = EvidenceItem.objects.filter(
                    membership=membership, status=EvidenceItem.Status.APPROVED
                )
                Membership.objects.filter(pk=membership.pk).update(evidence_count=approved.count())
    roster_changed(source.pk, target.pk)
    return moved


# --- Reports and moderation ----------------------------------------------------------------------------------------


def evidence_reported(*, actor: User, item: EvidenceItem) -> EvidenceItem:
    """Called by moderation.report_create (the one report mechanism, inside its transaction): a reported
    shared item leaves the group until a moderator looks."""
    item = _lock(item.pk)
    item.reports_count += 1
    item.needs_moderation = True
    if "reported" not in item.moderation_reasons:
        item.moderation_reasons = [*item.moderation_reasons, "reported"]
    item.save(update_fields=["reports_count", "needs_moderation", "moderation_reasons", "updated_at"])
    return item


def evidence_moderate(*, actor: User, item: EvidenceItem, decision: str, reason: str) -> EvidenceItem:
    """A moderator's decision on an item in the queue: keep it shared, send it back, or remove it."""
    if decision not in EvidenceItem.Decision.values:
        raise EvidenceError(_("Choose a decision."))
    from complaints.moderation.services import ModerationError, claim_check, claim_release

    try:
        claim_check(actor=actor, target=item)  # refused while another moderator works on it
    except ModerationError as exc:
        raise EvidenceError(str(exc)) from None
    with transaction.atomic():
        item = _lock(item.pk)
        if item.status != EvidenceItem.Status.APPROVED or not item.needs_moderation:
            raise EvidenceError(_("This item is no longer waiting for a moderator."))
        item.moderation_decision = decision
        item.moderation_note = reason.strip()
        item.moderated_by = actor
        item.moderated_at = timezone.now()
        if decision == EvidenceItem.Decision.KEEP:
            item.needs_moderation = False
            item.moderation_reasons = []
        elif decision == EvidenceItem.Decision.RETURN:
            # Back to the owner; when they approve again it comes back to this queue.
            item.status = EvidenceItem.Status.NEEDS_REVIEW
            item.moderation_reasons = ["returned"]
            _move_evidence_count(item, -1)
        else:
            item.status = EvidenceItem.Status.REJECTED
            item.needs_moderation = False
            item.share_with_group = item.include_in_filings = False
            _move_evidence_count(item, -1)
        item.save()
        audit_record(actor=actor, action=f"evidence.moderate.{decision}", target=item, reason=reason)
    claim_release(actor=actor, target=item, reason="decided")
    from complaints.moderation.services import moderators_settle, reports_settle

    moderators_settle(target=item)

    reports_settle(actor=actor, target=item, hidden=decision != EvidenceItem.Decision.KEEP, reason=reason)
    from complaints.evidence.processing import notify_owner
    from complaints.notifications.kinds import Kind, in_each_language

    notify_owner(
        actor=actor,
        item_id=item.pk,
        kind=Kind.EVIDENCE_MODERATED,
        key=f"moderated:{item.moderated_at.isoformat()}",
        url_name="evidence:detail",
        detail=in_each_language(_DECISION_WORDS[decision]),
        reason=reason.strip(),
    )
    return item


_DECISION_WORDS = {
    EvidenceItem.Decision.KEEP: gettext_lazy("It stays shared with the group."),
    EvidenceItem.Decision.RETURN: gettext_lazy(
        "It was sent back to you: check the redactions and approve it again."
    ),
    EvidenceItem.Decision.REMOVE: gettext_lazy("It was removed from the group’s evidence."),
}


def evidence_open_original(*, actor: User, item: EvidenceItem, reason: str) -> str:
    """A moderator opens an original, with a reason on the record; returns a short-lived signed token."""
    reason = reason.strip()
    if len(reason) < 10:
        raise EvidenceError(_("Say why you need to see the original (at least 10 characters)."))
    audit_record(actor=actor, action="evidence.open_original", target=item, reason=reason)
    return signing.TimestampSigner(salt=_ORIGINAL_LINK_SALT).sign_object({"item": item.pk, "user": actor.pk})


def original_link_item_id(token: str, *, user: User) -> int | None:
    """The item a signed original link opens, if it is still valid and was made for this user."""
    try:
        value = signing.TimestampSigner(salt=_ORIGINAL_LINK_SALT).unsign_object(
            token, max_age=timedelta(seconds=ORIGINAL_LINK_SECONDS)
        )
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("user") != user.pk:
        return None
    return value.get("item")
