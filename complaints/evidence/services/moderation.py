"""Reports and moderation of evidence: a reported item leaves the group, a moderator decides, an original is
opened only with a reason on the record."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.accounts.models import User
from complaints.core.review import (
    ModerationError,
    claim_check,
    claim_release,
    moderators_settle,
    reports_settle,
)
from complaints.core.services import audit_record
from complaints.evidence.models import EvidenceItem
from complaints.evidence.services.common import EvidenceError, lock_item, move_evidence_count, notify_owner
from complaints.notifications.kinds import Kind as NotificationKind
from complaints.notifications.kinds import in_each_language

ORIGINAL_LINK_SECONDS = 120
_ORIGINAL_LINK_SALT = "evidence.original"


def evidence_reported(*, actor: User, item: EvidenceItem) -> EvidenceItem:
    """Called by moderation.report_create (the one report mechanism, inside its transaction): a reported
    shared item leaves the group until a moderator looks."""
    item = lock_item(item.pk)
    item.reports_count += 1
    item.needs_moderation = True
    if "reported" not in item.moderation_reasons:
        item.moderation_reasons = [*item.moderation_reasons, "reported"]
    item.save(update_fields=["reports_count", "needs_moderation", "moderation_reasons", "updated_at"])
    return item


def _decide(*, actor: User, item: EvidenceItem, decision: str, reason: str) -> EvidenceItem:
    """Record the decision on the locked item and move its status and the member's counter with it."""
    item = lock_item(item.pk)
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
        move_evidence_count(item, -1)
    else:
        item.status = EvidenceItem.Status.REJECTED
        item.needs_moderation = False
        item.share_with_group = item.include_in_filings = False
        move_evidence_count(item, -1)
    item.save()
    audit_record(actor=actor, action=f"evidence.moderate.{decision}", target=item, reason=reason)
    return item


def evidence_moderate(*, actor: User, item: EvidenceItem, decision: str, reason: str) -> EvidenceItem:
    """A moderator's decision on an item in the queue: keep it shared, send it back, or remove it."""
    if decision not in EvidenceItem.Decision.values:
        raise EvidenceError(_("Choose a decision."))
    try:
        claim_check(actor=actor, target=item)  # refused while another moderator works on it
    except ModerationError as exc:
        raise EvidenceError(str(exc)) from None
    with transaction.atomic():
        item = _decide(actor=actor, item=item, decision=decision, reason=reason)
    claim_release(actor=actor, target=item, reason="decided")
    moderators_settle(target=item)
    reports_settle(actor=actor, target=item, hidden=decision != EvidenceItem.Decision.KEEP, reason=reason)
    notify_owner(
        actor=actor,
        item_id=item.pk,
        kind=NotificationKind.EVIDENCE_MODERATED,
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
