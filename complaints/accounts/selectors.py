"""Reads of the accounts app: what a person allowed, everywhere, for the consent page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from complaints.accounts.models import MODERATORS_GROUP, User
from complaints.campaigns.models import Membership
from complaints.notifications.selectors import bell_columns_sql

EVIDENCE_LIMIT = 200


def _signed_in_person_sql() -> str:
    user, member_of, group = (
        f'"{model._meta.db_table}"' for model in (User, User.groups.through, User.groups.field.related_model)
    )
    person = f'{user}."id"'
    return (  # names from the models and a constant; values bound as parameters
        f"SELECT {user}.*, EXISTS (SELECT 1 FROM {member_of} ug JOIN {group} g ON g.id = ug.group_id"  # noqa: S608  # nosec B608 - names from the models, values bound as parameters
        f" WHERE ug.user_id = {person} AND g.name = %s) AS is_moderator, {bell_columns_sql(person)}"
        f" FROM {user} WHERE {person} = %s"
    )


def user_for_session(user_id) -> User | None:
    """The signed-in person, with `is_moderator`, `bell_unread_count` and `newest_notification_id` (what
    the cached notification list is keyed by) loaded by the same query.

    Every signed-in request runs it, so it is a raw query (Manager.raw): building and compiling the same
    three subqueries through the ORM cost about 1 ms of CPU a request, more than running them.
    The annotation takes the place of User.is_moderator's own query (a cached_property keeps what is set on
    the instance); inactive people never get this far, the backends refuse them.
    """
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    person = next(iter(User.objects.raw(_signed_in_person_sql(), [MODERATORS_GROUP, pk])), None)
    if person is not None:
        person.is_moderator = bool(person.is_moderator)  # SQLite answers EXISTS with 0 or 1
    return person


@dataclass
class FilingChoice:
    filing: object
    disclose_identity: bool
    status: str = ""  # a released filing's delivery as members are told it (filings/delivery.py)


@dataclass
class CampaignConsent:
    membership: Membership
    evidence: list = field(default_factory=list)
    filings: list[FilingChoice] = field(default_factory=list)


def consent_overview(user) -> list[CampaignConsent]:
    """Every membership of the person with its evidence items and its campaign's filings; five queries at most."""
    from complaints.evidence.models import EvidenceItem
    from complaints.filings import delivery, selectors
    from complaints.filings.models import Filing, FilingConsent

    memberships = list(
        Membership.objects.filter(user=user).select_related("campaign").order_by("status", "-joined_at")
    )
    rows = {m.pk: CampaignConsent(membership=m) for m in memberships}
    items = (
        EvidenceItem.objects.filter(owner=user, membership_id__in=rows)
        .only(
            "pk",
            "membership_id",
            "original_name",
            "status",
            "share_with_group",
            "include_in_filings",
            "filed_at",
            "created_at",
        )
        .order_by("-created_at", "-id")[:EVIDENCE_LIMIT]
    )
    for item in items:
        rows[item.membership_id].evidence.append(item)
    disclosed = dict(
        FilingConsent.objects.filter(membership_id__in=rows).values_list("filing_id", "disclose_identity")
    )
    by_campaign = defaultdict(list)
    for m in memberships:
        by_campaign[m.campaign_id].append(rows[m.pk])
    filings = (
        Filing.objects.filter(campaign_id__in=by_campaign)
        .select_related("regulator")
        .order_by("-created_at", "-id")
    )
    filings = list(filings)
    latest = selectors.latest_submissions([f for f in filings if f.is_submitted])
    for filing in filings:
        status = (
            delivery.member_state(latest.get(filing.pk)).label
            if filing.is_submitted
            else filing.get_status_display()
        )
        for row in by_campaign[filing.campaign_id]:
            row.filings.append(FilingChoice(filing, disclosed.get(filing.pk, False), status))
    return list(rows.values())
