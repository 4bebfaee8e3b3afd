"""Public pages: a campaign's status (filings, deadlines, answers, outcomes) and the portal's statistics."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from complaints.campaigns.cache import anonymous_page_cache
from complaints.transparency import permissions, selectors
from complaints.transparency.charts import statistics_charts


@require_GET
@anonymous_page_cache
def campaign_status(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_public_campaign(slug)
    if campaign.slug != slug:
        return HttpResponseRedirect(reverse("transparency:status", args=[campaign.slug]), status=301)
    context = {
        "campaign": campaign,
        "status": selectors.campaign_status(campaign),
        "publish_after": selectors.PUBLISH_AFTER_WORKING_DAYS,
    }
    return render(request, "transparency/status.html", context)


@require_GET
@anonymous_page_cache
def statistics(request: HttpRequest) -> HttpResponse:
    stats = selectors.portal_statistics()
    language = get_language() or "zh-hans"
    context = {"stats": stats, "language": language} | statistics_charts(stats, language)
    return render(request, "transparency/statistics.html", context)
