"""Notification audiences of an offer: its eligible members, and those of them who have not voted yet."""

from __future__ import annotations

from complaints.ballots.models import Offer
from complaints.ballots.selectors import offer_electorate, offer_non_voters
from complaints.notifications.audiences import register_audience


def _page(members, after_id: int, limit: int) -> list[int]:
    return list(
        members.filter(user_id__gt=after_id).order_by("user_id").values_list("user_id", flat=True)[:limit]
    )


def offer_electorate_audience(args: dict, after_id: int, limit: int) -> list[int]:
    offer = Offer.objects.filter(pk=args["offer"]).first()
    return [] if offer is None else _page(offer_electorate(offer), after_id, limit)


def offer_non_voters_audience(args: dict, after_id: int, limit: int) -> list[int]:
    offer = Offer.objects.filter(pk=args["offer"], status=Offer.Status.OPEN).first()
    return [] if offer is None else _page(offer_non_voters(offer), after_id, limit)


def register() -> None:
    register_audience("offer_electorate", offer_electorate_audience)
    register_audience("offer_non_voters", offer_non_voters_audience)
