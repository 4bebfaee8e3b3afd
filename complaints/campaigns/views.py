"""Views of the campaigns app: parse, fetch through permissions, call one service, redirect or render."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import push_url

from complaints.campaigns import permissions, selectors, services
from complaints.campaigns.cache import anonymous_page_cache, roster_context
from complaints.campaigns.dashboard import dashboard_rows
from complaints.campaigns.figures import amount_bars, bar_chart_svg, join_bars
from complaints.campaigns.forms import (
    CampaignCloseForm,
    CampaignEditForm,
    CampaignFilterForm,
    CampaignResubmitForm,
    CampaignStartForm,
    CaseForm,
    ConsentForm,
    IntakeDetailsForm,
    IntakeNewPlatformForm,
    IntakePlatformForm,
    IntakeStoryForm,
    JoinForm,
    TaskForm,
    UpdateForm,
)
from complaints.campaigns.matching import intake_matches
from complaints.campaigns.models import (
    SMALL_COUNT,
    Campaign,
    Case,
    MemberTask,
    Platform,
    page_language,
    readable_first,
)
from complaints.campaigns.search import looks_like_platform_name, platform_lookup, platform_search

INTAKE_KEY = "campaigns.intake"
INTAKE_STEPS = ("platform", "details", "story", "matches")
INTAKE_FORMS = {"platform": IntakePlatformForm, "details": IntakeDetailsForm, "story": IntakeStoryForm}


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.boosted


# --- Browse ---------------------------------------------------------------------------------------------------


@require_GET
@anonymous_page_cache
def campaign_list(request: HttpRequest) -> HttpResponse:
    form = CampaignFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    campaigns = selectors.campaign_list(**filters, language=get_language())
    page = selectors.paginate(campaigns, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query_string": query.urlencode()}
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
    page = selectors.paginate(campaigns, request.GET.get("page"))
    context = {
        "platform": platform,
        "regulators": platform.regulators.all(),
        "figures": figures,
        "figures_small": 0 < figures.members < SMALL_COUNT,
        "resolved_small": 0 < figures.resolved < SMALL_COUNT,
        "page": page,
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


# --- Joining, the member's own case, leaving ----------------------------------------------------------------------


def _intake_initial(request: HttpRequest, campaign: Campaign | None = None) -> dict:
    data = request.session.get(INTAKE_KEY) or {}
    if not data or (campaign is not None and data.get("platform") != campaign.platform.slug):
        return {}
    initial: dict = {
        "currency": data.get("currency") or Case.Currency.CNY,
        "account": data.get("description", ""),
    }
    with suppress(InvalidOperation):
        initial["amount"] = Decimal(data["amount"]) if data.get("amount") else None
    if data.get("incident_date"):
        with suppress(ValueError):
            initial["incident_date"] = date.fromisoformat(data["incident_date"])
    return initial


@login_required
def campaign_join(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            return _join(request, slug, form)
    campaign = permissions.get_campaign_for_user(request.user, slug)
    if request.method != "POST":
        form = JoinForm(initial=_intake_initial(request, campaign))
    if permissions.is_active_member(request.user, campaign):
        return redirect(campaign)
    if not permissions.can_join_campaign(request.user, campaign):
        messages.error(request, _("This campaign is not open for new members."))
        return redirect(campaign)
    return render(request, "campaigns/join.html", {"campaign": campaign, "form": form})


def _join(request: HttpRequest, slug: str, form: JoinForm) -> HttpResponse:
    """A valid join POST goes straight to the service: its lock reads the campaign and answers "open?" and
    "already a member?" (reading it here first cost every join a round trip). Only an open campaign, which
    is public, takes a member; a join that did not happen reads the campaign through permissions before
    saying why, so a hidden campaign stays a 404."""
    try:
        membership, created = services.campaign_join(
            actor=request.user,
            campaign=slug,
            facts=form.case_facts(),
            share_with_group=form.cleaned_data["share_with_group"],
            include_in_filings=form.cleaned_data["include_in_filings"],
        )
    except Campaign.DoesNotExist:
        raise Http404 from None
    except services.CampaignError as exc:
        campaign = permissions.get_campaign_for_user(request.user, slug)
        messages.error(request, str(exc))
        return redirect(campaign)
    request.session.pop(INTAKE_KEY, None)
    if created:
        messages.success(
            request,
            _("You joined the campaign. The other members know you as %(pseudonym)s.")
            % {"pseudonym": membership.pseudonym},
        )
    return redirect(membership.campaign)


@login_required
def case_edit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug)
    membership = permissions.get_membership_for_user(request.user, campaign, write=request.method == "POST")
    case = getattr(membership, "case", None)
    initial = {}
    if case is not None:
        initial = {
            f: getattr(case, f) for f in ("amount", "currency", "incident_date", "references", "account")
        }
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.case_update(actor=request.user, membership=membership, facts=form.case_facts())
        messages.success(request, _("Your case is saved."))
        return redirect("campaigns:case", slug=campaign.slug)
    consent_form = ConsentForm(
        initial={
            "share_with_group": membership.share_with_group,
            "include_in_filings": membership.include_in_filings,
        }
    )
    context = {"campaign": campaign, "membership": membership, "form": form, "consent_form": consent_form}
    return render(request, "campaigns/case.html", context)


@require_POST
@login_required
def consent_update(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug)
    membership = permissions.get_membership_for_user(request.user, campaign, write=True)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.membership_consent_update(actor=request.user, membership=membership, **form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
    return redirect("campaigns:case", slug=campaign.slug)


@require_POST
@login_required
def resolved_update(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug)
    membership = permissions.get_membership_for_user(request.user, campaign, write=True)
    resolved = request.POST.get("resolved") == "yes"
    services.membership_confirm_resolved(actor=request.user, membership=membership, resolved=resolved)
    messages.success(
        request, _("Thank you. Your answer is saved.") if resolved else _("Your answer is saved.")
    )
    return redirect("campaigns:case", slug=campaign.slug)


@login_required
def campaign_leave(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, slug)
    membership = permissions.get_membership_for_user(request.user, campaign, write=True)
    if request.method == "POST":
        try:
            services.membership_leave(actor=request.user, membership=membership)
        except services.CampaignError as exc:
            messages.error(request, str(exc))
            return redirect("campaigns:leave", slug=campaign.slug)
        messages.success(
            request, _("You left the campaign. Your consent to share and to be included is withdrawn.")
        )
        return redirect("campaigns:dashboard")
    return render(request, "campaigns/leave.html", {"campaign": campaign, "membership": membership})


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    page = selectors.paginate(selectors.memberships_of(request.user), request.GET.get("page"))
    rows = dashboard_rows(request.user, list(page.object_list))
    return render(
        request, "campaigns/dashboard.html", {"page": page, "rows": rows, "today": timezone.localdate()}
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
    from django.conf import settings

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
        messages.success(request, _("Your update is posted."))
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
    if task.audience in (MemberTask.Audience.EVIDENCE_NOT_IN_FILINGS, MemberTask.Audience.MISSING_EVIDENCE):
        # A task about evidence ends at the choice that lets filings use it, not at a thank-you.
        from complaints.evidence.selectors import evidence_not_in_filings

        item = evidence_not_in_filings().filter(membership=membership).order_by("created_at", "id").first()
        messages.success(request, _("Thank you. Now choose whether filings may use your evidence."))
        if item is not None:
            return redirect("evidence:review", pk=item.pk)
        return redirect("evidence:mine", slug=campaign.slug)
    if task.audience == MemberTask.Audience.NOT_NAMED:
        # Being named is a choice per filing: the task ends at that choice for the filing that needs it.
        from complaints.filings.selectors import filing_needing_names

        filing = filing_needing_names(campaign)
        if filing is not None:
            messages.success(request, _("Thank you. Now choose whether this filing may name you."))
            return redirect("filings:consent", pk=filing.pk)
    messages.success(request, _("Marked as done. Thank you."))
    target = "campaigns:tasks" if request.POST.get("next") == "tasks" else "campaigns:detail"
    return redirect(target, slug=campaign.slug)


# --- Intake: "What happened?" -------------------------------------------------------------------------------------


def _intake_url(step: str) -> str:
    return f"{reverse('campaigns:intake')}?{urlencode({'step': step})}"


def _first_missing(data: dict) -> str:
    if not data.get("platform") and not data.get("new_platform"):
        return "platform"
    if not data.get("category"):
        return "details"
    if not data.get("description"):
        return "story"
    return "matches"


def intake(request: HttpRequest) -> HttpResponse:
    data = dict(request.session.get(INTAKE_KEY) or {})
    step = request.GET.get("step", "platform")
    step = step if step in INTAKE_STEPS else "platform"
    missing = _first_missing(data)
    if INTAKE_STEPS.index(step) > INTAKE_STEPS.index(missing):
        step = missing
    form = None
    if step in INTAKE_FORMS:
        form_class = INTAKE_FORMS[step]
        if step == "platform" and "new-name" in request.POST:
            form_class = IntakeNewPlatformForm
        if request.method == "POST":
            form = form_class(request.POST)
            if form.is_valid():
                data.update(form.intake_data())
                request.session[INTAKE_KEY] = data
                next_step = INTAKE_STEPS[INTAKE_STEPS.index(step) + 1]
                if not _is_htmx(request):
                    return redirect(_intake_url(next_step))
                step, form = next_step, None
                if step in INTAKE_FORMS:
                    form = INTAKE_FORMS[step](initial=_intake_form_initial(data))
        else:
            form = form_class(initial=_intake_form_initial(data))
    context = _intake_context(step, form, data)
    if step == "platform" and request.GET.get("new"):
        context["unknown_platform"] = True
    if _is_htmx(request):
        response = render(request, "campaigns/intake.html#step", context)
        return push_url(response, _intake_url(step))
    return render(request, "campaigns/intake.html", context)


def _intake_form_initial(data: dict) -> dict:
    initial = dict(data)
    platform = Platform.objects.filter(slug=data.get("platform") or "").first()
    if platform is not None:
        initial["platform_query"] = platform.name
    elif data.get("new_platform"):
        initial["platform_query"] = data["new_platform"]["name"]
    return initial


def _new_platform_initial(form) -> dict | None:
    """The name typed in the search, prefilled as the new platform's name only when it looks like a name."""
    query = " ".join(form.data.get("platform_query", "").split()) if form.is_bound else ""
    return {"name": query} if query and looks_like_platform_name(query) else None


