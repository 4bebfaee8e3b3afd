"""What the public may read about campaigns' filings, answers and outcomes, and the portal-wide statistics.

Every function here returns public data only: aggregates with small counts suppressed (the one rule in
`campaigns.figures`), answers redacted with the evidence detectors, no member-level row and no member's
identity. Pages and an open-data API read the same functions, so they agree on the same data.

When an answer is public (issue #22, DESIGN "Outside parties"): an answer is public from the day it arrives;
a submission left without an answer becomes public as "no answer" after `PUBLISH_AFTER_WORKING_DAYS`
working days from its delivery, whichever comes first. Until then the page says only when it was delivered
and when the answer is due; whether the deadline was met is said once the answer's state is public.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from complaints.campaigns.figures import counted_joins, small, suppress
from complaints.campaigns.models import MAIN_CURRENCY, Campaign, Membership
from complaints.campaigns.selectors import COUNTED, counted_campaigns, public_campaigns
from complaints.core.review import HIDDEN_NOTICE
from complaints.evidence.pipeline import anonymize_text
from complaints.filings.models import Filing, FilingConsent, Outcome, Response, Submission
from complaints.filings.workdays import add_working_days, working_days_between

PUBLISH_AFTER_WORKING_DAYS = 15
# A redacted answer is kept this long; the key holds the text's hash, so an edit or a hide is a new entry.
REDACTED_ANSWER_SECONDS = 24 * 3600

# A submission's public verdict on its deadline.
ON_TIME, LATE, MISSED, OVERDUE_OPEN, AWAITING, PAUSED, NOT_DELIVERED = (
    "on_time",
    "late",  # answered after the due date
    "missed",  # no answer, the due date has passed and the no-answer is public
    "no_answer_yet",  # no answer after 15 working days; the due date is still ahead
    "awaiting",  # not public yet: delivered, the answer due, nothing said about whether it came
    "paused",
    "not_delivered",
)
# Verdicts that count in "answers on time": the deadline has been decided one way or the other in public.
DECIDED = (ON_TIME, LATE, MISSED)


# --- When an answer is public, and whether its deadline was met ----------------------------------------------


def answer_public_from(
    sent_on: datetime.date, first_answer_on: datetime.date | None, *, jurisdiction: str
) -> datetime.date:
    """The day a submission's answer (or the lack of one) becomes public: the answer's day, or 15 working
    days after delivery, whichever comes first."""
    silence = _silence_ends(sent_on, jurisdiction)
    return min(first_answer_on, silence) if first_answer_on else silence


@lru_cache(maxsize=4096)
def _silence_ends(sent_on: datetime.date, jurisdiction: str) -> datetime.date:
    return add_working_days(sent_on, PUBLISH_AFTER_WORKING_DAYS, jurisdiction=jurisdiction)


def deadline_verdict(
    *,
    sent_on: datetime.date | None,
    due_on: datetime.date | None,
    first_answer_on: datetime.date | None,
    paused: bool,
    jurisdiction: str,
    today: datetime.date,
) -> str:
    """The public verdict on one submission's deadline (one of the constants above)."""
    if sent_on is None:
        return NOT_DELIVERED
    if first_answer_on is not None:
        return ON_TIME if due_on is None or first_answer_on <= due_on else LATE
    if today < answer_public_from(sent_on, None, jurisdiction=jurisdiction):
        return AWAITING
    if paused:
        return PAUSED
    return MISSED if due_on is not None and today > due_on else OVERDUE_OPEN


# --- One campaign's public status ----------------------------------------------------------------------------


@dataclass
class PublicAnswer:
    received_on: datetime.date
    text: str  # redacted; "" when a moderator hid it
    hidden: bool


@dataclass
class PublicSubmission:
    channel: str
    delivered_on: datetime.date | None
    due_on: datetime.date | None
    verdict: str
    working_days: int | None  # to the first answer
    answers: list[PublicAnswer] = field(default_factory=list)

    def get_channel_display(self) -> str:
        return str(dict(Submission._meta.get_field("channel").choices).get(self.channel, self.channel))


