"""Views of the evidence app: upload and the owner's list, review and consent, the pooled index, files
(always behind a permission check, with nosniff and a sandboxing CSP), reports and moderation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from complaints.campaigns import permissions as campaign_permissions
from complaints.campaigns.selectors import paginate
from complaints.core.downloads import private_file_headers
from complaints.evidence import permissions, rendering, selectors, services
from complaints.evidence.files import download_name, read_file
from complaints.evidence.forms import (
    ApproveForm,
    BoxForm,
    DetailsForm,
    ModerationForm,
    OpenOriginalForm,
    ReportForm,
    TextMarkForm,
    UploadForm,
)
from complaints.evidence.models import FINDING_LABELS, EvidenceItem, private_storage
from complaints.evidence.pipeline import Kind
from complaints.evidence.pipeline.sniff import MIME_TYPES
from complaints.moderation.selectors import reports_of

TEXT_PREVIEW_CHARS = 200_000


def _is_xhr(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _stream(name: str, *, content_type: str, filename: str, attachment: bool) -> FileResponse:
    response = FileResponse(
        private_storage.open(name, "rb"),
        as_attachment=attachment,
        filename=filename,
        content_type=content_type,
    )
    return private_file_headers(response)


def _png(data: bytes) -> HttpResponse:
    return private_file_headers(HttpResponse(data, content_type="image/png"))


def _form_errors(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# --- The owner's evidence in a campaign: list and upload -----------------------------------------------------------


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
        if not _is_xhr(request):
            _upload_messages(request, outcome)
            return redirect("evidence:mine", slug=campaign.slug)
        form = UploadForm()
    context = _mine_context(request, campaign, membership, form, outcome)
    template = "evidence/mine.html#evidence-section" if _is_xhr(request) else "evidence/mine.html"
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


# --- Review ------------------------------------------------------------------------------------------------------


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


# --- Files ---------------------------------------------------------------------------------------------------------


@require_GET
@login_required
def original(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_user(request.user, pk)
    if not permissions.can_view_original(request.user, item):
        raise Http404
    return _stream(
        item.original.name,
        content_type=MIME_TYPES[Kind(item.kind)],
        filename=download_name(item, owner=True),
        attachment=True,
    )


@require_GET
@login_required
def normalized(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_user(request.user, pk)
    if not permissions.can_view_normalized(request.user, item):
        raise Http404
    return _stream(
        item.normalized.name,
        content_type=MIME_TYPES[Kind(item.kind)],
        filename=download_name(item, owner=True),
        # Re-encoded pictures are shown inline for the review; anything else is downloaded.
        attachment=not item.is_image,
    )


@require_GET
@login_required
def redacted(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_user(request.user, pk)
    if not permissions.can_view_redacted(request.user, item):
        raise Http404
    owner = permissions.is_owner(request.user, item)
    return _stream(
        item.redacted.name,
        content_type=MIME_TYPES[Kind(item.kind)],
        filename=download_name(item, owner=owner),
        attachment=not item.is_image or request.GET.get("download") == "1",
    )


@require_GET
@login_required
def page_image(request: HttpRequest, pk: int, version: str, number: int) -> HttpResponse:
    """One PDF page as a picture: the normalized one for the owner, the redacted one for whoever sees it."""
    item = permissions.get_evidence_for_user(request.user, pk)
    if version not in ("normalized", "redacted"):
        raise Http404
    if version == "normalized":
        allowed, name = permissions.can_view_normalized(request.user, item), item.normalized.name
    else:
        allowed, name = permissions.can_view_redacted(request.user, item), item.redacted.name
    if not allowed or not item.is_pdf or not 1 <= number <= (item.page_count or 0):
        raise Http404
    return _png(rendering.render_page_png(read_file(name), number))


@require_GET
@login_required
def thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_user(request.user, pk)
    if not permissions.can_view_thumbnail(request.user, item):
        raise Http404
    return _stream(
        item.thumbnail.name, content_type="image/jpeg", filename=f"evidence-{item.pk}.jpg", attachment=False
    )


# --- The group's view: pooled index, one item, reports -------------------------------------------------------------


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
        _form_errors(request, form)
        return redirect("evidence:detail", pk=item.pk)
    from complaints.moderation.services import ModerationError, report_create

    try:
        report_create(actor=request.user, target=item, reason=form.cleaned_data["reason"])
    except ModerationError as exc:
        messages.error(request, str(exc))
        return redirect("evidence:detail", pk=item.pk)
    messages.success(
        request, _("Thank you. The item is hidden from the group until a moderator has looked at it.")
    )
    return redirect("evidence:index", slug=item.campaign.slug)


# --- Moderation ----------------------------------------------------------------------------------------------------


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
        _form_errors(request, form)
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
        _form_errors(request, form)
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
    return _stream(
        item.original.name,
        content_type=MIME_TYPES[Kind(item.kind)],
        filename=download_name(item, owner=False),
        attachment=True,
    )
