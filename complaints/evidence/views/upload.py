"""The owner's evidence in a campaign: the list, the upload and one row's status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from complaints.campaigns import permissions as campaign_permissions
from complaints.campaigns.selectors import paginate
from complaints.evidence import permissions, selectors, services
from complaints.evidence.forms import (
    UploadForm,
)
from complaints.evidence.views.common import is_xhr


def _mine_context(request: HttpRequest, campaign, membership, form, outcome=None) -> dict:
    items = selectors.evidence_for_member(request.user, campaign)
    count, size = services.evidence_usage(request.user)
    return {
        "campaign": campaign,
        "membership": membership,
        "form": form,
        "outcome": outcome,
        "page": paginate(items, request.GET.get("page"), per_page=30),
        "can_upload": permissions.can_upload_evidence(request.user, membership),
        "usage": {"count": count, "size": size},
    }


@login_required
def mine(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = campaign_permissions.get_campaign_for_user(request.user, slug)
    membership = campaign_permissions.get_membership_for_user(
        request.user, campaign, write=request.method == "POST"
    )
    form = UploadForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = services.evidence_upload(
            actor=request.user,
            membership=membership,
            files=form.cleaned_data["files"],
            category=form.cleaned_data["category"],
            document_date=form.cleaned_data["document_date"],
        )
        if not is_xhr(request):
            _upload_messages(request, outcome)
            return redirect("evidence:mine", slug=campaign.slug)
        form = UploadForm()
    context = _mine_context(request, campaign, membership, form, outcome)
    template = "evidence/mine.html#evidence-section" if is_xhr(request) else "evidence/mine.html"
    return render(request, template, context, status=400 if form.errors else 200)


def _upload_messages(request: HttpRequest, outcome: services.UploadOutcome) -> None:
    if outcome.items:
        count = len(outcome.items)
        messages.success(
            request,
            ngettext(
                "%(count)s file received. It is being anonymized; then it waits for your review.",
                "%(count)s files received. They are being anonymized; then they wait for your review.",
                count,
            )
            % {"count": count},
        )
    for name, existing in outcome.duplicates:
        context = {"name": name, "existing": existing}
        messages.warning(
            request, render_to_string("evidence/_duplicate_upload.html", context, request=request)
        )
    for name, reason in outcome.rejected:
        messages.error(
            request, _("“%(name)s” was not accepted: %(reason)s") % {"name": name, "reason": reason}
        )


@require_GET
@login_required
def status(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_user(request.user, pk, write=True)
    return render(request, "evidence/mine.html#item-row", {"item": item})