@dataclass
class PublicFiling:
    regulator: object  # filings.Regulator: its names and kind
    submissions: list[PublicSubmission]


@dataclass
class OutcomeFigures:
    """Members' confirmed outcomes; None where a figure would describe fewer than 5 people."""

    made_whole: int | None
    partly: int | None
    nothing: int | None
    reported: int  # 0 or at least 5: below that nothing at all is shown
    recovered: Decimal | None  # CNY, only when at least 5 members gave the amount they got back

    @property
    def suppressed(self) -> bool:
        return None in (self.made_whole, self.partly, self.nothing) or self.recovered is None


@dataclass
class CampaignStatus:
    filings: list[PublicFiling]
    outcomes: OutcomeFigures


def outcome_figures(campaigns: QuerySet[Campaign]) -> OutcomeFigures:
    """Confirmed outcomes of the active members of these campaigns, counted in the database and suppressed.

    "Made whole" is the campaign's own count (a member may say so on their case page without an outcome
    row), so it is the figure the campaign page's share is made of; "partly" and "nothing" are the outcome
    rows of the members not made whole."""
    row = Outcome.objects.filter(
        membership__campaign__in=campaigns,
        membership__status=Membership.Status.ACTIVE,
        membership__resolved_at__isnull=True,
    ).aggregate(
        partly=Count("pk", filter=Q(result=Outcome.Result.PARTLY)),
        nothing=Count("pk", filter=Q(result=Outcome.Result.NOT)),
    )
    row |= Outcome.objects.filter(
        membership__campaign__in=campaigns, membership__status=Membership.Status.ACTIVE
    ).aggregate(
        with_amount=Count("pk", filter=Q(currency=MAIN_CURRENCY, amount_received__isnull=False)),
        recovered=Sum("amount_received", filter=Q(currency=MAIN_CURRENCY)),
    )
    row["made_whole"] = campaigns.aggregate(n=Sum("confirmed_resolved_count"))["n"] or 0
    return _outcomes(row)


def _outcomes(row: dict) -> OutcomeFigures:
    counts = [row["made_whole"], row["partly"], row["nothing"]]
    shown = suppress(counts)
    if shown is None:
        return OutcomeFigures(None, None, None, 0, None)
    enough_amounts = row["with_amount"] and not small(row["with_amount"])
    recovered = Decimal(row["recovered"] or 0).quantize(Decimal("0.01")) if enough_amounts else None
    return OutcomeFigures(*shown, reported=sum(counts), recovered=recovered)


def campaign_status(campaign: Campaign, *, today: datetime.date | None = None) -> CampaignStatus:
    """A public campaign's filings sent, their deadlines and answers (redacted), and its members' outcomes."""
    today = today or timezone.localdate()
    filings = list(
        Filing.objects.filter(campaign=campaign, status=Filing.Status.SUBMITTED)
        .select_related("regulator")
        .order_by("submitted_at", "pk")
    )
    submissions = _public_submissions([f.pk for f in filings], today=today)
    return CampaignStatus(
        filings=[PublicFiling(f.regulator, submissions.get(f.pk, [])) for f in filings],
        outcomes=outcome_figures(Campaign.objects.filter(pk=campaign.pk)),
    )


def _first_answer() -> Subquery:
    """The time of a submission's first answer, hidden or not: a hidden answer still answered in time."""
    return Subquery(
        Response.objects.filter(submission=OuterRef("pk")).order_by("received_at").values("received_at")[:1]
    )


