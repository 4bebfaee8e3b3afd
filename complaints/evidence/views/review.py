"""The owner's review page and its actions: redactions, details, approval, setting aside, deletion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaints.evidence import permissions, rendering, selectors, services
from complaints.evidence.files import read_file
from complaints.evidence.forms import (
    ApproveForm,
    BoxForm,
    DetailsForm,
    TextMarkForm,
)
from complaints.evidence.models import FINDING_LABELS, EvidenceItem
from complaints.evidence.views.common import TEXT_PREVIEW_CHARS


def _entry_rows(item: EvidenceItem) -> list[dict]:
    labels = {"auto": _("found automatically"), "manual": _("added by you")}
    return [
        {
            "id": entry.get("id"),
            "page": entry.get("page") if item.is_pdf else None,
            "spot": _picture_spot(item, entry.get("box")) if item.is_image else None,
            "type": str(FINDING_LABELS.get(entry.get("type"), _("Personal detail"))),
            "source": labels.get(entry.get("source"), ""),
            "occurrences": len(entry.get("spans", [])),
        }
        for entry in item.boxes
    ]


def _picture_spot(item: EvidenceItem, box) -> dict | None:
    """Where a box lies on a picture, as the share of its width and height from the top-left corner."""
    if not box or not item.width or not item.height:
        return None
    return {"left": round(100 * box[0] / item.width), "top": round(100 * box[1] / item.height)}


def _surface_context(request: HttpRequest, item: EvidenceItem) -> dict:
    """What the owner draws on: the picture, or one PDF page as a picture, with the active boxes on it."""
    if item.is_image:
        boxes = [(e["id"], e["box"]) for e in item.boxes if e.get("box")]
        return {"surface": rendering.Surface(1, item.width or 0, item.height or 0), "overlays": boxes}
    normalized = read_file(item.normalized.name)
    surfaces = rendering.pdf_surfaces(normalized)
    try:
        number = min(max(int(request.GET.get("page", 1)), 1), len(surfaces))
    except ValueError:
        number = 1
    on_page = [(e["page"], tuple(e["box"])) for e in item.boxes if e.get("box") and e.get("page") == number]
    ids = [e["id"] for e in item.boxes if e.get("box") and e.get("page") == number]
    preview = rendering.pdf_to_preview(normalized, on_page)
    overlays = [
        (box_id, [round(v, 1) for v in box]) for box_id, (_page, box) in zip(ids, preview, strict=True)
    ]
    return {"surface": surfaces[number - 1], "surfaces": surfaces, "overlays": overlays}


def _just_added(request: HttpRequest, item: EvidenceItem) -> str:
    """The box the owner has just drawn, if it is still there: the page offers to undo it."""
    box_id = request.GET.get("added", "")
    return box_id if any(e.get("id") == box_id and e.get("source") == "manual" for e in item.boxes) else ""


@require_GET
@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_user(request.user, pk, write=True)
    waiting = selectors.evidence_waiting_for_review(request.user, item.campaign).exclude(pk=item.pk)
    context = {
        "item": item,
        "campaign": item.campaign,
        "next_item": waiting.first() if item.status != EvidenceItem.Status.NEEDS_REVIEW else None,
        "just_added": _just_added(request, item),
        "entries": _entry_rows(item),
        "details_form": DetailsForm(initial={"category": item.category, "document_date": item.document_date}),
        "approve_form": ApproveForm(
            initial={"share_with_group": item.share_with_group, "include_in_filings": item.include_in_filings}
        ),
    }
    if item.is_reviewable and item.is_text:
        context["normalized_text"] = read_file(item.normalized.name).decode("utf-8")[:TEXT_PREVIEW_CHARS]
        context["redacted_text"] = read_file(item.redacted.name).decode("utf-8")[:TEXT_PREVIEW_CHARS]
        context["text_form"] = TextMarkForm()
    elif item.is_reviewable:
        context.update(_surface_context(request, item))
        context["box_form"] = BoxForm(initial={"page": context["surface"].page})
    return render(request, "evidence/review.html", context)


def _owner_action(request: HttpRequest, pk: int, action) -> HttpResponse:
    item = permissions.get_evidence_for_user(request.user, pk, write=True)
    try:
        message = action(item)
    except services.EvidenceError as exc:
        messages.error(request, str(exc))
    else:
        if message:
            messages.success(request, message)
    page = request.POST.get("page", "")
    url = reverse("evidence:review", args=[item.pk])
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@require_POST
@login_required
def box_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A drawn box is applied as soon as the drag ends (the page's script sends it); the page offers undo."""
    item = permissions.get_evidence_for_user(request.user, pk, write=True)
    form = BoxForm(request.POST)
    url = reverse("evidence:review", args=[item.pk])
    page = request.POST.get("page", "")
    params = {"page": page} if page.isdigit() else {}
    if not form.is_valid():
        messages.error(request, _("Draw a box over the part to hide."))
        return redirect(f"{url}?{urlencode(params)}")
    data = form.cleaned_data
    try:
        item = services.evidence_box_add(
            actor=request.user,
            item=item,
            page=data["page"],
            box=form.box(),
            finding_type=data["finding_type"],
        )
    except services.EvidenceError as exc:
        messages.error(request, str(exc))
        return redirect(f"{url}?{urlencode(params)}")
    messages.success(request, _("The area is hidden. Check the redacted version."))
    return redirect(f"{url}?{urlencode({**params, 'added': item.boxes[-1]['id']})}#redaction-undo")


