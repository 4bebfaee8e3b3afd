"""What the evidence views share: private file responses and small request helpers."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse

from complaints.core.downloads import private_file_headers
from complaints.evidence.models import private_storage

TEXT_PREVIEW_CHARS = 200_000


def is_xhr(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def stream(name: str, *, content_type: str, filename: str, attachment: bool) -> FileResponse:
    response = FileResponse(
        private_storage.open(name, "rb"),
        as_attachment=attachment,
        filename=filename,
        content_type=content_type,
    )
    return private_file_headers(response)


def png_response(data: bytes) -> HttpResponse:
    return private_file_headers(HttpResponse(data, content_type="image/png"))


def form_errors(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
