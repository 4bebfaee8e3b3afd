"""Moderation pages: the index of queues, the new-campaign queue (approve, reject, merge), claims,
account suspension and the audit log."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaints.accounts.models import User
from complaints.campaigns import platforms, selectors, services
from complaints.campaigns.models import Campaign, Platform
from complaints.campaigns.search import platform_lookup
from complaints.core.public_text import public_text_findings, segments
from complaints.evidence.services import EvidenceError
from complaints.moderation import audit_text, permissions
from complaints.moderation import selectors as moderation_selectors
from complaints.moderation import services as moderation
from complaints.moderation.forms import (
    ApproveForm,
    AuditFilterForm,
    MergeForm,
    PlatformDecisionForm,
    ReasonForm,
    RejectForm,
    ReportForm,
    UserLookupForm,
)
from complaints.moderation.queues import all_queues
from complaints.moderation.reports import get_report_target
from complaints.moderation.templatetags.moderation import claim_box


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
        "texts": _checked_texts(campaign),
        "candidates": selectors.merge_candidates(campaign),
        "approve_form": ApproveForm(),
        "reject_form": RejectForm(),
        "merge_form": MergeForm(),
        "platform_form": PlatformDecisionForm(),
        **_named_platform(campaign),
    }
    return render(request, "moderation/campaign_review.html", context)


def _named_platform(campaign) -> dict:
    """For a campaign that brought a new platform: the directory's near names, and who else waits with it."""
    platform = campaign.platform
    if not platform.is_pending:
        return {}
    return {
        "platform_suggestions": platform_lookup(platform.name, Platform.objects.listed())[:5],
        "platform_campaigns": list(
            Campaign.objects.filter(platform=platform, status=Campaign.Status.PENDING).exclude(
                pk=campaign.pk
            )[:10]
        ),
    }


def _checked_texts(campaign) -> list[tuple[str, list, int]]:
    """The campaign's public texts cut into pieces, personal data highlighted, with how much was found."""
    out = []
    for label, text in (
        (_("Title"), campaign.title),
        (_("Summary"), campaign.summary),
        (_("Demands"), campaign.demands),
        (_("Translated title"), campaign.title_translation),
        (_("Translated summary"), campaign.summary_translation),
        (_("Translated demands"), campaign.demands_translation),
    ):
        if text:
            findings = public_text_findings(text)
            out.append((label, segments(text, findings), len(findings)))
    return out


def _decide(request: HttpRequest, slug: str, form_class, decide) -> HttpResponse:
    campaign = permissions.get_campaign_for_moderator(request.user, slug)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            moderation.claim_check(actor=request.user, target=campaign)
            message = decide(campaign, form.cleaned_data)
        except (services.CampaignError, moderation.ModerationError) as exc:
            messages.error(request, str(exc))
        else:
            moderation.claim_release(actor=request.user, target=campaign, reason="decided")
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


@require_POST
@login_required
def platform_decide(request: HttpRequest, slug: str) -> HttpResponse:
    """Accept, alias or reject the platform a pending campaign brought; the campaign stays in review."""
    campaign = permissions.get_campaign_for_moderator(request.user, slug)
    form = PlatformDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("moderation:campaign", slug=campaign.slug)
    data, platform = form.cleaned_data, campaign.platform
    try:
        moderation.claim_check(actor=request.user, target=campaign)
        if data["decision"] == "accept":
            platforms.platform_accept(actor=request.user, platform=platform, reason=data["reason"])
            message = _("“%(name)s” is in the directory.") % {"name": platform.name}
        elif data["decision"] == "alias":
            target = platforms.platform_merge(
                actor=request.user, platform=platform, target=data["target"], reason=data["reason"]
            )
            message = _("“%(name)s” is now another name of “%(target)s”; its campaigns moved there.") % {
                "name": platform.name,
                "target": target.name,
            }
        else:
            platforms.platform_reject(actor=request.user, platform=platform, reason=data["reason"])
            moderation.claim_release(actor=request.user, target=campaign, reason="decided")
            messages.success(
                request,
                _("“%(name)s” is rejected; the person who named it sees your reason.")
                % {"name": platform.name},
            )
            return redirect("moderation:campaigns")
    except (services.CampaignError, moderation.ModerationError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, message)
    return redirect("moderation:campaign", slug=campaign.slug)


# --- Claims ---------------------------------------------------------------------------------------------------

# What can be claimed: the items of the registered queues.
CLAIMABLE = {
    "campaigns.campaign",
    "evidence.evidenceitem",
    "filings.filing",
    "filings.inboundemail",
    "moderation.reportedcontent",
    "replies.representative",
}


def _claim_target(request: HttpRequest, target_type: str, target_id: str):
    permissions.require_moderator(request.user)
    if target_type not in CLAIMABLE:
        raise Http404
    model = apps.get_model(target_type)
    try:
        return get_object_or_404(model, pk=target_id)
    except (ValueError, ValidationError):  # a hand-edited id ("abc"): not found, not a server error
        raise Http404 from None


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "moderation:index"
    return redirect(target)


def _claim_box(request: HttpRequest, target, error: str = "") -> HttpResponse:
    """htmx: the claim box alone, swapped in place."""
    context = claim_box({"request": request}, target)
    context.pop("csrf_token", None)  # the request's own token, from the context processor
    context["error"] = error
    return render(request, "moderation/_claim.html", context)


