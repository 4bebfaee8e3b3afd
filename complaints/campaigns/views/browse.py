"""Browsing: the campaign list, platforms, a campaign's page, its member list and its timeline."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from complaints.campaigns import panels, permissions, selectors
from complaints.campaigns.cache import anonymous_page_cache, roster_context
from complaints.campaigns.cards import campaign_cards, card_rows
from complaints.campaigns.figures import amount_bars, bar_chart_svg, join_bars
from complaints.campaigns.forms import (
    CampaignFilterForm,
)
from complaints.campaigns.models import (
    SMALL_COUNT,
    Campaign,
    Platform,
    readable_first,
)
from complaints.campaigns.search import platform_lookup, platform_search
from complaints.campaigns.views.common import _is_htmx

# --- Browse ---------------------------------------------------------------------------------------------------


@require_GET
@anonymous_page_cache
def campaign_list(request: HttpRequest) -> HttpResponse:
    form = CampaignFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    campaigns = card_rows(selectors.campaign_list(**filters, language=get_language()))
    page = selectors.paginate(campaigns, request.GET.get("page"), ids_first=True)
    query = request.GET.copy()
    query.pop("page", None)
    cards = campaign_cards(page.object_list, get_language() or "zh-hans")
    context = {"form": form, "page": page, "cards": cards, "query_string": query.urlencode()}
    template = "campaigns/list.html#results" if _is_htmx(request) else "campaigns/list.html"
    return render(request, template, context)


@require_GET
def platform_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    platforms = platform_search(query) if query else Platform.objects.listed()
    page = selectors.paginate(platforms.order_by("name"), request.GET.get("page"), per_page=30)
    return render(request, "campaigns/platform_list.html", {"page": page, "q": query})


@require_GET
@anonymous_page_cache
def platform_detail(request: HttpRequest, slug: str) -> HttpResponse:
    platform = get_object_or_404(Platform, slug=slug)
    if platform.status == Platform.Status.MERGED and platform.merged_into_id:
        return redirect(Platform.objects.get(pk=platform.merged_into_id))
    if platform.status != Platform.Status.ACTIVE:
        raise Http404
    figures = selectors.platform_figures(platform)
    campaigns = (
        selectors.public_campaigns()
        .filter(platform=platform)
        .order_by("status", readable_first(get_language()), "-members_count", "-id")
    )
    page = selectors.paginate(
        card_rows(campaigns), request.GET.get("page"), ids_first=True, count=figures.campaigns
    )
    context = {
        "platform": platform,
        "regulators": platform.regulators.all(),
        "figures": figures,
        "page": page,
        "cards": campaign_cards(page.object_list, get_language() or "zh-hans"),
    }
    return render(request, "campaigns/platform_detail.html", context)


@require_GET
def platform_autocomplete(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("platform_query", "")[:120]
    platforms = platform_lookup(query) if query.strip() else []
    return render(request, "campaigns/intake.html#platform-options", {"choices": platforms, "query": query})


# --- The campaign page ----------------------------------------------------------------------------------------


@require_GET
@anonymous_page_cache
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug)
    if campaign.status == Campaign.Status.MERGED and campaign.merged_into_id:
        return HttpResponseRedirect(reverse("campaigns:detail", args=[campaign.merged_into.slug]), status=301)
    user = request.user
    membership = permissions.viewer_membership(user, campaign)
    is_member = permissions.is_active_member(user, campaign)
    exact = permissions.can_view_exact_figures(user, campaign)
    amounts = amount_bars(campaign.amount_histogram, exact=exact)
    joins = join_bars(campaign.joins_by_month, exact=exact)
    context = {
        "campaign": campaign,
        "membership": membership,
        "is_member": is_member,
        "can_manage": permissions.can_manage_campaign(user, campaign),
        "can_resubmit": permissions.can_resubmit_campaign(user, campaign),
        "can_join": permissions.can_join_campaign(user, campaign),
        "can_moderate": permissions.can_moderate_campaign(user, campaign) and campaign.status == "pending",
        "figures": _campaign_figures(campaign, exact=exact),
        "updates": list(selectors.campaign_timeline(campaign)[:5]),
        # What the panels of the higher apps show (counts, whether a row exists), read in one query.
        "panel_figures": panels.page_figures(campaign.pk),
        "charts_hidden": amounts is None or joins is None,
        "amount_chart": bar_chart_svg(
            amounts or [],
            chart_id="amounts",
            title=_("Amounts lost (CNY)"),
            description=_("Number of members by amount lost, in yuan."),
        ),
        "joins_chart": bar_chart_svg(
            joins or [],
            chart_id="joins",
            title=_("Members joining per month"),
            description=_("Number of current members by the month they joined."),
        ),
    }
    if is_member:
        context["members_page"] = selectors.paginate(
            selectors.campaign_members(campaign), 1, count=campaign.members_count
        )
        context |= roster_context(campaign, context["members_page"], membership.pseudonym_number)
        context["my_tasks"] = selectors.tasks_for_member(membership, limit=10)
    return render(request, "campaigns/detail.html", context)


def _campaign_figures(campaign: Campaign, *, exact: bool) -> dict:
    """The page's figures; None where the public would learn about fewer than 5 people."""
    members = campaign.members_count
    enough = exact or members >= SMALL_COUNT
    resolved = campaign.confirmed_resolved_count
    share_ok = enough and (exact or resolved == 0 or resolved >= SMALL_COUNT)
    return {
        "members": members if exact or members == 0 or members >= SMALL_COUNT else None,
        "total_claimed": campaign.total_claimed if enough else None,
        "other_currencies": sorted(campaign.claimed_other_currencies.items()) if enough else [],
        "first_incident_on": campaign.first_incident_on if enough else None,
        "last_incident_on": campaign.last_incident_on if enough else None,
        "resolved_share": round(100 * resolved / members) if share_ok and members else None,
        "suppressed": not enough,
    }


@require_GET
@login_required
def campaign_members(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug)
    if not permissions.can_view_members(request.user, campaign):
        raise PermissionDenied
    page = selectors.paginate(
        selectors.campaign_members(campaign), request.GET.get("page"), count=campaign.members_count
    )
    can_manage = permissions.can_manage_campaign(request.user, campaign)
    context = {"campaign": campaign, "page": page, "can_manage": can_manage}
    if not can_manage:
        own = permissions.viewer_membership(request.user, campaign)
        context |= roster_context(campaign, page, own.pseudonym_number if own else None)
    return render(request, "campaigns/members.html", context)


@require_GET
def campaign_updates(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug)
    page = selectors.paginate(selectors.campaign_timeline(campaign), request.GET.get("page"))
    context = {
        "campaign": campaign,
        "page": page,
        "can_manage": permissions.can_manage_campaign(request.user, campaign),
    }
    return render(request, "campaigns/updates.html", context)
