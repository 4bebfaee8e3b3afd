"""What the campaigns views share."""

from __future__ import annotations

from django.http import HttpRequest


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.boosted
