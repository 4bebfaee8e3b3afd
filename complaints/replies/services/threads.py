"""The public reply thread of a campaign: the platform's replies and offers, organizers' follow-ups, the
members' answers (which feed their outcome), requests for information and moderators hiding a reply."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.accounts.permissions import require_moderator
from complaints.campaigns.models import Campaign, Membership, MemberTask
from complaints.campaigns.services import task_create
from complaints.core.review import HIDDEN_NOTICE
from complaints.core.services import audit_record
from complaints.filings.models import Outcome
from complaints.filings.services import outcome_confirm
from complaints.filings.workdays import working_days_between
from complaints.notifications.kinds import Kind
from complaints.notifications.services import Target, notify
from complaints.replies.models import InfoRequest, Reply, ReplyFigures, ReplyMark, Representative
from complaints.replies.services.common import RepliesError

# A member's answer to a reply is their outcome in the filings app's words.
OUTCOME_OF = {
    ReplyMark.Answer.SOLVED: Outcome.Result.MADE_WHOLE,
    ReplyMark.Answer.PARTLY: Outcome.Result.PARTLY,
    ReplyMark.Answer.NOT_SOLVED: Outcome.Result.NOT,
}


def _approved_representative(user, campaign: Campaign) -> Representative | None:
    return (
        Representative.objects.select_for_update()
        .filter(user_id=user.pk, platform_id=campaign.platform_id, status=Representative.Status.APPROVED)
        .first()
    )


def _organizer(user, campaign: Campaign) -> bool:
    return Membership.objects.filter(
        user_id=user.pk, campaign=campaign, status=Membership.Status.ACTIVE, role=Membership.Role.ORGANIZER
    ).exists()


def _figures(campaign: Campaign) -> ReplyFigures:
    return ReplyFigures.objects.select_for_update().get_or_create(campaign=campaign)[0]


def _platform_replied(campaign: Campaign, reply: Reply) -> None:
    figures = _figures(campaign)
    figures.latest_reply = reply
    if figures.first_reply_at is None:
        started = timezone.localdate(campaign.reviewed_at or campaign.created_at)
        figures.first_reply_at = reply.created_at
        figures.first_reply_working_days = working_days_between(started, timezone.localdate(reply.created_at))
    figures.save(update_fields=["latest_reply", "first_reply_at", "first_reply_working_days"])


def _platform_param(campaign: Campaign) -> dict[str, str]:
    return {"zh-hans": campaign.platform.name, "en": campaign.platform.display_name("en")}


def _tell_members(actor, campaign: Campaign, reply: Reply) -> None:
    # The platform's own words, not a regulator's answer: a reply and an offer each say what they are.
    notify(
        actor=actor,
        kind=Kind.PLATFORM_OFFER if reply.kind == Reply.Kind.OFFER else Kind.PLATFORM_REPLIED,
        audience="campaign_members",
        audience_args={"campaign": campaign.pk},
        params={"platform": _platform_param(campaign), "campaign": campaign.title},
        target=reply,
        dedupe_key=f"reply:{reply.pk}",
    )


def _tell_organizers(actor, campaign: Campaign, request: InfoRequest) -> None:
    notify(
        actor=actor,
        kind=Kind.INFO_REQUESTED,
        audience="campaign_organizers",
        audience_args={"campaign": campaign.pk},
        params={"platform": _platform_param(campaign), "campaign": campaign.title},
        target=Target(
            type=InfoRequest._meta.label_lower,
            id=str(request.pk),
            url=reverse("replies:requests", args=[campaign.slug]),
        ),
        dedupe_key=f"info_request:{request.pk}",
    )


def reply_post(*, actor, campaign: Campaign, kind: str, text: str) -> Reply:
    """A representative answers on the platform's public campaign; an organizer may post a follow-up."""
    text = text.strip()
    if not text:
        raise RepliesError(_("Write the reply."))
    if not campaign.is_public or kind not in Reply.Kind.values:
        raise PermissionDenied
    with transaction.atomic():
        representative = _approved_representative(actor, campaign)
        if representative is not None:
            role = Reply.Author.PLATFORM
        elif _organizer(actor, campaign):
            role, kind = Reply.Author.ORGANIZER, Reply.Kind.FOLLOW_UP
        else:
            raise PermissionDenied
        reply = Reply.objects.create(
            campaign=campaign,
            platform_id=campaign.platform_id,
            kind=kind,
            author_role=role,
            author=actor,
            representative=representative,
            text=text,
        )
        audit_record(actor=actor, action="reply.post", target=reply, data={"kind": kind, "from": role})
        if role == Reply.Author.PLATFORM:
            _platform_replied(campaign, reply)
            _tell_members(actor, campaign, reply)
    return reply


