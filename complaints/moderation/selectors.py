"""Reads of the moderation console: the audit log, newest first, one keyset page at a time."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone

from complaints.core.models import AuditEvent
from complaints.moderation.models import Report, ReportedContent
from complaints.moderation.reports import get_report_target

AUDIT_PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor_id: int | None = None
    target_type: str = ""
    target_id: str = ""
    since: date | None = None
    until: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events(filters: AuditFilter) -> QuerySet[AuditEvent]:
    rows = AuditEvent.objects.select_related("actor")  # the sentences name the actor
    if filters.action:
        # "campaign." lists every campaign action; "campaign.merge" only merges.
        rows = (
            rows.filter(action__startswith=filters.action)
            if filters.action.endswith(".")
            else rows.filter(action=filters.action)
        )
    if filters.actor_id:
        rows = rows.filter(actor_id=filters.actor_id)
    if filters.target_type:
        rows = rows.filter(target_type=filters.target_type)
    if filters.target_id:
        rows = rows.filter(target_id=filters.target_id)
    if filters.since:
        rows = rows.filter(created_at__gte=_day_start(filters.since))
    if filters.until:
        rows = rows.filter(created_at__lt=_day_start(filters.until + timedelta(days=1)))
    return rows


def audit_page(filters: AuditFilter, *, before: int | None = None) -> tuple[list[AuditEvent], int | None]:
    """One page newest first (by id, which follows time), and the id to continue before, if more."""
    rows = audit_events(filters).order_by("-id")
    if before:
        rows = rows.filter(id__lt=before)
    page = list(rows[: AUDIT_PAGE_SIZE + 1])
    more = len(page) > AUDIT_PAGE_SIZE
    page = page[:AUDIT_PAGE_SIZE]
    return page, (page[-1].pk if more else None)


def reports_of(target) -> QuerySet:
    """The reports on one piece of content, newest first (reasons shown to moderators)."""
    return Report.objects.filter(
        content__target_type=target._meta.label_lower, content__target_id=str(target.pk)
    ).order_by("-created_at", "-id")


def open_reports() -> QuerySet:
    return ReportedContent.objects.filter(status=ReportedContent.Status.OPEN).order_by(
        "first_reported_at", "id"
    )


@dataclass
class ReportEntry:
    """A queue row: the merged entry, the content it is about (None if gone) and the latest reasons."""

    content: object
    target: object
    title: str
    url: str
    noun: str
    reasons: list


def report_entries(contents) -> list[ReportEntry]:
    """Entries of a page with their targets and last reasons: one query per content type plus one for reasons."""
    contents = list(contents)
    by_type: dict[str, list[str]] = defaultdict(list)
    for content in contents:
        by_type[content.target_type].append(content.target_id)
    objects = {}
    for label, ids in by_type.items():
        model = apps.get_model(label)
        for obj in model.objects.filter(pk__in=ids):
            objects[(label, str(obj.pk))] = obj
    reasons: dict[int, list] = defaultdict(list)
    for row in Report.objects.filter(content__in=contents).order_by("-created_at", "-id"):
        if len(reasons[row.content_id]) < 10:
            reasons[row.content_id].append(row)
    entries = []
    for content in contents:
        target = objects.get((content.target_type, content.target_id))
        spec = get_report_target(content.target_type)
        entries.append(
            ReportEntry(
                content=content,
                target=target,
                title=spec.describe(target) if target is not None and spec else "",
                url=spec.url(target) if target is not None and spec else "",
                noun=str(spec.noun) if spec else content.target_type,
                reasons=reasons[content.pk],
            )
        )
    return entries
