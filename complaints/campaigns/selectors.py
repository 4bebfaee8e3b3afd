"""Reads of the campaigns app, scoped to who is looking. Each returns a bounded queryset or a fixed
number of queries, whatever the size of the campaign (design: pages must not slow down as it grows)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils.functional import cached_property

from complaints.campaigns.models import (
    SMALL_COUNT,
    Campaign,
    CampaignUpdate,
    Membership,
    MemberTask,
    Platform,
    TaskCompletion,
    readable_first,
)
from complaints.campaigns.search import campaign_search, same_platform_ids

PAGE_SIZE = 20

SIZE_FILTERS = {
    "small": (0, 9),
    "medium": (10, 99),
    "large": (100, 999),
    "huge": (1000, None),
}
SORTS = {
    "members": ("-members_count", "-id"),
    "newest": ("-created_at", "-id"),
    "activity": ("-last_activity_at", "-id"),
}


class KnownCountPaginator(Paginator):
    """A paginator told the count (a denormalized figure) instead of running COUNT(*) over a big table."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


class IdsFirstMixin:
    """A page read in two steps: the ids of its rows in the list's order (narrow rows to sort: the database
    sorts ids, not every column of every campaign), then those rows by id. On the bench's 20,000 campaigns the
    first page of the list took 35 ms of PostgreSQL in one step and 8 ms in two; page 900, 77 ms and 19 ms.
    Since the list's order has its own index (campaign_list_zh / _en), the ids of page 900 are an index-only
    scan of 1.8 ms, and the rows of a deep page still cost only their own 20 heap reads."""

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom == 0 and top == self.count:
            # The whole list fits on this page (most platforms, a narrow search): its rows in one query.
            return Page(list(self.object_list[:top]), number, self)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        return Page([rows[pk] for pk in ids if pk in rows], number, self)


class IdsFirstPaginator(IdsFirstMixin, Paginator):
    pass


class IdsFirstKnownCountPaginator(IdsFirstMixin, KnownCountPaginator):
    pass


def paginate(
    queryset, page_number, *, per_page: int = PAGE_SIZE, count: int | None = None, ids_first: bool = False
) -> Page:
    """A page of a list; `ids_first` for long lists of wide rows (`IdsFirstMixin`), `count` when it is known."""
    if count is None:
        paginator = (IdsFirstPaginator if ids_first else Paginator)(queryset, per_page)
    else:
        kind = IdsFirstKnownCountPaginator if ids_first else KnownCountPaginator
        paginator = kind(queryset, per_page, count=count)
    return paginator.get_page(page_number)


def public_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(status__in=Campaign.PUBLIC_STATUSES).select_related("platform")


def campaign_list(
    *,
    query: str = "",
    platform: Platform | None = None,
    category: str = "",
    status: str = "",
    size: str = "",
    sort: str = "members",
    language: str = "",
) -> QuerySet[Campaign]:
    """Open (or closed) campaigns for the public list, filtered and sorted; those a reader of `language`
    can read (written in it or translated) first."""
    campaigns = public_campaigns()
    campaigns = (
        campaigns.filter(status=status)
        if status in Campaign.PUBLIC_STATUSES
        else campaigns.filter(status=Campaign.Status.OPEN)
    )
    if platform is not None:
        campaigns = campaigns.filter(platform=platform)
    if category in Campaign.Category.values:
        campaigns = campaigns.filter(category=category)
    if size in SIZE_FILTERS:
        low, high = SIZE_FILTERS[size]
        campaigns = campaigns.filter(members_count__gte=low)
        if high is not None:
            campaigns = campaigns.filter(members_count__lte=high)
    if query:
        campaigns = campaign_search(query, queryset=campaigns)
    first = (readable_first(language),) if language else ()
    return campaigns.order_by(*first, *SORTS.get(sort, SORTS["members"]))


def campaign_members(campaign: Campaign) -> QuerySet[Membership]:
    """Active members by number, with just enough of each case for completeness and amount."""
    return (
        Membership.objects.filter(campaign=campaign, status=Membership.Status.ACTIVE)
        .select_related("case")
        .only(
            "pseudonym_number",
            "role",
            "status",
            "campaign_id",
            "user_id",
            "share_with_group",
            "include_in_filings",
            "consent_withdrawn_at",
            "evidence_count",
            "resolved_at",
            "joined_at",
            "case__amount",
            "case__currency",
        )
        .order_by("pseudonym_number")
    )


def campaign_timeline(campaign: Campaign) -> QuerySet[CampaignUpdate]:
    return CampaignUpdate.objects.filter(campaign=campaign).order_by("-created_at", "-id")


def campaign_tasks(campaign: Campaign) -> QuerySet[MemberTask]:
    return MemberTask.objects.filter(campaign=campaign).order_by("-created_at", "-id")


def tasks_for_member(membership: Membership, *, limit: int = 50) -> list[tuple[MemberTask, bool]]:
    """The tasks that concern this member (newest first) and whether they did each; two queries."""
    tasks = list(
        MemberTask.objects.filter(campaign_id=membership.campaign_id).order_by("-created_at", "-id")[:limit]
    )
    done = set(
        TaskCompletion.objects.filter(membership=membership, task__in=[t.pk for t in tasks]).values_list(
            "task_id", flat=True
        )
    )
    case = getattr(membership, "case", None)
    return [(t, t.pk in done) for t in tasks if t.pk in done or t.applies_to(membership, case)]