def _answer_counts(campaign: Campaign) -> tuple[int, int]:
    """(active members who answered a visible platform reply, those whose latest answer is "solved")."""
    latest = ReplyMark.objects.filter(
        membership_id=OuterRef("membership_id"), reply__campaign=campaign, reply__hidden_at__isnull=True
    ).order_by("-updated_at", "-pk")
    counts = ReplyMark.objects.filter(
        reply__campaign=campaign,
        reply__hidden_at__isnull=True,
        membership__status=Membership.Status.ACTIVE,
        pk=Subquery(latest.values("pk")[:1]),
    ).aggregate(answered=Count("pk"), solved=Count("pk", filter=Q(answer=ReplyMark.Answer.SOLVED)))
    return counts["answered"], counts["solved"]


def reply_figures_recount(*, campaign: Campaign) -> ReplyFigures:
    """Count again how many active members' latest answer says "solved for me", and which reply is the newest."""
    with transaction.atomic():
        figures = _figures(campaign)
        figures.answered_count, figures.solved_count = _answer_counts(campaign)
        figures.latest_reply = (
            Reply.objects.filter(campaign=campaign, author_role=Reply.Author.PLATFORM, hidden_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        figures.save(update_fields=["answered_count", "solved_count", "latest_reply"])
    return figures


def reply_mark(*, actor, reply: Reply, answer: str) -> ReplyMark:
    """A member says whether the platform's reply solved their case; it becomes their outcome too."""
    if answer not in ReplyMark.Answer.values:
        raise RepliesError(_("Choose an answer."))
    if not reply.from_platform or reply.is_hidden:
        raise RepliesError(_("Only a reply of the platform can be answered."))
    membership = (
        Membership.objects.select_related("case")
        .filter(user_id=actor.pk, campaign_id=reply.campaign_id, status=Membership.Status.ACTIVE)
        .first()
    )
    if membership is None:
        raise PermissionDenied
    with transaction.atomic():
        mark, _created = ReplyMark.objects.update_or_create(
            reply=reply, membership=membership, defaults={"answer": answer}
        )
        # The amount a member entered on the outcome page stays: the reply changes the result only.
        previous = (
            Outcome.objects.filter(membership=membership).values_list("amount_received", flat=True).first()
        )
        outcome_confirm(
            actor=actor, membership=membership, result=OUTCOME_OF[answer], amount_received=previous
        )
        audit_record(actor=actor, action="reply.mark", target=reply, data={"answer": answer})
        reply_figures_recount(campaign=reply.campaign)
    return mark


def reply_hide(*, actor, reply: Reply, reason: str) -> None:
    """A moderator hid a reported reply: its text gives way to a notice and it no longer counts."""
    require_moderator(actor)
    with transaction.atomic():
        Reply.objects.filter(pk=reply.pk).update(text=HIDDEN_NOTICE, hidden_at=timezone.now())
        audit_record(actor=actor, action="reply.hide", target=reply, reason=reason)
        reply_figures_recount(campaign=reply.campaign)


def info_request_create(*, actor, campaign: Campaign, text: str) -> InfoRequest:
    """A representative asks the members, through the organizers, for specific information."""
    text = text.strip()
    if not text:
        raise RepliesError(_("Say what the platform needs."))
    if not campaign.is_public:
        raise PermissionDenied
    with transaction.atomic():
        representative = _approved_representative(actor, campaign)
        if representative is None:
            raise PermissionDenied
        request = InfoRequest.objects.create(campaign=campaign, representative=representative, text=text)
        figures = _figures(campaign)
        ReplyFigures.objects.filter(pk=figures.pk).update(open_requests=F("open_requests") + 1)
        audit_record(actor=actor, action="info_request.create", target=request)
        _tell_organizers(actor, campaign, request)
    return request


def info_request_make_task(
    *, actor, info_request: InfoRequest, title: str, description: str, audience: str = MemberTask.Audience.ALL
) -> MemberTask:
    """An organizer turns the platform's request into a member task (the task says what members do)."""
    with transaction.atomic():
        locked = InfoRequest.objects.select_for_update().select_related("campaign").get(pk=info_request.pk)
        if locked.status != InfoRequest.Status.OPEN:
            raise RepliesError(_("This request was already turned into a task."))
        if not _organizer(actor, locked.campaign):
            raise PermissionDenied
        task = task_create(
            actor=actor, campaign=locked.campaign, title=title, description=description, audience=audience
        )
        locked.status = InfoRequest.Status.TASK
        locked.task = task
        locked.save(update_fields=["status", "task"])
        ReplyFigures.objects.filter(campaign=locked.campaign, open_requests__gt=0).update(
            open_requests=F("open_requests") - 1
        )
        audit_record(actor=actor, action="info_request.to_task", target=locked, data={"task": task.pk})
    return task
