"""Offer pages: the organizer's form, the members' offer page with its secret vote, the receipt list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints.ballots import permissions, selectors, services
from complaints.ballots.forms import AcceptanceForm, OfferForm, ReceiptCheckForm, VoteForm
from complaints.ballots.models import Offer
from complaints.ballots.sources import offer_initial
from complaints.campaigns.figures import small
from complaints.campaigns.permissions import get_membership_for_user, viewer_membership
from complaints.filings.forms import OutcomeForm

RECEIPTS_PER_PAGE = 500


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.boosted


@login_required
@require_GET
def offers(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_offers_for_user(request.user, slug)
    can_manage = permissions.can_manage_offers(request.user, campaign)
    rows = selectors.campaign_offers(campaign, drafts=can_manage)
    context = {"campaign": campaign, "offers": rows, "can_manage": can_manage}
    return render(request, "ballots/offers.html", context)


@login_required
def offer_create(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_offers_for_user(request.user, slug, write=True)
    form = OfferForm(
        request.POST or None,
        initial=offer_initial(campaign, request.GET.get("source", ""), request.GET.get("ref", "")),
        public_names=[campaign.platform.name, campaign.platform.name_en],
    )
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_record(actor=request.user, campaign=campaign, **form.cleaned_data)
        except services.BallotError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The offer is saved as a draft. Check it, then open the vote."))
            return redirect(offer)
    return render(request, "ballots/offer_form.html", {"campaign": campaign, "form": form})


def _offer_context(request: HttpRequest, offer: Offer, **extra) -> dict:
    membership = viewer_membership(request.user, offer.campaign)
    member = selectors.member_view(offer, membership)
    tally = services.offer_tally(offer) if offer.is_closed else None
    return {
        "campaign": offer.campaign,
        "offer": offer,
        "member": member,
        "share": services.member_share(offer, membership) if membership and membership.is_active else None,
        "share_currency": _share_currency(offer, membership),
        "quorum_needed": services.quorum_needed(offer.electorate_count, offer.quorum_percent),
        "tally": tally,
        "uses_mandates": selectors.uses_mandates(offer),
        "can_manage": permissions.can_manage_offers(request.user, offer.campaign),
        "acceptances": selectors.acceptance_counts(offer) if offer.is_closed else None,
        "vote_form": extra.pop("vote_form", None) or VoteForm(),
        "acceptance_form": extra.pop("acceptance_form", None)
        or AcceptanceForm(initial={"decision": member.acceptance.decision} if member.acceptance else None),
        "received_form": extra.pop("received_form", None) or OutcomeForm(),
        **extra,
    }


def _share_currency(offer: Offer, membership) -> str:
    """A fixed amount is in yuan; a percentage is of the member's claim, in its currency."""
    if offer.formula == Offer.Formula.FIXED:
        return "CNY"
    return getattr(getattr(membership, "case", None), "currency", "") or "CNY"


@login_required
@require_GET
def offer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offer = permissions.get_offer_for_user(request.user, slug, pk)
    return render(request, "ballots/offer.html", _offer_context(request, offer))


@login_required
@require_POST
def offer_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offer = permissions.get_offer_for_user(request.user, slug, pk, write=True)
    try:
        services.offer_open(actor=request.user, offer=offer)
    except services.BallotError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Voting is open. The eligible members are told."))
    return redirect(offer)


@login_required
@require_POST
def offer_vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The receipt code is in this one answer only: never in a message, the session or a log."""
    offer = permissions.get_offer_for_user(request.user, slug, pk)
    membership = get_membership_for_user(request.user, offer.campaign, write=True)
    form = VoteForm(request.POST)
    receipt, status = None, 200
    if form.is_valid():
        try:
            receipt = services.offer_vote(
                actor=request.user, offer=offer, membership=membership, choice=form.cleaned_data["choice"]
            )
        except services.BallotError as exc:
            form.add_error(None, str(exc))
    if not form.is_valid() and not _is_htmx(request):
        status = 400  # htmx swaps only a 2xx answer: the refusal is shown in place of the form
    offer.refresh_from_db()
    context = _offer_context(request, offer, vote_form=form, receipt=receipt)
    template = "ballots/offer.html#vote" if _is_htmx(request) else "ballots/offer.html"
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def offer_accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offer = permissions.get_offer_for_user(request.user, slug, pk)
    membership = get_membership_for_user(request.user, offer.campaign, write=True)
    form = AcceptanceForm(request.POST)
    if form.is_valid():
        try:
            services.offer_accept(actor=request.user, offer=offer, membership=membership, **form.cleaned_data)
        except services.BallotError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your own answer to the offer is saved."))
            return redirect(offer)
    context = _offer_context(request, offer, acceptance_form=form)
    return render(request, "ballots/offer.html", context, status=400)


@login_required
@require_POST
def offer_received(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    offer = permissions.get_offer_for_user(request.user, slug, pk)
    membership = get_membership_for_user(request.user, offer.campaign, write=True)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.offer_received(
                actor=request.user, offer=offer, membership=membership, **form.cleaned_data
            )
        except services.BallotError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Thank you. What you received is saved."))
            return redirect(offer)
    context = _offer_context(request, offer, received_form=form)
    return render(request, "ballots/offer.html", context, status=400)


@require_http_methods(["GET", "POST"])
def receipts(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A code is checked by POST: in a URL it would land in access logs beside the person's address, and a
    reader of both the logs and the database could then find the ballot."""
    offer = permissions.get_offer_receipts(request.user, slug, pk)
    form = ReceiptCheckForm(request.POST or None)
    counted = None
    if form.is_valid():
        counted = services.receipt_counted(offer, form.cleaned_data["code"])
    member = permissions.can_view_offers(request.user, offer.campaign)
    shown = member or not small(offer.voted_count)
    page = Paginator(selectors.receipt_hashes(offer), RECEIPTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "campaign": offer.campaign,
        "offer": offer,
        "page": page if shown else None,
        "form": form,
        "counted": counted,
        # What each listed value is the SHA-256 of, with an example code in the place of the voter's.
        "hash_example": services.receipt_hash_input(offer.pk, "ABCD-EFGH-JKMN-PQRS"),
    }
    response = render(request, "ballots/receipts.html", context)
    response["Cache-Control"] = "no-store"
    return response
