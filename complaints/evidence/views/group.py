"""The group's view: the pooled index, one shared item, reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaints.campaigns import permissions as campaign_permissions
from complaints.campaigns.selectors import paginate
from complaints.core.review import ModerationError, report_create
from complaints.evidence import permissions, selectors
from complaints.evidence.files import read_file
from complaints.evidence.forms import (
    ReportForm,
)
from complaints.evidence.views.common import TEXT_PREVIEW_CHARS, form_errors


@require_GET
@login_required
def pooled_index(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = campaign_permissions.get_campaign_for_user(request.user, slug)
    if not permissions.can_view_pooled_evidence(request.user, campaign):
        raise PermissionDenied
    page = paginate(selectors.pooled_evidence(campaign), request.GET.get("page"), per_page=24)
    return render(request, "evidence/index.html", {"campaign": campaign, "page": page})


@require_GET
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_user(request.user, pk)
    if permissions.is_owner(request.user, item):
        return redirect("evidence:review", pk=item.pk)
    context = {
        "item": item,
        "campaign": item.campaign,
        "pages": range(1, (item.page_count or 0) + 1) if item.is_pdf else (),
        "can_report": permissions.can_report_evidence(request.user, item),
        "can_moderate": permissions.can_moderate_evidence(request.user, item),
        "report_form": ReportForm(),
    }
    if item.is_text:
        context["redacted_text"] = read_file(item.redacted.name).decode("utf-8")[:TEXT_PREVIEW_CHARS]
    return render(request, "evidence/detail.html", context)


@require_POST
@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_user(request.user, pk)
    if not permissions.can_report_evidence(request.user, item):
        raise PermissionDenied
    form = ReportForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("evidence:detail", pk=item.pk)
    try:
        report_create(actor=request.user, target=item, reason=form.cleaned_data["reason"])
    except ModerationError as exc:
        messages.error(request, str(exc))
        return redirect("evidence:detail", pk=item.pk)
    messages.success(
        request, _("Thank you. The item is hidden from the group until a moderator has looked at it.")
    )
    return redirect("evidence:index", slug=item.campaign.slug)
