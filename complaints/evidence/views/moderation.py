"""Moderators' evidence queue: the queue, one item, a decision, an original opened with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaints.campaigns.selectors import paginate
from complaints.core.review import reports_of
from complaints.evidence import permissions, selectors, services
from complaints.evidence.files import download_name, read_file
from complaints.evidence.forms import (
    ModerationForm,
    OpenOriginalForm,
)
from complaints.evidence.pipeline import Kind
from complaints.evidence.pipeline.sniff import MIME_TYPES
from complaints.evidence.views.common import TEXT_PREVIEW_CHARS, form_errors, stream


@require_GET
@login_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    if not permissions.is_moderator(request.user):
        raise Http404
    page = paginate(selectors.evidence_needing_moderation(), request.GET.get("page"))
    return render(request, "evidence/moderation_queue.html", {"page": page})


@require_GET
@login_required
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_moderator(request.user, pk)
    context = {
        "item": item,
        "campaign": item.campaign,
        "pages": range(1, (item.page_count or 0) + 1) if item.is_pdf else (),
        "reports": reports_of(item)[:20],
        "form": ModerationForm(),
        "original_form": OpenOriginalForm(),
    }
    if item.is_text:
        context["redacted_text"] = read_file(item.redacted.name).decode("utf-8")[:TEXT_PREVIEW_CHARS]
    return render(request, "evidence/moderate.html", context)


@require_POST
@login_required
def moderate_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_moderator(request.user, pk)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("evidence:moderate", pk=item.pk)
    try:
        services.evidence_moderate(actor=request.user, item=item, **form.cleaned_data)
    except services.EvidenceError as exc:
        messages.error(request, str(exc))
        return redirect("evidence:moderate", pk=item.pk)
    messages.success(request, _("Decision recorded."))
    return redirect("evidence:moderation_queue")


@require_POST
@login_required
def moderate_original(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_moderator(request.user, pk)
    form = OpenOriginalForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("evidence:moderate", pk=item.pk)
    token = services.evidence_open_original(actor=request.user, item=item, reason=form.cleaned_data["reason"])
    return redirect("evidence:original_link", token=token)


@require_GET
@login_required
def original_link(request: HttpRequest, token: str) -> HttpResponse:
    item_id = services.original_link_item_id(token, user=request.user)
    if item_id is None:
        raise Http404
    item = permissions.get_evidence_for_moderator(request.user, item_id)
    return stream(
        item.original.name,
        content_type=MIME_TYPES[Kind(item.kind)],
        filename=download_name(item, owner=False),
        attachment=True,
    )
