"""Services of the campaigns app: every change to a campaign, membership, case, update or member task.

Figures on the campaign row (members, totals, histograms, dates) are changed only here, in the same
transaction as the rows they describe, with the campaign row locked: joins, leaves and case edits of one
campaign are serialized, so pseudonym numbers and counters never race.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from complaints.accounts.models import User
from complaints.accounts.permissions import require_moderator
from complaints.campaigns import search
from complaints.campaigns.cache import roster_changed
from complaints.campaigns.figures import AMOUNT_EDGES, amount_bucket
from complaints.campaigns.matching import text_language
from complaints.campaigns.models import (
    MAIN_CURRENCY,
    Campaign,
    CampaignUpdate,
    Case,
    Membership,
    MemberTask,
    Platform,
    TaskCompletion,
)
from complaints.campaigns.signals import member_joined  # outreach hook
from complaints.core.prepared import PreparedInsert, PreparedRead, PreparedUpdate
from complaints.core.services import audit_record

CENT = Decimal("0.01")
RESERVED_SLUGS = {"new", "mine", "search", "start", "edit"}


class CampaignError(Exception):
    """A request the rules do not allow; the message is shown to the person."""


@dataclass(frozen=True)
class CaseFacts:
    amount: Decimal | None = None
    currency: str = MAIN_CURRENCY
    incident_date: date | None = None
    references: str = ""
    account: str = ""


@dataclass(frozen=True)
class _Contribution:
    """What one active membership adds to its campaign's figures."""

    amount: Decimal | None
    currency: str
    incident_date: date | None
    joined_month: str
    resolved: bool


@dataclass
class _FigureChange:
    members: int = 0
    resolved: int = 0
    cny: Decimal = field(default_factory=lambda: Decimal("0"))


def _contribution(membership: Membership, case: Case | None) -> _Contribution | None:
    if membership.status != Membership.Status.ACTIVE:
        return None
    return _Contribution(
        amount=case.amount if case else None,
        currency=case.currency if case else MAIN_CURRENCY,
        incident_date=case.incident_date if case else None,
        joined_month=_month(membership.joined_at),
        resolved=membership.resolved_at is not None,
    )


