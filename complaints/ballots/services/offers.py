"""An organizer records an offer and opens the vote; the deadline closes it and publishes the result."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints.ballots.models import Ballot, Offer
from complaints.ballots.selectors import offer_electorate
from complaints.ballots.services.common import BallotError, Tally, voting_closes_at
from complaints.campaigns.models import Campaign, Membership
from complaints.core.services import audit_record
from complaints.notifications.kinds import Kind
from complaints.notifications.services import Target, notify

REMIND_BEFORE = timedelta(days=1)


def _organizer_check(actor, campaign: Campaign) -> None:
    membership = Membership.objects.filter(campaign=campaign, user_id=actor.pk).first()
    if membership is None or not membership.is_organizer or campaign.status != Campaign.Status.OPEN:
        raise BallotError(_("Only an organizer of an open campaign can do this."))


def offer_record(
    *,
    actor,
    campaign: Campaign,
    terms: str,
    formula: str,
    formula_value: Decimal,
    working_days: int,
    quorum_percent: int,
    threshold_percent: int,
    source_label: str = "",
) -> Offer:
    """An organizer writes down an offer as a draft; its rules can be read before anyone votes."""
    _organizer_check(actor, campaign)
    if formula not in Offer.Formula.values:
        raise BallotError(_("Choose how each member's share is worked out."))
    if formula == Offer.Formula.PERCENT and not (0 < formula_value <= 100):
        raise BallotError(_("A percentage is more than 0 and at most 100."))
    if not (1 <= working_days <= 30 and 1 <= quorum_percent <= 100 and 50 <= threshold_percent <= 100):
        raise BallotError(_("The voting time, quorum or threshold is out of range."))
    with transaction.atomic():
        offer = Offer.objects.create(
            campaign=campaign,
            terms=terms.strip(),
            formula=formula,
            formula_value=formula_value,
            working_days=working_days,
            quorum_percent=quorum_percent,
            threshold_percent=threshold_percent,
            source_label=source_label.strip(),
            created_by=actor,
        )
        audit_record(actor=actor, action="offer.record", target=offer, data={"campaign": campaign.pk})
    return offer


def _notice(offer: Offer, kind: str, audience: str, params: dict, key: str) -> None:
    notify(
        actor=None,
        kind=kind,
        audience=audience,
        audience_args={"offer": offer.pk, "campaign": offer.campaign_id},
        params={"campaign": offer.campaign.title, **params},
        target=Target(type=offer._meta.label_lower, id=str(offer.pk), url=offer.get_absolute_url()),
        dedupe_key=f"offer:{offer.pk}:{key}",
    )


def _last_day(offer: Offer) -> dict:
    return {"date": offer.last_day.isoformat()}


def offer_open(*, actor, offer: Offer) -> Offer:
    """Voting opens: the electorate and the deadline are fixed now, and the eligible members are told."""
    _organizer_check(actor, offer.campaign)
    with transaction.atomic():
        now = timezone.now()
        if not Offer.objects.filter(pk=offer.pk, status=Offer.Status.DRAFT).update(
            status=Offer.Status.OPEN, opened_at=now, closes_at=voting_closes_at(now, offer.working_days)
        ):
            raise BallotError(_("Voting on this offer has already opened."))
        offer.refresh_from_db()
        offer.electorate_count = offer_electorate(offer).count()
        if offer.electorate_count == 0:
            raise BallotError(_("No member can vote on this offer yet."))
        offer.save(update_fields=["electorate_count"])
        audit_record(
            actor=actor,
            action="offer.open",
            target=offer,
            data={"electorate": offer.electorate_count, "closes_at": offer.closes_at.isoformat()},
        )
        _notice(offer, Kind.OFFER_OPENED, "offer_electorate", {"due": _last_day(offer)}, "opened")
    return offer


def offer_tally(offer: Offer) -> Tally:
    counts = Ballot.objects.filter(offer=offer).aggregate(
        **{choice: Count("pk", filter=Q(choice=choice)) for choice in Ballot.Choice.values}
    )
    return Tally(
        electorate=offer.electorate_count,
        accept=counts["accept"],
        reject=counts["reject"],
        abstain=counts["abstain"],
        quorum_percent=offer.quorum_percent,
        threshold_percent=offer.threshold_percent,
    )


def _shuffle_ballots(offer: Offer) -> None:
    """Write the ballots again in random order: their place in the table no longer follows the roll's."""
    ballots = list(Ballot.objects.filter(offer=offer).values_list("choice", "receipt_hash"))
    random.SystemRandom().shuffle(ballots)
    Ballot.objects.filter(offer=offer).delete()
    Ballot.objects.bulk_create(Ballot(offer=offer, choice=c, receipt_hash=h) for c, h in ballots)