def _public_submissions(filing_ids: list[int], *, today: datetime.date) -> dict[int, list[PublicSubmission]]:
    rows = (
        Submission.objects.filter(version__filing__in=filing_ids)
        .annotate(first_answer=_first_answer())
        .select_related("version", "regulator")
        .order_by("created_at", "pk")
    )
    out: dict[int, list[PublicSubmission]] = defaultdict(list)
    answered: dict[int, tuple[int, PublicSubmission]] = {}
    for submission in rows:
        item = _public_submission(submission, today=today)
        out[submission.version.filing_id].append(item)
        if item.verdict in (ON_TIME, LATE):
            answered[submission.pk] = (submission.version.filing_id, item)
    for response in Response.objects.filter(submission__in=list(answered)).order_by("received_at", "pk"):
        filing_id, item = answered[response.submission_id]
        item.answers.append(_public_answer(response, filing_id))
    return out


def _public_submission(submission: Submission, *, today: datetime.date) -> PublicSubmission:
    delivered = submission.status == Submission.Status.SENT and submission.sent_at is not None
    sent_on = timezone.localdate(submission.sent_at) if delivered else None
    first = timezone.localdate(submission.first_answer) if delivered and submission.first_answer else None
    jurisdiction = submission.regulator.jurisdiction
    verdict = deadline_verdict(
        sent_on=sent_on,
        due_on=submission.due_at,
        first_answer_on=first,
        paused=submission.paused_at is not None,
        jurisdiction=jurisdiction,
        today=today,
    )
    days = working_days_between(sent_on, first, jurisdiction=jurisdiction) if sent_on and first else None
    return PublicSubmission(
        channel=submission.channel,
        delivered_on=sent_on,
        due_on=submission.due_at if delivered else None,
        verdict=verdict,
        working_days=days,
    )


def _public_answer(response: Response, filing_id: int) -> PublicAnswer:
    received_on = timezone.localdate(response.received_at)
    if response.text == HIDDEN_NOTICE:
        return PublicAnswer(received_on, "", hidden=True)
    return PublicAnswer(received_on, redacted_answer(response, filing_id), hidden=False)


def redacted_answer(response: Response, filing_id: int) -> str:
    """An answer's text as the public reads it: personal data replaced by typed placeholders ([姓名], [电话号码]),
    including the names and addresses of the members who disclosed their identity to this regulator."""
    digest = hashlib.sha256(response.text.encode()).hexdigest()[:16]
    key = f"transparency:answer:{response.pk}:{digest}"
    text = cache.get(key)
    if text is None:
        text, _findings = anonymize_text(response.text, known_identifiers=_disclosed_identifiers(filing_id))
        cache.set(key, text, REDACTED_ANSWER_SECONDS)
    return text


def _disclosed_identifiers(filing_id: int) -> list[str]:
    """Names, email addresses and numbers of the members who let this filing's regulator know who they are:
    the people an answer is most likely to name."""
    values = FilingConsent.objects.filter(filing_id=filing_id, disclose_identity=True).values_list(
        "membership__user__display_name", "membership__user__email", "membership__user__phone"
    )
    found = {v.strip() for row in values for v in row if v and len(v.strip()) >= 2}
    return sorted(found, key=len, reverse=True)


# --- Portal-wide statistics ----------------------------------------------------------------------------------

STATISTICS_CACHE_KEY = "transparency:statistics:v1"
STATISTICS_CACHE_SECONDS = 300


@dataclass
class CategoryFigures:
    """One kind of harm across the public campaigns; None where it would describe fewer than 5 people."""

    category: str
    campaigns: int
    members: int | None
    claimed: Decimal | None  # CNY
    recovered: Decimal | None  # CNY, when at least 5 members gave the amount they got back


@dataclass
class OnTimeFigures:
    """Answers to delivered filings of one regulator or one platform's campaigns; None when fewer than 5."""

    name_zh: str
    name_en: str
    decided: int | None  # submissions whose deadline is decided in public (on time, late or missed)
    on_time: int | None
    median_days: int | None  # working days to the first answer, over those answered

    @property
    def share(self) -> int | None:
        return round(100 * self.on_time / self.decided) if self.decided and self.on_time is not None else None

    def name(self, language: str) -> str:
        return self.name_en if language.startswith("en") and self.name_en else self.name_zh


