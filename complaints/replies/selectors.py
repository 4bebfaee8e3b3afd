"""Reads of the replies app: the thread, the public figures, the moderators' queue, a representative's list."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from complaints.campaigns.figures import small, suppress
from complaints.campaigns.models import Campaign, Platform
from complaints.replies.models import InfoRequest, Reply, ReplyFigures, ReplyMark, Representative


def representatives_awaiting_approval() -> QuerySet[Representative]:
    return (
        Representative.objects.filter(status=Representative.Status.AWAITING)
        .select_related("platform")
        .order_by("confirmed_at", "pk")
    )


def representatives_of_platform(platform: Platform) -> QuerySet[Representative]:
    return Representative.objects.filter(platform=platform, status=Representative.Status.APPROVED)


def representations_of_user(user) -> QuerySet[Representative]:
    return Representative.objects.filter(user_id=user.pk).select_related("platform").order_by("-created_at")


def platform_campaigns(platform: Platform) -> QuerySet[Campaign]:
    """A platform's public campaigns, as anyone sees them: what its representatives work through."""
    return Campaign.objects.filter(platform=platform, status__in=Campaign.PUBLIC_STATUSES).order_by(
        "-last_activity_at", "-pk"
    )


def campaign_replies(campaign: Campaign) -> QuerySet[Reply]:
    return Reply.objects.filter(campaign=campaign).select_related("platform").order_by("created_at", "pk")


def open_info_requests(campaign: Campaign) -> QuerySet[InfoRequest]:
    return InfoRequest.objects.filter(campaign=campaign).order_by("-created_at", "-pk")


def my_marks(user, replies: list[Reply]) -> dict[int, str]:
    """The signed-in member's own answers to these replies, by reply id."""
    if not getattr(user, "is_authenticated", False) or not replies:
        return {}
    rows = ReplyMark.objects.filter(reply__in=replies, membership__user_id=user.pk).values_list(
        "reply_id", "answer"
    )
    return dict(rows)


@dataclass(frozen=True)
class MarkFigures:
    """How members answered one reply; None hides a count of 1 to 4 (shown as "fewer than 5")."""

    solved: int | None
    partly: int | None
    not_solved: int | None

    @property
    def few(self) -> bool:
        """Fewer than 5 answers in all: no part of them is shown."""
        return self.solved is None and self.partly is None and self.not_solved is None


def mark_figures(replies: list[Reply]) -> dict[int, MarkFigures]:
    """Per reply, the members' answers with small counts suppressed, in one query."""
    if not replies:
        return {}
    rows = (
        ReplyMark.objects.filter(reply__in=replies)
        .values("reply_id")
        .annotate(
            solved=Count("pk", filter=Q(answer=ReplyMark.Answer.SOLVED)),
            partly=Count("pk", filter=Q(answer=ReplyMark.Answer.PARTLY)),
            not_solved=Count("pk", filter=Q(answer=ReplyMark.Answer.NOT_SOLVED)),
        )
        .order_by()
    )
    out = {}
    for row in rows:
        counts = [row["solved"], row["partly"], row["not_solved"]]
        # The same rule as every public figure: a total under 5 hides all, a single hidden count takes another.
        shown = _suppressed(counts)
        out[row["reply_id"]] = MarkFigures(*shown)
    return out


def _suppressed(counts: list[int]) -> list[int | None]:
    from_campaigns = suppress(counts)
    return [None] * len(counts) if from_campaigns is None else from_campaigns


@dataclass(frozen=True)
class PublicReplyFigures:
    first_reply_days: int | None  # working days from publication to the platform's first reply
    answered: bool
    solved_share: int | None  # percent of members; None when suppressed or nobody answered
    suppressed: bool
    latest: Reply | None = None  # the newest visible platform reply
    open_requests: int = 0  # requests for information waiting for the organizers (not public)
    no_answers: bool = False  # no member has answered the platform's replies yet


def reply_figures_of(campaign) -> QuerySet[ReplyFigures]:
    """The campaign's reply figures row (`campaign`: its id, or an OuterRef to it)."""
    return ReplyFigures.objects.filter(campaign_id=campaign)


def page_figures() -> dict:
    """The campaign page's replies figure (whether the campaign has reply figures at all), read with the other
    panels' in one query (`campaigns.panels`)."""
    return {"replies_figures": lambda campaign, _midnight: Exists(reply_figures_of(campaign))}


def public_reply_figures(campaign: Campaign, *, has_row: bool = True) -> PublicReplyFigures:
    """What the campaign page shows: one row read (with the newest reply), small counts suppressed.
    `has_row=False`: the page knows there is no row to read."""
    figures = (
        reply_figures_of(campaign.pk).select_related("latest_reply__platform").first() if has_row else None
    )
    if figures is None:
        return PublicReplyFigures(None, False, None, False)
    if figures.first_reply_at is None:
        return PublicReplyFigures(None, False, None, False, open_requests=figures.open_requests)
    solved, members, answered = figures.solved_count, campaign.members_count, figures.answered_count
    # No answer yet is said as such ("0%" would read as "nobody was helped"); 1 to 4 answers hide the share.
    hidden = small(answered) or small(solved) or small(members)
    share = None if hidden or not answered or not members else round(100 * min(solved, members) / members)
    return PublicReplyFigures(
        figures.first_reply_working_days,
        True,
        share,
        hidden,
        figures.latest_reply,
        figures.open_requests,
        no_answers=not answered,
    )


def offer_from_reply(campaign: Campaign, ref: str) -> dict | None:
    """A platform's visible settlement offer on this campaign as the start of an offer put to the members'
    vote (the ballots app's offer source "reply")."""
    if not ref.isdigit():
        return None
    reply = (
        Reply.objects.filter(pk=int(ref), campaign=campaign, kind=Reply.Kind.OFFER, hidden_at__isnull=True)
        .select_related("platform")
        .first()
    )
    if reply is None or not reply.from_platform:
        return None
    label = _("%(platform)s's settlement offer of %(date)s") % {
        "platform": reply.platform.name,
        "date": date_format(timezone.localdate(reply.created_at), "DATE_FORMAT"),
    }
    return {"terms": reply.text, "source_label": label}
