"""Joining and leaving a campaign, a member's own case, consent and role, and handing a campaign over."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.accounts.models import User
from complaints.campaigns import hooks
from complaints.campaigns.cache import roster_changed
from complaints.campaigns.models import (
    MAIN_CURRENCY,
    Campaign,
    Case,
    Membership,
)
from complaints.campaigns.selectors import organizer_successor
from complaints.campaigns.services.common import (
    CampaignError,
    CaseFacts,
    _case_from,
    _case_or_new,
    _fill_case,
)
from complaints.campaigns.services.figures import _apply_figures, _contribution, _lock
from complaints.core.services import audit_record
from complaints.notifications.kinds import Kind, in_each_language
from complaints.notifications.services import fan_out_together, notify, notify_user


def _locked_for_join(slug: str, user_id: int) -> Campaign | None:
    """The campaign by slug, locked; the join POST leaves reading the campaign to this lock (one round trip
    fewer per join), which also says whether the person already has a membership here."""
    return (
        Campaign.objects.select_for_update(of=("self",))
        .annotate(
            joiner_membership_id=Subquery(
                Membership.objects.filter(campaign_id=OuterRef("pk"), user_id=user_id).values("pk")[:1]
            )
        )
        .filter(slug=slug)
        .order_by()  # one row by a unique slug: no ORDER BY to build
        .first()
    )


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
            locked = _locked_for_join(slug, actor.pk)
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
            consents = {"share_with_group": share_with_group, "include_in_filings": include_in_filings}
            counter: dict = {}
            if membership is None:
                # The counter only grows: a number once given is never given to anyone else. It moves in
                # the figures' UPDATE below, under the same lock.
                counter = {"pseudonym_counter": 1}
                membership, case = _join_first(locked, actor, facts, consents)
            else:
                case = _join_again(membership, facts, consents)
            _apply_figures(locked, None, _contribution(membership, case), also=counter)
            hooks.case_saved.send(
                sender=Case, actor=actor, membership=membership, case=case, created=bool(counter)
            )
            # In the same transaction: one commit (one WAL flush) per join instead of three, and the
            # announcements exist exactly when the membership does; their fan-out starts after commit.
            _notify_joined(membership)
            hooks.member_joined.send(sender=Membership, membership=membership)
    except IntegrityError:
        # Another request of the same person won the race between our check and insert.
        membership = Membership.objects.select_related("campaign").get(campaign__slug=slug, user=actor)
        return membership, False
    return membership, True


def _join_first(locked: Campaign, actor: User, facts: CaseFacts, consents: dict) -> tuple[Membership, Case]:
    """A first join: the next member number, a new membership and its case (the two INSERTs of a join)."""
    membership = Membership(
        campaign=locked,
        user=actor,
        pseudonym_number=locked.pseudonym_counter + 1,
        consent_updated_at=timezone.now(),
        **consents,
    )
    membership.save(force_insert=True)
    case = _case_from(facts, membership)
    case.save(force_insert=True)
    return membership, case


def _join_again(membership: Membership, facts: CaseFacts, consents: dict) -> Case:
    """Coming back: same member number, the case as it was unless new facts are given."""
    now = timezone.now()
    membership.status = Membership.Status.ACTIVE
    membership.role = Membership.Role.MEMBER
    membership.joined_at = now
    membership.left_at = None
    membership.share_with_group = consents["share_with_group"]
    membership.include_in_filings = consents["include_in_filings"]
    membership.consent_updated_at = now
    membership.save()
    case = _case_or_new(membership)
    _fill_case(case, facts, overwrite=True)
    case.save()
    return case


def _notify_joined(membership: Membership) -> None:
    """Tell the organizers (grouped per campaign and day). The member is not told what they just did: the
    join page shows their member number, and nobody gets an email about their own click."""
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
        # Leaving withdraws the sharing choices of the member's evidence too, so rejoining shares nothing
        # (the evidence app receives this; see campaigns/hooks.py).
        hooks.membership_left.send(sender=Membership, actor=actor, membership=membership)
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
        hooks.case_saved.send(sender=Case, actor=actor, membership=membership, case=case, created=False)
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