def _month(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m")


# Two identical organizer posts this close together are one double submit, not two messages.
DOUBLE_SUBMIT_WINDOW = timedelta(seconds=60)


# Every change to a campaign's members or figures takes this lock first; its SQL is built once per process.
_LOCKED_CAMPAIGN = PreparedRead(lambda pk: Campaign.objects.select_for_update().filter(pk=pk), int)


# By slug: the join POST leaves reading the campaign to this lock (one round trip fewer per join).
_LOCKED_FOR_JOIN = PreparedRead(
    lambda slug, user_id: (
        Campaign.objects.select_for_update(of=("self",))
        .annotate(
            joiner_membership_id=Subquery(
                Membership.objects.filter(campaign_id=OuterRef("pk"), user_id=user_id).values("pk")[:1]
            )
        )
        .filter(slug=slug)
    ),
    str,
    int,
)


# A first join writes a membership and its case: the two INSERTs every join sends, built once per process.
_INSERT_MEMBERSHIP = PreparedInsert(Membership)
_INSERT_CASE = PreparedInsert(Case)
# Every change to a campaign's figures is one UPDATE of the locked row.
_UPDATE_CAMPAIGN = PreparedUpdate(Campaign)


def _lock(campaign_pk: int) -> Campaign:
    """The campaign, locked; it must exist."""
    locked = _LOCKED_CAMPAIGN.first(campaign_pk)
    if locked is None:
        raise Campaign.DoesNotExist(f"no campaign {campaign_pk}")
    return locked


def _apply_figures(
    locked: Campaign, old: _Contribution | None, new: _Contribution | None, *, also: dict | None = None
) -> None:
    """Move the locked campaign's figures from one contribution of a membership to another, in one
    UPDATE that also adds to the columns in `also` (a join's pseudonym counter, by 1)."""
    roster_changed(locked.pk)  # every caller changed a member row
    if old == new:
        if also:
            _UPDATE_CAMPAIGN(locked.pk, add=also)
        return
    change = _FigureChange(
        members=(new is not None) - (old is not None),
        resolved=int(bool(new and new.resolved)) - int(bool(old and old.resolved)),
    )
    histogram = dict(locked.amount_histogram)
    others = dict(locked.claimed_other_currencies)
    months = dict(locked.joins_by_month)
    for sign, part in ((-1, old), (1, new)):
        if part is None:
            continue
        months[part.joined_month] = months.get(part.joined_month, 0) + sign
        if part.amount is None:
            continue
        if part.currency == MAIN_CURRENCY:
            change.cny += sign * part.amount
            key = str(amount_bucket(part.amount))
            histogram[key] = histogram.get(key, 0) + sign
        else:
            others[part.currency] = str(
                (Decimal(others.get(part.currency, "0")) + sign * part.amount).quantize(CENT)
            )
    updates: dict = {
        "amount_histogram": {k: v for k, v in histogram.items() if v},
        "claimed_other_currencies": {k: v for k, v in others.items() if Decimal(v)},
        "joins_by_month": {k: v for k, v in months.items() if v},
        "last_activity_at": timezone.now(),
    }
    growth = dict(also or {})
    if change.members:
        growth["members_count"] = change.members
    if change.resolved:
        growth["confirmed_resolved_count"] = change.resolved
    if change.cny:
        growth["total_claimed"] = change.cny
    recount_dates = bool(
        old
        and old.incident_date
        and old.incident_date in (locked.first_incident_on, locked.last_incident_on)
        and (new is None or new.incident_date != old.incident_date)
    )
    if new and new.incident_date and not recount_dates:
        first, last = locked.first_incident_on, locked.last_incident_on
        updates["first_incident_on"] = min(d for d in (first, new.incident_date) if d)
        updates["last_incident_on"] = max(d for d in (first, last, new.incident_date) if d)
    _UPDATE_CAMPAIGN(locked.pk, set=updates, add=growth)
    if recount_dates:
        # The earliest or latest date went away: only the rows know the next one.
        _refresh_incident_range(locked.pk)


def _refresh_incident_range(campaign_pk: int) -> None:
    active = Case.objects.filter(
        membership__campaign_id=campaign_pk, membership__status=Membership.Status.ACTIVE
    )
    bounds = active.aggregate(first=Min("incident_date"), last=Max("incident_date"))
    Campaign.objects.filter(pk=campaign_pk).update(
        first_incident_on=bounds["first"], last_incident_on=bounds["last"]
    )


def _unique_slug(title: str, platform: Platform, category: str) -> str:
    base = slugify(title)[:60].strip("-")
    if len(base) < 4:
        base = f"{platform.slug}-{category.replace('_', '-')}"[:60]
    candidate = base
    for _attempt in range(5):
        if candidate not in RESERVED_SLUGS and not Campaign.objects.filter(slug=candidate).exists():
            return candidate
        candidate = f"{base}-{secrets.token_hex(3)}"
    return f"{base}-{secrets.token_hex(6)}"


def _case_from(facts: CaseFacts, membership: Membership) -> Case:
    return Case(
        membership=membership,
        amount=facts.amount,
        currency=facts.currency or MAIN_CURRENCY,
        incident_date=facts.incident_date,
        references=facts.references,
        account=facts.account,
    )


@dataclass(frozen=True)
class PlatformProposal:
    """A platform as a person named it at intake: the name they know, the app or website, the company."""

    name: str
    where: str = ""
    company: str = ""


def platform_propose(*, actor: User, proposal: PlatformProposal) -> Platform:
    """Add a platform nobody has named yet, pending review with the campaign that brought it."""
    where = proposal.where.strip()
    is_site = "." in where and " " not in where
    website = where if "://" in where else f"https://{where}" if is_site else ""
    aliases = [where] if where and not is_site and where != proposal.name else []
    base = slugify(proposal.name)[:50].strip("-") or "platform"
    slug = f"{base}-{secrets.token_hex(3)}"
    with transaction.atomic():
        platform = Platform.objects.create(
            slug=slug,
            name=proposal.name.strip()[:120],
            legal_entity=proposal.company.strip()[:200],
            website=website[:200],
            aliases=aliases,
            status=Platform.Status.PENDING,
            proposed_by=actor,
        )
        audit_record(actor=actor, action="platform.propose", target=platform)
    return platform


def campaign_start(
    *,
    actor: User,
    platform: Platform | None,
    category: str,
    title: str,
    summary: str,
    demands: str,
    facts: CaseFacts | None = None,
    share_with_group: bool = False,
    include_in_filings: bool = False,
    new_platform: PlatformProposal | None = None,
) -> Campaign:
    """Open a new campaign for moderation; the starter becomes its organizer with their own case. A platform
    they named (`new_platform`) is added pending, and reviewed with the campaign."""
    with transaction.atomic():
        if platform is None:
            platform = platform_propose(actor=actor, proposal=new_platform)
        campaign = Campaign.objects.create(
            slug=_unique_slug(title, platform, category),
            title=title.strip(),
            platform=platform,
            category=category,
            summary=summary.strip(),
            demands=demands.strip(),
            language=text_language(f"{title} {summary}"),
            status=Campaign.Status.PENDING,
            created_by=actor,
            pseudonym_counter=1,
        )
        membership = Membership.objects.create(
            campaign=campaign,
            user=actor,
            role=Membership.Role.ORGANIZER,
            pseudonym_number=1,
            share_with_group=share_with_group,
            include_in_filings=include_in_filings,
            consent_updated_at=timezone.now(),
        )
        case = _case_from(facts or CaseFacts(), membership)
        case.save()
        _apply_figures(_lock(campaign.pk), None, _contribution(membership, case))
        search.index_campaigns([campaign.pk])
        audit_record(actor=actor, action="campaign.start", target=campaign)
    transaction.on_commit(partial(_tell_moderators_if_pending, actor, campaign.pk))
    campaign.refresh_from_db()
    return campaign


def _tell_moderators_if_pending(actor: User, campaign_id: int, *, round_key: str = "pending") -> None:
    """After commit, and only if the campaign still waits: one decided in the same transaction (the demo, an
    import) leaves no "waiting for a moderator" notice behind that its decision could not settle."""
    from complaints.moderation.services import moderators_notify

    campaign = Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.PENDING).first()
    if campaign is not None:
        moderators_notify(
            actor=actor, queue="campaigns", target=campaign, dedupe_key=f"campaign:{campaign.pk}:{round_key}"
        )