@dataclass
class PortalStatistics:
    campaigns: int
    members: int | None
    claimed: Decimal | None
    outcomes: OutcomeFigures
    joins_by_month: dict[str, int | None]
    categories: list[CategoryFigures]
    by_regulator: list[OnTimeFigures]
    by_platform: list[OnTimeFigures]
    computed_at: datetime.datetime


def portal_statistics() -> PortalStatistics:
    """The statistics page's data from the site's cache, computed at most every few minutes."""
    return cache.get_or_set(STATISTICS_CACHE_KEY, compute_portal_statistics, STATISTICS_CACHE_SECONDS)


def compute_portal_statistics(*, today: datetime.date | None = None) -> PortalStatistics:
    """Every public campaign's figures added up: the same denormalized figures the campaign pages show, the
    same outcome counts and the same deadline verdicts as the status pages."""
    # People and money are added up over the campaigns whose own size is public, as a platform's page does.
    campaigns = counted_campaigns()
    totals = public_campaigns().aggregate(
        n=Count("pk"),
        members=Sum("members_count", filter=COUNTED),
        claimed=Sum("total_claimed", filter=COUNTED),
    )
    members = totals["members"] or 0
    by_regulator, by_platform = answers_on_time(today=today)
    return PortalStatistics(
        campaigns=totals["n"],
        members=None if small(members) else members,
        claimed=None if small(members) else (totals["claimed"] or Decimal("0.00")),
        outcomes=outcome_figures(campaigns),
        # The small campaigns too: their months are marked hidden.
        joins_by_month=joins_by_month(public_campaigns()),
        categories=harm_by_category(campaigns),
        by_regulator=by_regulator,
        by_platform=by_platform,
        computed_at=timezone.now(),
    )


def joins_by_month(campaigns: QuerySet[Campaign], *, last: int = 24) -> dict[str, int | None]:
    """Current members of these campaigns by the month they joined ("2026-03": n), the last `last` months with
    any join, adding up only the months each campaign's own chart shows (`campaigns.figures.public_joins`); a
    month of 1-4 joins is None (with the rule of `campaigns.figures.suppress`)."""
    months: dict[str, int] = defaultdict(int)
    uncounted: set[str] = (
        set()
    )  # months with joins a campaign's own chart hides (or a campaign under 5 members)
    rows = campaigns.filter(members_count__gt=0).values_list("members_count", "joins_by_month")
    for size, joined in rows.iterator():
        for month, count in counted_joins(size, joined or {}):
            if count is None:
                uncounted.add(month)
            else:
                months[month] += count
    kept = sorted(m for m in set(months) | uncounted if months.get(m) or m in uncounted)[-last:]
    shown = suppress([months.get(m, 0) for m in kept]) or [None] * len(kept)
    # A month whose joins all stand in hidden months is hidden, not shown as 0 (the rest are lower bounds).
    return {m: None if not months.get(m) else v for m, v in zip(kept, shown, strict=True)}


def harm_by_category(campaigns: QuerySet[Campaign]) -> list[CategoryFigures]:
    """Campaigns, members, amounts claimed and recovered per kind of harm, biggest first, suppressed."""
    rows = list(
        campaigns.order_by()
        .values("category")
        .annotate(n=Count("pk"), members=Sum("members_count"), claimed=Sum("total_claimed"))
    )
    rows.sort(key=lambda r: r["category"])
    recovered = {
        r["membership__campaign__category"]: r
        for r in Outcome.objects.filter(
            membership__campaign__in=campaigns,
            membership__status=Membership.Status.ACTIVE,
            currency=MAIN_CURRENCY,
            amount_received__isnull=False,
        )
        .order_by()
        .values("membership__campaign__category")
        .annotate(n=Count("pk"), total=Sum("amount_received"))
    }
    shown = suppress([r["members"] or 0 for r in rows]) or [None] * len(rows)
    # The members who gave an amount back, suppressed the same way across the kinds: the portal's total
    # recovered is public, so one hidden kind alone could be worked out from it.
    backs = [recovered.get(r["category"], {"n": 0, "total": None}) for r in rows]
    reporters = suppress([b["n"] for b in backs]) or [None] * len(rows)
    out = []
    for row, members, back, reported in zip(rows, shown, backs, reporters, strict=True):
        out.append(
            CategoryFigures(
                category=row["category"],
                campaigns=row["n"],
                members=members,
                claimed=row["claimed"] if members else (Decimal("0.00") if members == 0 else None),
                recovered=None if members is None or reported is None else Decimal(back["total"] or 0),
            )
        )
    # Biggest first; the hidden ones after, in a fixed order that says nothing of their size.
    return sorted(out, key=lambda c: (c.members is None, -(c.members or 0), c.category))


