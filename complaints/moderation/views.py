"""Moderation pages: the index of queues and the new-campaign queue (approve, reject, merge)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaints.campaigns import selectors, services
from complaints.moderation import permissions
from complaints.moderation.forms import ApproveForm, MergeForm, RejectForm
from complaints.moderation.queues import all_queues


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    permissions.require_moderator(request.user)
    queues = [(queue, queue.waiting()) for queue in all_queues()]
    return render(request, "moderation/index.html", {"queues": queues})


@require_GET
@login_required
def campaign_queue(request: HttpRequest) -> HttpResponse:
    permissions.require_moderator(request.user)
    page = selectors.paginate(selectors.pending_campaigns(), request.GET.get("page"))
    return render(request, "moderation/campaign_queue.html", {"page": page})


@require_GET
@login_required
def campaign_review(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_moderator(request.user, slug)
    context = {
        "campaign": campaign,
        "candidates": selectors.merge_candidates(campaign),
        "approve_form": ApproveForm(),
        "reject_form": RejectForm(),
        "merge_form": MergeForm(),
    }
    return render(request, "moderation/campaign_review.html", context)


def _decide(request: HttpRequest, slug: str, form_class, decide) -> HttpResponse:
    campaign = permissions.get_campaign_for_moderator(request.user, slug)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = decide(campaign, form.cleaned_data)
        except services.CampaignError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, message)
            return redirect("moderation:campaigns")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("moderation:campaign", slug=campaign.slug)


@require_POST
@login_required
def campaign_approve(request: HttpRequest, slug: str) -> HttpResponse:
    def decide(campaign, data):
        services.campaign_approve(actor=request.user, campaign=campaign, reason=data["reason"])
        return _("“%(title)s” is open.") % {"title": campaign.title}

    return _decide(request, slug, ApproveForm, decide)


@require_POST
@login_required
def campaign_reject(request: HttpRequest, slug: str) -> HttpResponse:
    def decide(campaign, data):
        services.campaign_reject(actor=request.user, campaign=campaign, reason=data["reason"])
        return _("“%(title)s” is rejected; the organizer sees your reason.") % {"title": campaign.title}

    return _decide(request, slug, RejectForm, decide)


@require_POST
@login_required
def campaign_merge(request: HttpRequest, slug: str) -> HttpResponse:
    def decide(campaign, data):
        target = data["target"]
        services.campaign_merge(actor=request.user, source=campaign, target=target, reason=data["reason"])
        return _("“%(source)s” is merged into “%(target)s”.") % {
            "source": campaign.title,
            "target": target.title,
        }

    return _decide(request, slug, MergeForm, decide)