def _page_texts(
    *,
    title: str,
    summary: str,
    demands: str,
    title_translation: str | None,
    summary_translation: str | None,
    demands_translation: str | None,
) -> dict:
    """The page's columns for these texts. Its language follows what the original is written in; the
    translation changes only when given, and one without a title is none."""
    changes = {"title": title.strip(), "summary": summary.strip(), "demands": demands.strip()}
    changes["language"] = text_language(f"{changes['title']} {changes['summary']}")
    if title_translation is not None:
        translated_title = title_translation.strip()
        changes["title_translation"] = translated_title
        changes["summary_translation"] = (summary_translation or "").strip() if translated_title else ""
        changes["demands_translation"] = (demands_translation or "").strip() if translated_title else ""
    return changes


def campaign_edit(
    *,
    actor: User,
    campaign: Campaign,
    title: str,
    summary: str,
    demands: str,
    title_translation: str | None = None,
    summary_translation: str | None = None,
    demands_translation: str | None = None,
) -> Campaign:
    """Change the campaign page: title, summary and demands, and (when given) their translation."""
    changes = _page_texts(
        title=title,
        summary=summary,
        demands=demands,
        title_translation=title_translation,
        summary_translation=summary_translation,
        demands_translation=demands_translation,
    )
    with transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(**changes, last_activity_at=timezone.now())
        search.index_campaigns([campaign.pk])
        audit_record(actor=actor, action="campaign.edit", target=campaign)
    campaign.refresh_from_db()
    return campaign


def campaign_close(*, actor: User, campaign: Campaign, reason: str) -> Campaign:
    """An organizer ends an open campaign with a closing note the members receive as an update.

    A closed campaign stays readable but takes no new members; the evidence retention clock
    (complaints/evidence/retention.py) starts at `closed_at`.
    """
    reason = reason.strip()
    if not reason:
        raise CampaignError(_("Tell the members why the campaign ends and what came of it."))
    with transaction.atomic():
        locked = _lock(campaign.pk)
        if not Membership.objects.filter(
            campaign=locked, user=actor, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
        ).exists():
            raise PermissionDenied
        now = timezone.now()
        updated = Campaign.objects.filter(pk=locked.pk, status=Campaign.Status.OPEN).update(
            status=Campaign.Status.CLOSED, closed_at=now, last_activity_at=now
        )
        if updated != 1:
            raise CampaignError(_("Only an open campaign can be closed."))
        audit_record(actor=actor, action="campaign.close", target=locked, reason=reason)
    campaign.refresh_from_db()
    campaign_post_update(actor=actor, campaign=campaign, title=_("The campaign is closed"), body=reason)
    return campaign


def campaign_join(
    *,
    actor: User,
    campaign: Campaign | str,
    facts: CaseFacts | None = None,
    share_with_group: bool = False,
    include_in_filings: bool = False,
) -> tuple[Membership, bool]:
    """Make the actor a member with their case; a repeated or concurrent call returns the same membership.

    `campaign` may be its slug, for a caller that has not read it (the join POST): the lock reads it, and
    only an open campaign (a public one) takes new members. Campaign.DoesNotExist when there is none.
    """
    facts = facts or CaseFacts()
    slug = campaign if isinstance(campaign, str) else campaign.slug
    try:
        with transaction.atomic():
            # The lock also says whether the person has a membership here: under the campaign's lock no
            # other join of theirs can add one, so a first join (most joins) reads nothing more.
            locked = _LOCKED_FOR_JOIN.first(slug, actor.pk)
            if locked is None:
                raise Campaign.DoesNotExist(f"no campaign {slug!r}")
            membership = None
            if locked.joiner_membership_id is not None:
                membership = (
                    Membership.objects.select_for_update(of=("self",))
                    .select_related("case")
                    .get(pk=locked.joiner_membership_id)
                )
            if membership is not None and membership.is_active:
                return membership, False
            if locked.status != Campaign.Status.OPEN:
                raise CampaignError(_("This campaign is not open for new members."))
            now = timezone.now()
            counter: dict = {}
            if membership is None:
                # The counter only grows: a number once given is never given to anyone else. It moves in
                # the figures' UPDATE below, under the same lock.
                counter = {"pseudonym_counter": 1}
                membership = Membership(
                    campaign=locked,
                    user=actor,
                    pseudonym_number=locked.pseudonym_counter + 1,
                    share_with_group=share_with_group,
                    include_in_filings=include_in_filings,
                    consent_updated_at=now,
                )
                _INSERT_MEMBERSHIP([membership])
                case = _case_from(facts, membership)
                _INSERT_CASE([case])
            else:
                # Coming back: same member number, the case as it was unless new facts are given.
                membership.status = Membership.Status.ACTIVE
                membership.role = Membership.Role.MEMBER
                membership.joined_at = now
                membership.left_at = None
                membership.share_with_group = share_with_group
                membership.include_in_filings = include_in_filings
                membership.consent_updated_at = now
                membership.save()
                case = _case_or_new(membership)
                _fill_case(case, facts, overwrite=True)
                case.save()
            _apply_figures(locked, None, _contribution(membership, case), also=counter)
            # In the same transaction: one commit (one WAL flush) per join instead of three, and the
            # announcements exist exactly when the membership does; their fan-out starts after commit.
            _notify_joined(membership)
            member_joined.send(sender=Membership, membership=membership)  # outreach hook
    except IntegrityError:
        # Another request of the same person won the race between our check and insert.
        membership = Membership.objects.select_related("campaign").get(campaign__slug=slug, user=actor)
        return membership, False
    return membership, True


