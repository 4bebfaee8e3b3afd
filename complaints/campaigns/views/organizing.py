"""Organizers' views: the campaign page's text, resubmission, closing, promotions, updates and member tasks."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaints.campaigns import permissions, selectors, services
from complaints.campaigns.forms import (
    CampaignCloseForm,
    CampaignEditForm,
    CampaignResubmitForm,
    TaskForm,
    UpdateForm,
)
from complaints.campaigns.hooks import task_next_step
from complaints.campaigns.models import (
    Platform,
)

# --- Organizers -----------------------------------------------------------------------------------------------


@login_required
def campaign_edit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug, write=True)
    platform = campaign.platform
    form = CampaignEditForm(
        request.POST or None,
        initial=_edit_initial(campaign),
        public_names=[platform.name, platform.name_en, *platform.aliases],
        translate_to="zh" if campaign.language == "en" else "en",
    )
    if request.method == "POST" and form.is_valid():
        services.campaign_edit(actor=request.user, campaign=campaign, **form.cleaned_data)
        messages.success(request, _("The campaign page is saved."))
        return redirect(campaign)
    context = {"campaign": campaign, "form": form, "close_form": CampaignCloseForm(), **_closing_terms()}
    return render(request, "campaigns/edit.html", context)


@login_required
def campaign_resubmit(request: HttpRequest, slug: str) -> HttpResponse:
    """The organizer of a rejected campaign corrects what the moderator asked for and sends it again."""
    campaign = permissions.get_campaign_for_resubmit(request.user, slug)
    platform = campaign.platform
    platform_rejected = platform.status == Platform.Status.REJECTED
    initial = {"title": campaign.title, "summary": campaign.summary, "demands": campaign.demands}
    if platform_rejected:
        where = platform.aliases[0] if platform.aliases else platform.website
        initial.update(
            platform_name=platform.name, platform_where=where, platform_company=platform.legal_entity
        )
    form = CampaignResubmitForm(
        request.POST or None,
        initial=initial,
        platform_rejected=platform_rejected,
        public_names=[platform.name, platform.name_en, *platform.aliases],
    )
    if request.method == "POST" and form.is_valid():
        proposal = form.platform_proposal()
        try:
            services.campaign_resubmit(
                actor=request.user, campaign=campaign, platform=proposal, **form.cleaned_data
            )
        except services.CampaignError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your corrected campaign is sent to the moderators again."))
            return redirect(campaign)
    context = {"campaign": campaign, "form": form, "platform_rejected": platform_rejected}
    return render(request, "campaigns/resubmit.html", context)


def _edit_initial(campaign) -> dict:
    fields = (
        "title",
        "summary",
        "demands",
        "title_translation",
        "summary_translation",
        "demands_translation",
    )
    return {name: getattr(campaign, name) for name in fields}


def _closing_terms() -> dict:
    return {"retention_days": settings.TONGSU_EVIDENCE_RETENTION_DAYS}


@require_POST
@login_required
def campaign_close(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug, write=True)
    form = CampaignCloseForm(request.POST)
    if not form.is_valid():
        context = {
            "campaign": campaign,
            "form": CampaignEditForm(
                initial=_edit_initial(campaign), translate_to="zh" if campaign.language == "en" else "en"
            ),
            "close_form": form,
            **_closing_terms(),
        }
        return render(request, "campaigns/edit.html", context, status=400)
    try:
        services.campaign_close(actor=request.user, campaign=campaign, reason=form.cleaned_data["reason"])
    except services.CampaignError as exc:
        messages.error(request, str(exc))
        return redirect("campaigns:edit", slug=campaign.slug)
    messages.success(request, _("The campaign is closed; the members have your note."))
    return redirect(campaign)


@require_POST
@login_required
def member_promote(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug, write=True)
    membership = permissions.get_member_for_user(request.user, campaign, number, write=True)
    try:
        services.membership_promote(actor=request.user, membership=membership)
    except services.CampaignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("%(pseudonym)s is now an organizer.") % {"pseudonym": membership.pseudonym}
        )
    return redirect("campaigns:members", slug=campaign.slug)


@login_required
def update_create(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug, write=True)
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.campaign_post_update(actor=request.user, campaign=campaign, **form.cleaned_data)
        messages.success(request, _("Your update is posted. The members are being notified."))
        return redirect(campaign)
    return render(request, "campaigns/update_form.html", {"campaign": campaign, "form": form})


@login_required
def task_list(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug)
    membership = permissions.get_membership_for_user(request.user, campaign)
    if not membership.is_active:
        raise Http404
    can_manage = permissions.can_manage_campaign(request.user, campaign)
    form = TaskForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            services.task_create(actor=request.user, campaign=campaign, **form.cleaned_data)
            messages.success(request, _("The task is created."))
            return redirect("campaigns:tasks", slug=campaign.slug)
    context = {"campaign": campaign, "can_manage": can_manage, "form": form}
    if can_manage:
        context["page"] = selectors.paginate(selectors.campaign_tasks(campaign), request.GET.get("page"))
    context["my_tasks"] = selectors.tasks_for_member(membership)
    return render(request, "campaigns/tasks.html", context)


@require_GET
@login_required
def task_detail(request: HttpRequest, slug: str, task_id: int) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug)
    task = permissions.get_task_for_user(request.user, campaign, task_id, write=True)
    page = selectors.paginate(
        selectors.task_completions(task), request.GET.get("page"), per_page=50, count=task.completions_count
    )
    return render(request, "campaigns/task_detail.html", {"campaign": campaign, "task": task, "page": page})


@require_POST
@login_required
def task_done(request: HttpRequest, slug: str, task_id: int) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug)
    task = permissions.get_task_for_user(request.user, campaign, task_id)
    membership = permissions.get_membership_for_user(request.user, campaign, write=True)
    services.task_complete(actor=request.user, task=task, membership=membership)
    # A task about evidence ends at the choice that lets filings use it, one about being named at that choice
    # for the filing that needs it: the apps that own those choices say where (campaigns/hooks.py).
    step = task_next_step(task, membership, campaign)
    if step is not None:
        messages.success(request, step.message)
        return redirect(step.url)
    messages.success(request, _("Marked as done. Thank you."))
    target = "campaigns:tasks" if request.POST.get("next") == "tasks" else "campaigns:detail"
    return redirect(target, slug=campaign.slug)