def _intake_context(step: str, form, data: dict) -> dict:
    platform = Platform.objects.filter(slug=data.get("platform") or "").first()
    new_platform = data.get("new_platform") or {}
    context = {
        "platform_name": platform.name if platform else new_platform.get("name", ""),
        "new_platform": new_platform,
        "step": step,
        "step_number": INTAKE_STEPS.index(step) + 1,
        "step_count": len(INTAKE_STEPS),
        "form": form,
        "platform": platform,
        "intake": data,
        "category_label": Campaign.Category(data["category"]).label
        if data.get("category") in Campaign.Category.values
        else "",
        "previous_step": INTAKE_STEPS[INTAKE_STEPS.index(step) - 1] if step != "platform" else "",
        "choices": getattr(form, "choices", []),
    }
    if step == "platform":
        unknown = getattr(form, "unknown", False) or isinstance(form, IntakeNewPlatformForm)
        context["unknown_platform"] = unknown
        context["new_form"] = (
            form
            if isinstance(form, IntakeNewPlatformForm)
            else IntakeNewPlatformForm(initial=_new_platform_initial(form))
        )
    if step == "matches":
        context["matches"] = intake_matches(
            platform=platform,
            category=data.get("category", ""),
            text=data.get("description", ""),
            new_name=new_platform.get("name", ""),
            language=page_language(get_language()),
        )
    return context