def _notify_joined(membership: Membership) -> None:
    """Tell the organizers (grouped per campaign and day). The member is not told what they just did: the
    join page shows their member number, and nobody gets an email about their own click."""
    from complaints.notifications.kinds import Kind, in_each_language
    from complaints.notifications.services import fan_out_together, notify

    campaign = membership.campaign
    key = f"membership:{membership.pk}:joined:{membership.joined_at.isoformat()}"
    number = {"number": membership.pseudonym_number}
    with fan_out_together():
        notify(
            actor=membership.user,
            kind=Kind.MEMBER_JOINED,
            audience="campaign_organizers",
            audience_args={"campaign": campaign.pk},
            params={
                "campaign": campaign.title,
                "detail": in_each_language(_("The newest is Member #%(number)s."), **number),
                # One notification per organizer per campaign and day, counted up in place by the fan-out.
                "group": f"member_joined:campaign:{campaign.pk}:{timezone.localdate().isoformat()}",
                "count": 1,
            },
            target=campaign,
            dedupe_key=key,
        )


def _case_or_new(membership: Membership) -> Case:
    try:
        return membership.case
    except Case.DoesNotExist:
        return Case(membership=membership)


def _fill_case(case: Case, facts: CaseFacts, *, overwrite: bool) -> None:
    for name in ("amount", "currency", "incident_date", "references", "account"):
        value = getattr(facts, name)
        if value in (None, "") or (name == "currency" and case.amount is not None and facts.amount is None):
            continue
        if overwrite or getattr(case, name) in (None, ""):
            setattr(case, name, value)


def membership_leave(*, actor: User, membership: Membership) -> Membership:
    """Leave a campaign: the member's case stops counting and every consent is withdrawn."""
    with transaction.atomic():
        locked = _lock(membership.campaign_id)
        membership = (
            Membership.objects.select_for_update(of=("self",)).select_related("case").get(pk=membership.pk)
        )
        if not membership.is_active:
            return membership
        if membership.role == Membership.Role.ORGANIZER and locked.members_count > 1:
            other_organizers = (
                Membership.objects.filter(
                    campaign_id=locked.pk, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
                )
                .exclude(pk=membership.pk)
                .exists()
            )
            if not other_organizers:
                raise CampaignError(_("Promote another member to organizer before you leave."))
        old = _contribution(membership, _case_or_new(membership))
        now = timezone.now()
        membership.status = Membership.Status.LEFT
        membership.role = Membership.Role.MEMBER
        membership.left_at = now
        # Design: withdrawing consent takes effect for every filing not yet submitted (issue 5 reads these).
        membership.share_with_group = False
        membership.include_in_filings = False
        membership.consent_updated_at = now
        membership.save()
        _apply_figures(locked, old, None)
        from complaints.evidence.services import evidence_withdraw_consent

        # Leaving withdraws the sharing choices of the member's evidence too, so rejoining shares nothing.
        evidence_withdraw_consent(actor=actor, membership=membership)
        audit_record(actor=actor, action="membership.leave", target=membership)
    return membership


def case_update(*, actor: User, membership: Membership, facts: CaseFacts) -> Case:
    """Save a member's own case; the campaign's figures follow."""
    with transaction.atomic():
        locked = _lock(membership.campaign_id)
        membership = (
            Membership.objects.select_for_update(of=("self",)).select_related("case").get(pk=membership.pk)
        )
        if not membership.is_active:
            raise CampaignError(_("Join the campaign again to change your case."))
        case = _case_or_new(membership)
        old = _contribution(membership, case)
        case.amount = facts.amount
        case.currency = facts.currency or MAIN_CURRENCY
        case.incident_date = facts.incident_date
        case.references = facts.references
        case.account = facts.account
        case.save()
        _apply_figures(locked, old, _contribution(membership, case))
    return case


def membership_consent_update(
    *, actor: User, membership: Membership, share_with_group: bool, include_in_filings: bool
) -> Membership:
    """Record what a member agrees to share; kept in the audit log because filings rely on it."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if not membership.is_active:
            raise CampaignError(_("Join the campaign again to change your consent."))
        if (membership.share_with_group, membership.include_in_filings) == (
            share_with_group,
            include_in_filings,
        ):
            return membership
        if membership.include_in_filings and not include_in_filings:
            membership.consent_withdrawn_at = timezone.now()
        elif include_in_filings:
            membership.consent_withdrawn_at = None
        membership.share_with_group = share_with_group
        membership.include_in_filings = include_in_filings
        membership.consent_updated_at = timezone.now()
        membership.save(
            update_fields=[
                "share_with_group",
                "include_in_filings",
                "consent_updated_at",
                "consent_withdrawn_at",
            ]
        )
        roster_changed(membership.campaign_id)
        audit_record(
            actor=actor,
            action="membership.consent",
            target=membership,
            data={"share_with_group": share_with_group, "include_in_filings": include_in_filings},
        )
    from complaints.notifications.kinds import Kind, in_each_language
    from complaints.notifications.services import notify_user

    yes, no = _("yes"), _("no")
    notify_user(
        actor=None,  # the member is told even of their own change: "if you did not make it, tell us"
        user=membership.user,
        kind=Kind.CONSENT_CHANGED,
        params={
            "campaign": membership.campaign.title,
            "detail": in_each_language(
                _("Share your case with the group: %(share)s. Include it in group filings: %(include)s."),
                share=yes if share_with_group else no,
                include=yes if include_in_filings else no,
            ),
        },
        target=membership.campaign,
        dedupe_key=f"membership:{membership.pk}:consent:{membership.consent_updated_at.isoformat()}",
    )
    return membership


def membership_confirm_resolved(*, actor: User, membership: Membership, resolved: bool) -> Membership:
    """A member says they were made whole (or takes it back); feeds the campaign's share resolved."""
    with transaction.atomic():
        locked = _lock(membership.campaign_id)
        membership = (
            Membership.objects.select_for_update(of=("self",)).select_related("case").get(pk=membership.pk)
        )
        if not membership.is_active:
            raise CampaignError(_("Join the campaign again to change your case."))
        if (membership.resolved_at is not None) == resolved:
            return membership
        case = _case_or_new(membership)
        old = _contribution(membership, case)
        membership.resolved_at = timezone.now() if resolved else None
        membership.save(update_fields=["resolved_at"])
        _apply_figures(locked, old, _contribution(membership, case))
    return membership


