"""The headers every private file the portal serves carries (evidence, filings, responses, exports)."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse

# Served files carry no active content a browser should run, whatever they claim to be, and no other site
# may embed them (Cross-Origin-Resource-Policy) or keep a copy in a shared cache.
FILE_CSP = "sandbox; default-src 'none'"


def private_file_headers(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def private_file(field, filename: str, content_type: str) -> FileResponse:
    """A stored private file as a download, with the headers above."""
    response = FileResponse(
        field.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    return private_file_headers(response)