def task_completions(task: MemberTask) -> QuerySet[TaskCompletion]:
    return (
        TaskCompletion.objects.filter(task=task)
        .select_related("membership")
        .only("completed_at", "membership__pseudonym_number", "task_id")
        .order_by("-completed_at", "-id")
    )


def memberships_of(user) -> QuerySet[Membership]:
    """A person's own memberships for the dashboard: active first, newest first."""
    return (
        Membership.objects.filter(user=user)
        .select_related("campaign__platform", "case", "merged_from")
        .order_by("status", "-joined_at")
    )


def counted_campaigns() -> QuerySet[Campaign]:
    """The public campaigns a figure about people across campaigns (a platform's, the portal's) adds up: only
    those whose own member count is public (5 or more). Were a smaller one counted, the total less the
    counts shown on the campaigns' pages would tell its exact size."""
    return public_campaigns().filter(COUNTED)


COUNTED = Q(members_count__gte=SMALL_COUNT)
# A campaign whose share of members made whole is public: the part and the rest are each 0 or at least 5.
SHARE_PUBLIC = (
    COUNTED
    & (Q(confirmed_resolved_count=0) | Q(confirmed_resolved_count__gte=SMALL_COUNT))
    & (
        Q(members_count=F("confirmed_resolved_count"))
        | Q(members_count__gte=F("confirmed_resolved_count") + SMALL_COUNT)
    )
)


@dataclass
class Figures:
    members: int
    total_claimed: Decimal
    resolved: int
    resolved_of: int  # the members of the campaigns whose made-whole share is public (the share's whole)
    uncounted: int = 0  # public campaigns of 1-4 members, left out of the figures
    shares_hidden: int = 0  # counted campaigns whose own made-whole share is hidden (1-4 made whole, or not)
    campaigns: int = (
        0  # public campaigns of any size: the length of the platform page's list, not a figure shown
    )

    @property
    def resolved_share(self) -> int | None:
        """None also while a campaign's own page hides its share: a platform's share of the others only would read
        as the platform's, beside a campaign page that says "–"."""
        if self.shares_hidden or not self.resolved_of:
            return None
        return round(100 * self.resolved / self.resolved_of)


def platform_figures(platform: Platform) -> Figures:
    """A platform's public figures, summed in one query from the denormalized columns of its campaigns of 5 or
    more members (`counted_campaigns`); the made-whole share only over campaigns whose own share is public,
    so no total less the shown figures tells a hidden one."""
    # Summed per kind of campaign (counted or not, share public or not: at most three groups) and put together
    # here. With an aggregate and a filter of its own for each figure, COUNTED and SHARE_PUBLIC were resolved
    # again for each: building the query cost 2.7 ms of CPU a platform page (2.0 ms now) for 0.15 ms of
    # PostgreSQL (issue 26). A platform without public campaigns has no group: every figure stays 0.
    rows = (
        public_campaigns()
        .filter(platform=platform)
        .annotate(
            counted=ExpressionWrapper(COUNTED, output_field=BooleanField()),
            share_public=ExpressionWrapper(SHARE_PUBLIC, output_field=BooleanField()),
        )
        .values("counted", "share_public")
        .annotate(
            members=Sum("members_count"),
            total=Sum("total_claimed"),
            resolved=Sum("confirmed_resolved_count"),
            campaigns=Count("pk"),
            with_members=Count("pk", filter=Q(members_count__gt=0)),
        )
        .order_by()
    )
    figures = Figures(members=0, total_claimed=Decimal("0"), resolved=0, resolved_of=0)
    for row in rows:
        figures.campaigns += row["campaigns"]
        if not row["counted"]:
            figures.uncounted += row["with_members"]
            continue
        figures.members += row["members"]
        figures.total_claimed += row["total"]
        if row["share_public"]:
            figures.resolved += row["resolved"]
            figures.resolved_of += row["members"]
        else:
            figures.shares_hidden += row["campaigns"]
    return figures


def pending_campaigns() -> QuerySet[Campaign]:
    """The moderation queue: oldest first, so nobody waits longest."""
    return (
        Campaign.objects.filter(status=Campaign.Status.PENDING)
        .select_related("platform", "created_by")
        .order_by("created_at", "id")
    )


def merge_candidates(campaign: Campaign, *, limit: int = 8) -> list[Campaign]:
    """Open campaigns a pending one may duplicate: only those of the same platform (under any of its
    names), most members first. Campaigns about another company are never offered."""
    return list(
        Campaign.objects.filter(
            status=Campaign.Status.OPEN, platform_id__in=same_platform_ids(campaign.platform)
        )
        .exclude(pk=campaign.pk)
        .select_related("platform")
        .order_by("-members_count")[:limit]
    )


def organizer_successor(campaign: Campaign, leaving_user) -> Membership | None:
    """Who runs a campaign when an organizer goes: another active organizer if there is one, else the
    longest-standing active member; None when nobody else is left."""
    others = Membership.objects.filter(campaign=campaign, status=Membership.Status.ACTIVE).exclude(
        user=leaving_user
    )
    return (
        others.filter(role=Membership.Role.ORGANIZER).order_by("joined_at", "pseudonym_number").first()
        or others.order_by("joined_at", "pseudonym_number").first()
    )