def membership_promote(*, actor: User, membership: Membership) -> Membership:
    """Make an active member a co-organizer."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if not membership.is_active:
            raise CampaignError(_("Only active members can become organizers."))
        if membership.role == Membership.Role.ORGANIZER:
            return membership
        membership.role = Membership.Role.ORGANIZER
        membership.save(update_fields=["role"])
        roster_changed(membership.campaign_id)
        audit_record(actor=actor, action="campaign.promote", target=membership)
    from complaints.notifications.kinds import Kind, in_each_language
    from complaints.notifications.services import notify_user

    notify_user(
        actor=actor,
        user=membership.user,
        kind=Kind.MEMBERSHIP_CHANGED,
        params={
            "campaign": membership.campaign.title,
            "detail": in_each_language(_("You are now an organizer of this campaign.")),
        },
        target=membership.campaign,
        dedupe_key=f"membership:{membership.pk}:organizer",
    )
    return membership


def organizer_handover(*, actor: User | None, user: User, reason: str) -> list[Campaign]:
    """Hand every campaign that `user` alone organizes to a successor (an account being deleted or
    suspended must not leave a campaign without anyone to run it); returns the campaigns handed over."""
    from complaints.campaigns.selectors import organizer_successor

    handed: list[Campaign] = []
    campaign_ids = list(
        Membership.objects.filter(
            user=user, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
        ).values_list("campaign_id", flat=True)
    )
    for campaign_id in sorted(campaign_ids):
        with transaction.atomic():
            locked = _lock(campaign_id)
            still_organizes = Membership.objects.filter(
                campaign=locked, user=user, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
            ).exists()
            if not still_organizes:
                continue
            other_organizers = (
                Membership.objects.filter(
                    campaign=locked, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
                )
                .exclude(user=user)
                .exists()
            )
            if other_organizers:
                continue
            successor = organizer_successor(locked, user)
            if successor is None:
                continue
            Membership.objects.filter(pk=successor.pk).update(role=Membership.Role.ORGANIZER)
            roster_changed(locked.pk)
            audit_record(
                actor=actor,
                action="campaign.organizer_handover",
                target=locked,
                reason=reason,
                data={"from_user": user.pk, "to_membership": successor.pk},
            )
            handed.append(locked)
    return handed


def campaign_post_update(*, actor: User, campaign: Campaign, title: str, body: str) -> CampaignUpdate:
    """Post an organizer's update on the campaign timeline."""
    with transaction.atomic():
        _lock(campaign.pk)
        # A double click or a resent form posts the same update twice: the members get it once.
        update = CampaignUpdate.objects.filter(
            campaign=campaign, author=actor, title=title.strip(), body=body.strip(),
            created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
        ).first()  # fmt: skip
        if update is not None:
            return update
        update = CampaignUpdate.objects.create(
            campaign=campaign, author=actor, title=title.strip(), body=body.strip()
        )
        Campaign.objects.filter(pk=campaign.pk).update(last_activity_at=timezone.now())
    from complaints.notifications.kinds import Kind
    from complaints.notifications.services import Target, notify

    notify(
        actor=actor,
        kind=Kind.UPDATE_POSTED,
        audience="campaign_members",
        audience_args={"campaign": campaign.pk},
        params={"campaign": campaign.title, "update": update.title},
        target=Target(
            type=update._meta.label_lower,
            id=str(update.pk),
            url=reverse("campaigns:updates", args=[campaign.slug]) + f"#update-{update.pk}",
        ),
        dedupe_key=f"update:{update.pk}",
    )
    return update


