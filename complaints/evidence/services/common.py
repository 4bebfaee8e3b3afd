"""What every evidence service shares: the error shown to people, the item lock, the members' counter."""

from __future__ import annotations

from celery import signature
from django.db.models import F
from django.urls import reverse

from complaints.campaigns.cache import roster_changed
from complaints.campaigns.models import Membership
from complaints.evidence.files import safe_display_name
from complaints.evidence.models import EvidenceItem
from complaints.notifications.services import Target, notify_user


class EvidenceError(Exception):
    """A request the rules do not allow; the message is shown to the person."""


class DuplicateUpload(EvidenceError):
    """The person already has this very file (same SHA-256) in this campaign; it is not stored again."""

    def __init__(self, existing: EvidenceItem):
        super().__init__(existing.original_name)
        self.existing = existing


PROCESS_TASK = "complaints.evidence.tasks.evidence_process_task"


def enqueue_processing(item_id: int) -> None:
    """Hand one item to the evidence queue. By the task's name: tasks.py calls these services, so the
    services do not import it back."""
    signature(PROCESS_TASK, args=(item_id,)).delay()


def move_evidence_count(item: EvidenceItem, delta: int) -> None:
    # Membership.evidence_count counts approved items (the campaigns app reads it for completeness; the
    # member list shows it).
    if delta:
        Membership.objects.filter(pk=item.membership_id).update(evidence_count=F("evidence_count") + delta)
        roster_changed(item.campaign_id)


def lock_item(item_pk: int) -> EvidenceItem:
    return EvidenceItem.objects.select_for_update().select_related("membership").get(pk=item_pk)


def notify_owner(
    *, actor, item_id: int, kind: str, key: str, url_name: str = "evidence:review", **params
) -> None:
    """Tell the owner of an evidence item what happened to it (fanned out after commit, once per key)."""
    item = EvidenceItem.objects.select_related("owner").filter(pk=item_id).first()
    if item is None:
        return
    notify_user(
        actor=actor,
        user=item.owner,
        kind=kind,
        params={"evidence": safe_display_name(item.original_name), **params},
        target=Target(type=item._meta.label_lower, id=str(item.pk), url=reverse(url_name, args=[item.pk])),
        dedupe_key=f"evidence:{item.pk}:{key}",
    )