def answers_on_time(*, today: datetime.date | None = None) -> tuple[list[OnTimeFigures], list[OnTimeFigures]]:
    """Answers on time by regulator and by the platform complained about, over the delivered submissions of
    public campaigns, with the status pages' verdicts; a group with fewer than 5 decided is not rated."""
    today = today or timezone.localdate()
    rows = (
        Submission.objects.filter(
            status=Submission.Status.SENT,
            sent_at__isnull=False,
            version__filing__status=Filing.Status.SUBMITTED,
            version__filing__campaign__status__in=Campaign.PUBLIC_STATUSES,
        )
        .annotate(first_answer=_first_answer())
        .values_list(
            "regulator_id",
            "regulator__name_zh",
            "regulator__name_en",
            "regulator__jurisdiction",
            "version__filing__campaign__platform_id",
            "version__filing__campaign__platform__name",
            "version__filing__campaign__platform__name_en",
            "sent_at",
            "due_at",
            "paused_at",
            "first_answer",
        )
    )
    regulators: dict[int, _Tally] = {}
    platforms: dict[int, _Tally] = {}
    for (
        reg,
        reg_zh,
        reg_en,
        jurisdiction,
        plat,
        plat_zh,
        plat_en,
        sent,
        due,
        paused,
        first,
    ) in rows.iterator():
        sent_on = timezone.localdate(sent)
        first_on = timezone.localdate(first) if first else None
        verdict = deadline_verdict(
            sent_on=sent_on,
            due_on=due,
            first_answer_on=first_on,
            paused=paused is not None,
            jurisdiction=jurisdiction,
            today=today,
        )
        days = working_days_between(sent_on, first_on, jurisdiction=jurisdiction) if first_on else None
        regulators.setdefault(reg, _Tally(reg_zh, reg_en)).add(verdict, days)
        platforms.setdefault(plat, _Tally(plat_zh, plat_en or plat_zh)).add(verdict, days)
    return _rated(regulators), _rated(platforms)


@dataclass
class _Tally:
    name_zh: str
    name_en: str
    decided: int = 0
    on_time: int = 0
    days: list[int] = field(default_factory=list)

    def add(self, verdict: str, days: int | None) -> None:
        self.decided += verdict in DECIDED
        self.on_time += verdict == ON_TIME
        if days is not None:
            self.days.append(days)

    def figures(self) -> OnTimeFigures:
        rated = not small(self.decided)
        days = sorted(self.days)
        median = days[len(days) // 2] if days and not small(len(days)) else None
        return OnTimeFigures(
            self.name_zh,
            self.name_en,
            decided=self.decided if rated else None,
            on_time=self.on_time if rated else None,
            median_days=median,
        )


def _rated(tallies: dict[int, _Tally]) -> list[OnTimeFigures]:
    """Rated groups first, by share on time, then the rest by name; groups with nothing decided are left out."""
    rows = [t.figures() for t in tallies.values() if t.decided]
    return sorted(rows, key=lambda r: (r.share is None, -(r.share or 0), -(r.decided or 0), r.name_zh))