def task_create(
    *,
    actor: User,
    campaign: Campaign,
    title: str,
    description: str,
    audience: str,
    due_on: date | None = None,
) -> MemberTask:
    """Ask members (all, or those missing something) to do something for the campaign."""
    with transaction.atomic():
        _lock(campaign.pk)
        # The same task sent twice in a row (double click, resent form) is one task.
        task = MemberTask.objects.filter(
            campaign=campaign, created_by=actor, title=title.strip(), description=description.strip(),
            audience=audience, created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
        ).first()  # fmt: skip
        if task is not None:
            return task
        task = MemberTask.objects.create(
            campaign=campaign,
            title=title.strip(),
            description=description.strip(),
            audience=audience,
            created_by=actor,
            due_on=due_on,
        )
        audit_record(actor=actor, action="campaign.task_create", target=campaign, data={"task": task.pk})
    from complaints.notifications.kinds import Kind
    from complaints.notifications.services import Target, notify

    notify(
        actor=actor,
        kind=Kind.TASK_ASSIGNED,
        audience="campaign_members",
        audience_args={"campaign": campaign.pk, "task_audience": task.audience},
        params={"campaign": campaign.title, "task": task.title},
        target=Target(
            type=task._meta.label_lower,
            id=str(task.pk),
            url=reverse("campaigns:task", args=[campaign.slug, task.pk]),
        ),
        dedupe_key=f"task:{task.pk}",
    )
    return task


TASK_REMINDER_DAYS = 2


def tasks_remind_due(*, today: date | None = None) -> int:
    """Remind the members a task is for, and who have not done it, that it is due within two days.

    Each task is claimed with a conditional update, so a beat run repeated or overlapping reminds once;
    the fan-out itself is deduplicated per task as well.
    """
    from complaints.notifications.kinds import Kind
    from complaints.notifications.services import Target, notify

    today = today or timezone.localdate()
    due = MemberTask.objects.filter(
        due_on__isnull=False,
        due_on__gte=today,
        due_on__lte=today + timedelta(days=TASK_REMINDER_DAYS),
        due_reminded_at__isnull=True,
        campaign__status=Campaign.Status.OPEN,
    ).select_related("campaign")
    reminded = 0
    for task in due.iterator():
        with transaction.atomic():
            if not MemberTask.objects.filter(pk=task.pk, due_reminded_at__isnull=True).update(
                due_reminded_at=timezone.now()
            ):
                continue
            notify(
                actor=None,
                kind=Kind.TASK_DUE,
                audience="campaign_members",
                audience_args={
                    "campaign": task.campaign_id,
                    "task_audience": task.audience,
                    "not_done": task.pk,
                },
                params={
                    "campaign": task.campaign.title,
                    "task": task.title,
                    "due": {"date": task.due_on.isoformat()},
                },
                target=Target(
                    type=task._meta.label_lower,
                    id=str(task.pk),
                    url=reverse("campaigns:task", args=[task.campaign.slug, task.pk]),
                ),
                dedupe_key=f"task:{task.pk}:due",
            )
        reminded += 1
    return reminded


def task_complete(*, actor: User, task: MemberTask, membership: Membership) -> TaskCompletion:
    """Mark a task done for a member; doing it twice counts once."""
    if membership.campaign_id != task.campaign_id or not membership.is_active:
        raise CampaignError(_("This task is not for you."))
    try:
        with transaction.atomic():
            completion, created = TaskCompletion.objects.get_or_create(task=task, membership=membership)
            if created:
                MemberTask.objects.filter(pk=task.pk).update(completions_count=F("completions_count") + 1)
    except IntegrityError:
        completion = TaskCompletion.objects.get(task=task, membership=membership)
    from complaints.notifications.kinds import Kind
    from complaints.notifications.services import notifications_settle

    # The task's notices no longer ask this member for anything.
    notifications_settle(
        target=task, kinds=[Kind.TASK_ASSIGNED, Kind.TASK_DUE], recipient_ids=[membership.user_id]
    )
    return completion


# --- Moderation -------------------------------------------------------------------------------------------


def _settle_for_moderators(campaign: Campaign) -> None:
    from complaints.moderation.services import moderators_settle

    moderators_settle(target=campaign)


def campaign_approve(*, actor: User, campaign: Campaign, reason: str = "") -> Campaign:
    """Open a campaign that waited for review (once the platform it brought is decided)."""
    require_moderator(actor)
    if Platform.objects.filter(pk=campaign.platform_id, status=Platform.Status.PENDING).exists():
        raise CampaignError(_("Decide on the platform this campaign brought first."))
    with transaction.atomic():
        updated = Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.PENDING).update(
            status=Campaign.Status.OPEN, reviewed_at=timezone.now(), last_activity_at=timezone.now()
        )
        if updated != 1:
            raise CampaignError(_("This campaign is no longer waiting for review."))
        audit_record(actor=actor, action="campaign.approve", target=campaign, reason=reason)
    campaign.refresh_from_db()
    _settle_for_moderators(campaign)
    _notify_organizers(actor, campaign, "CAMPAIGN_APPROVED", {})
    return campaign


def campaign_reject(*, actor: User, campaign: Campaign, reason: str) -> Campaign:
    """Turn a campaign down with a reason its organizer sees."""
    require_moderator(actor)
    if not reason.strip():
        raise CampaignError(_("Give the organizer a reason."))
    with transaction.atomic():
        updated = Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.PENDING).update(
            status=Campaign.Status.REJECTED, rejection_reason=reason.strip(), reviewed_at=timezone.now()
        )
        if updated != 1:
            raise CampaignError(_("This campaign is no longer waiting for review."))
        audit_record(actor=actor, action="campaign.reject", target=campaign, reason=reason)
    campaign.refresh_from_db()
    _settle_for_moderators(campaign)
    _notify_organizers(actor, campaign, "CAMPAIGN_REJECTED", {"reason": reason.strip()})
    return campaign