def _sign_up_first(request: HttpRequest) -> HttpResponse:
    """Someone without an account lands on sign-up (which links to login), told that their answers wait."""
    messages.info(
        request,
        _(
            "Your answers are kept. Create an account (or log in if you have one) and you will come back "
            "to this form to finish starting the campaign."
        ),
    )
    return redirect(f"{reverse('account_signup')}?{urlencode({'next': request.get_full_path()})}")


def campaign_start(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _sign_up_first(request)
    data = request.session.get(INTAKE_KEY) or {}
    if _first_missing(data) != "matches":
        return redirect(_intake_url(_first_missing(data)))
    platform, proposal = _start_platform(data)
    if platform is None and proposal is None:
        messages.error(request, _("This platform was not accepted. Choose it again, or name another one."))
        return redirect(_intake_url("platform"))
    category = Campaign.Category(data["category"])
    platform_name = platform.name if platform else proposal.name
    # The story told at intake was promised to stay private: it is shown beside the form, never copied in.
    initial = {"title": f"{platform_name}{_(': ')}{category.label}"}  # "：" in Chinese
    names = (
        [platform.name, platform.name_en, *platform.aliases] if platform else [proposal.name, proposal.where]
    )
    form = CampaignStartForm(request.POST or None, initial=initial, public_names=names)
    if request.method == "POST" and form.is_valid():
        initial = _intake_initial(request)
        facts = services.CaseFacts(
            amount=initial.get("amount"),
            currency=initial.get("currency") or Case.Currency.CNY,
            incident_date=initial.get("incident_date"),
            account=initial.get("account", ""),
        )
        campaign = services.campaign_start(
            actor=request.user,
            platform=platform,
            new_platform=proposal,
            category=category,
            facts=facts,
            **form.cleaned_data,
        )
        request.session.pop(INTAKE_KEY, None)
        messages.success(
            request,
            _("Your campaign is sent to the moderators. You will see it here once it is approved."),
        )
        return redirect(campaign)
    context = {
        "form": form,
        "platform": platform,
        "platform_name": platform_name,
        "proposal": proposal,
        "category": category,
        "story": data.get("description", ""),
    }
    return render(request, "campaigns/start.html", context)


def _start_platform(data: dict) -> tuple[Platform | None, services.PlatformProposal | None]:
    """The platform chosen at intake (followed to the one it became another name of), or the one named."""
    if data.get("new_platform"):
        return None, services.PlatformProposal(**data["new_platform"])
    platform = get_object_or_404(Platform, slug=data["platform"])
    if platform.status == Platform.Status.MERGED and platform.merged_into_id:
        platform = Platform.objects.get(pk=platform.merged_into_id)
    return (platform if platform.status in (Platform.Status.ACTIVE, Platform.Status.PENDING) else None), None
