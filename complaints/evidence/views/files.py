"""Evidence files, always behind a permission check, with nosniff and a sandboxing CSP."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from complaints.evidence import permissions, rendering
from complaints.evidence.files import download_name, read_file
from complaints.evidence.pipeline import Kind
from complaints.evidence.pipeline.sniff import MIME_TYPES
from complaints.evidence.views.common import png_response, stream


@require_GET
@login_required
def original(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_user(request.user, pk)
    if not permissions.can_view_original(request.user, item):
        raise Http404
    return stream(
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
    return stream(
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
    return stream(
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
    return png_response(rendering.render_page_png(read_file(name), number))


@require_GET
@login_required
def thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_evidence_for_user(request.user, pk)
    if not permissions.can_view_thumbnail(request.user, item):
        raise Http404
    return stream(
        item.thumbnail.name, content_type="image/jpeg", filename=f"evidence-{item.pk}.jpg", attachment=False
    )