def campaign_resubmit(
    *,
    actor: User,
    campaign: Campaign,
    title: str,
    summary: str,
    demands: str,
    platform: PlatformProposal | None = None,
    title_translation: str | None = None,
    summary_translation: str | None = None,
    demands_translation: str | None = None,
) -> Campaign:
    """An organizer corrects a rejected campaign (and the platform it named, when that was rejected too) and
    sends it back to the moderators. The earlier reason stays on both, so the queue shows what was asked."""
    with transaction.atomic():
        locked = _lock(campaign.pk)
        if not Membership.objects.filter(
            campaign=locked, user=actor, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
        ).exists():
            raise PermissionDenied
        if locked.status != Campaign.Status.REJECTED:
            raise CampaignError(_("Only a campaign that was not approved can be corrected and sent again."))
        named = Platform.objects.select_for_update().get(pk=locked.platform_id)
        earlier_name = named.name
        if named.status == Platform.Status.REJECTED:
            if platform is None or not platform.name.strip():
                raise CampaignError(_("Correct the platform's name, as the moderator asked."))
            where = platform.where.strip()
            named.name, named.legal_entity = platform.name.strip()[:120], platform.company.strip()[:200]
            named.aliases = [where[:120]] if where and where != named.name else []
            named.status = Platform.Status.PENDING
            named.save(update_fields=["name", "legal_entity", "aliases", "status"])
        texts = _page_texts(
            title=title,
            summary=summary,
            demands=demands,
            title_translation=title_translation,
            summary_translation=summary_translation,
            demands_translation=demands_translation,
        )
        Campaign.objects.filter(pk=locked.pk).update(
            **texts, status=Campaign.Status.PENDING, last_activity_at=timezone.now()
        )
        search.index_campaigns([locked.pk])
        # A new round of review: the moderators are told again (the first notice was settled by the rejection).
        round_key = f"resubmitted:{timezone.now():%Y%m%d%H%M%S%f}"
        transaction.on_commit(partial(_tell_moderators_if_pending, actor, locked.pk, round_key=round_key))
        audit_record(
            actor=actor,
            action="campaign.resubmit",
            target=locked,
            data={"earlier_reason": locked.rejection_reason}
            | ({"platform_renamed": [earlier_name, named.name]} if named.name != earlier_name else {}),
        )
    campaign.refresh_from_db()
    return campaign


def _notify_organizers(actor: User, campaign: Campaign, kind: str, params: dict) -> None:
    from complaints.notifications.kinds import Kind
    from complaints.notifications.services import notify

    notify(
        actor=actor,
        kind=Kind[kind],
        audience="campaign_organizers",
        audience_args={"campaign": campaign.pk},
        params={"campaign": campaign.title, **params},
        target=campaign,
        # One message per review decision: a campaign resubmitted and rejected again is told again.
        dedupe_key=f"campaign:{campaign.pk}:{campaign.reviewed_at.isoformat() if campaign.reviewed_at else ''}",
    )


MERGE_BATCH = 1000


def campaign_merge(*, actor: User, source: Campaign, target: Campaign, reason: str = "") -> Campaign:
    """Fold a duplicate campaign into another: memberships and cases move, the old address redirects."""
    require_moderator(actor)
    if source.pk == target.pk:
        raise CampaignError(_("A campaign cannot be merged into itself."))
    with transaction.atomic():
        # Lock both rows in a fixed order so two merges cannot deadlock.
        locked = {
            c.pk: c
            for c in Campaign.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")
        }
        source, target = locked[source.pk], locked[target.pk]
        if source.status not in (Campaign.Status.PENDING, Campaign.Status.OPEN):
            raise CampaignError(_("Only a campaign waiting for review or open can be merged."))
        if target.status != Campaign.Status.OPEN:
            raise CampaignError(_("Merge into an open campaign."))
        if target.platform_id not in search.same_platform_ids(source.platform):
            raise CampaignError(
                _(
                    "These campaigns are about different platforms: merging would move members to another "
                    "company's campaign. Merge only campaigns of the same platform."
                )
            )
        duplicates = _merge_duplicates(source, target)
        moved = _merge_move(source, target)
        campaign_recount(campaign=target)
        campaign_recount(campaign=source)
        Campaign.objects.filter(pk=source.pk).update(
            status=Campaign.Status.MERGED, merged_into=target, reviewed_at=timezone.now()
        )
        # Anything merged into the source earlier now points straight at the target.
        Campaign.objects.filter(merged_into=source).update(merged_into=target)
        CampaignUpdate.objects.create(
            campaign=target, author=None, kind=CampaignUpdate.Kind.MERGE, title=source.title, body=""
        )
        audit_record(
            actor=actor,
            action="campaign.merge",
            target=source,
            reason=reason,
            data={"into": target.pk, "moved": moved, "duplicates": duplicates},
        )
    # Members learn it from Membership.merged_from on their dashboard and the target's timeline.
    from complaints.notifications.kinds import Kind
    from complaints.notifications.services import notify

    notify(
        actor=actor,
        kind=Kind.CAMPAIGN_MERGED,
        audience="campaign_members",
        audience_args={"campaign": target.pk, "merged_from": source.pk},
        params={"campaign": source.title, "into": target.title},
        target=target,
        dedupe_key=f"campaign:{source.pk}:into:{target.pk}",
    )
    from complaints.evidence.services import evidence_merge_follow

    evidence_merge_follow(source=source, target=target)
    source.refresh_from_db()
    return source


