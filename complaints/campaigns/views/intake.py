"""Intake, "What happened?": the steps that find a campaign for a person or start a new one."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_htmx.http import push_url

from complaints.campaigns import services
from complaints.campaigns.forms import (
    CampaignStartForm,
    IntakeDetailsForm,
    IntakeNewPlatformForm,
    IntakePlatformForm,
    IntakeStoryForm,
)
from complaints.campaigns.matching import intake_matches
from complaints.campaigns.models import (
    Campaign,
    Case,
    Platform,
    page_language,
)
from complaints.campaigns.search import looks_like_platform_name
from complaints.campaigns.views.common import _is_htmx

INTAKE_KEY = "campaigns.intake"
INTAKE_STEPS = ("platform", "details", "story", "matches")
INTAKE_FORMS = {"platform": IntakePlatformForm, "details": IntakeDetailsForm, "story": IntakeStoryForm}


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