@require_POST
@login_required
def text_mark(request: HttpRequest, pk: int) -> HttpResponse:
    form = TextMarkForm(request.POST)

    def action(item):
        if not form.is_valid():
            raise services.EvidenceError(_("Mark or type the text to hide."))
        data = form.cleaned_data
        services.evidence_text_mark(
            actor=request.user, item=item, text=data["text"], finding_type=data["finding_type"]
        )
        return _("The text is hidden everywhere it appears.")

    return _owner_action(request, pk, action)


@require_POST
@login_required
def box_remove(request: HttpRequest, pk: int, box_id: str) -> HttpResponse:
    def action(item):
        services.evidence_box_remove(actor=request.user, item=item, box_id=box_id)
        if request.POST.get("undo"):
            return _("Undone: the area you drew is visible again. Draw it again where it belongs.")
        return _("The redaction is removed. Check that nothing personal shows now.")

    return _owner_action(request, pk, action)


@require_POST
@login_required
def details(request: HttpRequest, pk: int) -> HttpResponse:
    form = DetailsForm(request.POST)

    def action(item):
        if not form.is_valid():
            if "document_date" in form.errors:
                raise services.EvidenceError(form.errors["document_date"][0])
            raise services.EvidenceError(_("Choose what kind of evidence this is."))
        services.evidence_details_update(actor=request.user, item=item, **form.cleaned_data)
        return _("Saved.")

    return _owner_action(request, pk, action)


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    form = ApproveForm(request.POST)

    def action(item):
        form.is_valid()  # two checkboxes: always valid, unchecked means no
        item = services.evidence_approve(actor=request.user, item=item, **form.cleaned_data)
        if item.needs_moderation and item.share_with_group:
            return _("Approved. A moderator checks it before the group sees it.")
        return _("Approved. Your choices are saved.")

    return _owner_action(request, pk, action)


@require_POST
@login_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    def action(item):
        services.evidence_reject(actor=request.user, item=item)
        return _("The item is set aside. Nobody else sees it.")

    return _owner_action(request, pk, action)


@require_POST
@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_user(request.user, pk, write=True)
    slug = item.campaign.slug
    services.evidence_delete(actor=request.user, item=item)
    messages.success(request, _("The item and all its files are deleted."))
    return redirect("evidence:mine", slug=slug)