def _merge_duplicates(source: Campaign, target: Campaign) -> int:
    """People in both campaigns keep their target membership, completed with facts from the source."""
    dupes = Membership.objects.filter(
        campaign=source, user_id__in=Membership.objects.filter(campaign=target).values("user_id")
    ).select_related("case")
    count = 0
    for old in dupes:
        count += 1
        kept = Membership.objects.select_related("case").get(campaign=target, user_id=old.user_id)
        old_case = _case_or_new(old)
        facts = CaseFacts(
            amount=old_case.amount,
            currency=old_case.currency,
            incident_date=old_case.incident_date,
            references=old_case.references,
            account=old_case.account,
        )
        kept_case = _case_or_new(kept)
        if old.is_active and not kept.is_active:
            kept.status = Membership.Status.ACTIVE
            kept.left_at = None
            kept.joined_at = old.joined_at
            kept.share_with_group = old.share_with_group
            kept.include_in_filings = old.include_in_filings
            kept.consent_updated_at = old.consent_updated_at
            kept.resolved_at = old.resolved_at
            kept.merged_from = source
            kept.save()
            _fill_case(kept_case, facts, overwrite=True)
        else:
            _fill_case(kept_case, facts, overwrite=False)
        kept_case.save()
        # The source row stays (left, no consent) so evidence linked to it is not lost.
        Membership.objects.filter(pk=old.pk).update(
            status=Membership.Status.LEFT,
            role=Membership.Role.MEMBER,
            left_at=timezone.now(),
            share_with_group=False,
            include_in_filings=False,
            consent_updated_at=timezone.now(),
        )
    return count


def _merge_move(source: Campaign, target: Campaign) -> int:
    """Move the other memberships over, numbered after the target's last member number."""
    ids = list(
        Membership.objects.filter(campaign=source)
        .exclude(user_id__in=Membership.objects.filter(campaign=target).values("user_id"))
        .order_by("pseudonym_number")
        .values_list("pk", flat=True)
    )
    start = target.pseudonym_counter
    for offset in range(0, len(ids), MERGE_BATCH):
        batch = [
            Membership(
                pk=pk,
                campaign_id=target.pk,
                pseudonym_number=start + offset + i + 1,
                role=Membership.Role.MEMBER,
                merged_from_id=source.pk,
            )
            for i, pk in enumerate(ids[offset : offset + MERGE_BATCH])
        ]
        Membership.objects.bulk_update(batch, ["campaign", "pseudonym_number", "role", "merged_from"])
    Campaign.objects.filter(pk=target.pk).update(pseudonym_counter=F("pseudonym_counter") + len(ids))
    return len(ids)


def campaign_recount(*, campaign: Campaign) -> Campaign:
    """Recompute every denormalized figure of a campaign from its rows (after a merge, or to repair)."""
    roster_changed(campaign.pk)
    active = Membership.objects.filter(campaign_id=campaign.pk, status=Membership.Status.ACTIVE)
    cases = Case.objects.filter(membership__in=active)
    totals = active.aggregate(
        members=Count("pk"),
        resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
        first=Min("case__incident_date"),
        last=Max("case__incident_date"),
    )
    cny = cases.filter(currency=MAIN_CURRENCY, amount__isnull=False)
    bucket_counts = {}
    for i, edge in enumerate(AMOUNT_EDGES):
        bucket = Q(amount__gte=edge)
        if i + 1 < len(AMOUNT_EDGES):
            bucket &= Q(amount__lt=AMOUNT_EDGES[i + 1])
        bucket_counts[str(i)] = Count("pk", filter=bucket)
    sums = cny.aggregate(total=Sum("amount"), **bucket_counts)
    total = sums.pop("total") or Decimal("0")
    others = {
        row["currency"]: str(Decimal(row["total"]).quantize(CENT))
        for row in cases.exclude(currency=MAIN_CURRENCY)
        .filter(amount__isnull=False)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by()
        if row["total"]
    }
    months = {
        _month(row["month"]) if timezone.is_aware(row["month"]) else row["month"].strftime("%Y-%m"): row["n"]
        for row in active.annotate(month=TruncMonth("joined_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    Campaign.objects.filter(pk=campaign.pk).update(
        members_count=totals["members"],
        confirmed_resolved_count=totals["resolved"],
        first_incident_on=totals["first"],
        last_incident_on=totals["last"],
        total_claimed=total,
        claimed_other_currencies=others,
        amount_histogram={k: v for k, v in sums.items() if v},
        joins_by_month=months,
    )
    campaign.refresh_from_db()
    return campaign


# --- Platforms ----------------------------------------------------------------------------------------------


def platform_save(*, actor: User | None, platform: Platform) -> Platform:
    """Save a platform (admin); its campaigns are re-indexed so a new alias finds them."""
    from complaints.campaigns.tasks import platform_reindex_task

    with transaction.atomic():
        platform.save()
        transaction.on_commit(partial(platform_reindex_task.delay, platform.pk))
    return platform


def platform_reindex(*, platform_id: int) -> int:
    """Re-index the search text of every campaign of a platform."""
    ids = list(Campaign.objects.filter(platform_id=platform_id).values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        search.index_campaigns(ids[start : start + 2000])
    return len(ids)
