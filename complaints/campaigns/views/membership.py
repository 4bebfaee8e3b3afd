"""A member's views: joining, their own case and consent, leaving, and the "My campaigns" dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaints.campaigns import permissions, selectors, services
from complaints.campaigns.dashboard import dashboard_rows
from complaints.campaigns.forms import (
    CaseForm,
    ConsentForm,
    JoinForm,
)
from complaints.campaigns.models import (
    Campaign,
)
from complaints.campaigns.views.intake import INTAKE_KEY, _intake_initial


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