@require_POST
@login_required
def claim(request: HttpRequest, target_type: str, target_id: str) -> HttpResponse:
    target = _claim_target(request, target_type, target_id)
    error = ""
    try:
        moderation.claim_take(actor=request.user, target=target)
    except moderation.ModerationError as exc:
        error = str(exc)
    if request.htmx:
        return _claim_box(request, target, error)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request, _("You claimed this item. Other moderators see that you are working on it.")
        )
    return _back(request)


@require_POST
@login_required
def release(request: HttpRequest, target_type: str, target_id: str) -> HttpResponse:
    target = _claim_target(request, target_type, target_id)
    released = moderation.claim_release(actor=request.user, target=target)
    if request.htmx:
        return _claim_box(request, target)
    if released:
        messages.success(request, _("Released: the item is back in the queue."))
    return _back(request)


# --- Accounts -------------------------------------------------------------------------------------------------


@require_GET
@login_required
def users(request: HttpRequest) -> HttpResponse:
    permissions.require_moderator(request.user)
    form = UserLookupForm(request.GET or None)
    found = None
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        rows = User.objects.filter(pk=int(q)) if q.isdigit() else User.objects.filter(email__iexact=q)
        found = rows.first()
    suspended = User.objects.filter(suspended_at__isnull=False).order_by("-suspended_at")[:50]
    context = {"form": form, "found": found, "searched": form.is_bound, "suspended": suspended}
    context["reason_form"] = ReasonForm()
    return render(request, "moderation/users.html", context)


def _account_action(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    permissions.require_moderator(request.user)
    person = get_object_or_404(User, pk=pk, erased_at__isnull=True)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
    else:
        try:
            action(actor=request.user, user=person, reason=form.cleaned_data["reason"])
        except moderation.ModerationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done % {"id": person.pk})
    return redirect(f"{reverse('moderation:users')}?q={person.pk}")


@require_POST
@login_required
def user_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(request, pk, moderation.account_suspend, _("Account #%(id)s is suspended."))


@require_POST
@login_required
def user_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(request, pk, moderation.account_restore, _("Account #%(id)s is restored."))


# --- Audit log ------------------------------------------------------------------------------------------------


@require_GET
@login_required
def audit(request: HttpRequest) -> HttpResponse:
    permissions.require_moderator(request.user)
    form = AuditFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = moderation_selectors.AuditFilter(
        action=(data.get("action") or "").strip(),
        actor_id=data.get("actor"),
        target_type=(data.get("target_type") or "").strip(),
        target_id=(data.get("target_id") or "").strip(),
        since=data.get("since"),
        until=data.get("until"),
    )
    events, next_before = moderation_selectors.audit_page(filters, before=data.get("before"))
    query = request.GET.copy()
    query.pop("before", None)
    if next_before:
        query["before"] = next_before
    context = {
        "form": form,
        "entries": audit_text.entries(events),
        "next_url": f"?{query.urlencode()}" if next_before else "",
    }
    template = "moderation/_audit_rows.html" if request.htmx else "moderation/audit.html"
    return render(request, template, context)


# --- Reports --------------------------------------------------------------------------------------------------


def _reportable(request: HttpRequest, target_type: str, target_id: str):
    spec = get_report_target(target_type)
    target = spec.fetch(request.user, target_id) if spec is not None else None
    if target is None:
        raise Http404
    return spec, target


@login_required
def report(request: HttpRequest, target_type: str, target_id: str) -> HttpResponse:
    spec, target = _reportable(request, target_type, target_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = moderation.report_create(
                actor=request.user, target=target, reason=form.cleaned_data["reason"]
            )
        except moderation.ModerationError as exc:
            messages.error(request, str(exc))
        else:
            if created:
                messages.success(request, _("Thank you. A moderator will look at it."))
            else:
                messages.info(request, _("You already reported this. A moderator will look at it."))
            return redirect(spec.url(target))
    context = {"form": form, "noun": spec.noun, "title": spec.describe(target), "back": spec.url(target)}
    return render(request, "moderation/report.html", context)


@require_GET
@login_required
def reports(request: HttpRequest) -> HttpResponse:
    permissions.require_moderator(request.user)
    page = selectors.paginate(moderation_selectors.open_reports(), request.GET.get("page"))
    entries = moderation_selectors.report_entries(page.object_list)
    return render(request, "moderation/reports.html", {"page": page, "entries": entries})


@require_GET
@login_required
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    content = permissions.get_report_for_moderator(request.user, pk)
    entry = moderation_selectors.report_entries([content])[0]
    return render(request, "moderation/report_review.html", {"entry": entry, "form": ReasonForm()})


def _report_decide(request: HttpRequest, pk: int, decide, done: str) -> HttpResponse:
    content = permissions.get_report_for_moderator(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
        return redirect("moderation:report", pk=content.pk)
    try:
        decide(actor=request.user, content=content, reason=form.cleaned_data["reason"])
    except (moderation.ModerationError, EvidenceError) as exc:
        messages.error(request, str(exc))
        return redirect("moderation:report", pk=content.pk)
    messages.success(request, done)
    return redirect("moderation:reports")


@require_POST
@login_required
def report_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_decide(request, pk, moderation.report_dismiss, _("The report is dismissed."))


@require_POST
@login_required
def report_hide(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_decide(
        request, pk, moderation.report_hide, _("The content is hidden; its author is told why.")
    )