def offer_close(*, offer_id: int, everyone_voted: bool = False) -> Offer | None:
    """Close the vote (at the deadline, or once every eligible member voted) and publish the result.

    Claimed with a conditional update: run twice, or by two workers, it counts and tells members once.
    """
    now = timezone.now()
    due = Q(closes_at__lte=now)
    if everyone_voted:
        due |= Q(voted_count__gte=F("electorate_count"))
    with transaction.atomic():
        if not Offer.objects.filter(due, pk=offer_id, status=Offer.Status.OPEN).update(
            status=Offer.Status.CLOSED, closed_at=now
        ):
            return None
        offer = Offer.objects.select_related("campaign").get(pk=offer_id)
        tally = offer_tally(offer)
        offer.accept_count, offer.reject_count, offer.abstain_count = (
            tally.accept,
            tally.reject,
            tally.abstain,
        )
        offer.passed = tally.passed
        offer.save(update_fields=["accept_count", "reject_count", "abstain_count", "passed"])
        _shuffle_ballots(offer)
        audit_record(actor=None, action="offer.close", target=offer, data=_result_data(tally))
        _notice(offer, Kind.OFFER_RESULT, "campaign_members", {"result": result_sentence(tally)}, "result")
    return offer


def _result_data(tally: Tally) -> dict:
    return {
        "electorate": tally.electorate,
        "accept": tally.accept,
        "reject": tally.reject,
        "abstain": tally.abstain,
        "turnout": tally.turnout,
        "quorum_needed": tally.quorum_needed,
        "quorum_met": tally.quorum_met,
        "passed": tally.passed,
    }


def result_sentence(tally: Tally) -> dict:
    """The result in both languages, for the notification (which is read in the reader's language)."""
    out = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            out[language] = _result_text(tally)
    return out


def _result_text(tally: Tally) -> str:
    counts = _(
        "Accept %(accept)s, reject %(reject)s, abstain %(abstain)s; %(turnout)s of %(electorate)s voted."
    ) % {
        "accept": tally.accept,
        "reject": tally.reject,
        "abstain": tally.abstain,
        "turnout": tally.turnout,
        "electorate": tally.electorate,
    }
    if not tally.quorum_met:
        verdict = _("The quorum of %(needed)s was not reached: the offer is not accepted.") % {
            "needed": tally.quorum_needed
        }
    elif tally.passed:
        verdict = _("The members accepted the offer.")
    else:
        verdict = _("The members did not accept the offer.")
    return _("%(counts)s %(verdict)s") % {"counts": counts, "verdict": verdict}


def offers_close_due() -> int:
    """Close every open offer whose deadline has passed (the sweep, every minute)."""
    ids = list(
        Offer.objects.filter(status=Offer.Status.OPEN, closes_at__lte=timezone.now()).values_list(
            "pk", flat=True
        )[:100]
    )
    return sum(1 for pk in ids if offer_close(offer_id=pk) is not None)


def offers_remind_due() -> int:
    """Once, a day before the deadline, remind eligible members who have not voted."""
    now = timezone.now()
    due = Offer.objects.filter(
        status=Offer.Status.OPEN,
        reminded_at__isnull=True,
        closes_at__lte=now + REMIND_BEFORE,
        closes_at__gt=now,
    ).select_related("campaign")
    reminded = 0
    for offer in due[:100]:
        with transaction.atomic():
            if not Offer.objects.filter(pk=offer.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            _notice(offer, Kind.OFFER_REMINDER, "offer_non_voters", {"due": _last_day(offer)}, "reminder")
        reminded += 1
    return reminded
