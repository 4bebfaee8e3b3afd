"""A short-lived page cache for visitors without a session: the public pages most people read.

Only requests without a session or messages cookie are served from it or stored in it, so nothing a
signed-in member, organizer or moderator sees is ever cached or shared; their pages always render fresh.
A cached page holds no per-visitor data: the CSRF token of its forms (language switcher) is swapped for a
placeholder when stored and for this visitor's own token when served. Entries expire after
`TONGSU_PAGE_CACHE_SECONDS` (10 s; 0 turns the cache off), so a change reaches everyone within that time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from complaints.core.markup import CSRF_MARK
from complaints.core.pieces import kept_piece, scope_changed

_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
_PLACEHOLDER = CSRF_MARK.encode()


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.htmx
    )


def _key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{get_language()}:{path}"


def anonymous_page_cache(view):
    """Serve the view's page from the cache to visitors without a session (see the module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        timeout = getattr(settings, "TONGSU_PAGE_CACHE_SECONDS", 10)
        if not timeout or not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content_type, body = stored
            if _PLACEHOLDER in body:
                body = body.replace(_PLACEHOLDER, get_token(request).encode())
            response = HttpResponse(body, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not getattr(request, "_messages", None)
            ):
                cache.set(
                    key,
                    (response["Content-Type"], _TOKEN.sub(rb"\1" + _PLACEHOLDER + rb"\2", response.content)),
                    timeout,
                )
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response

    return wrapper


# --- The member list -----------------------------------------------------------------------------------------
# The member list of a big campaign is the same for every member who may see it; its rows are kept as a
# piece of the campaign's roster (complaints.core.pieces). Whatever changes a row (joining, leaving, a case,
# consent, a role, an evidence count, an erasure, a merge) calls roster_changed. The viewer's own "you" mark
# is added per request, and organizers (whose rows carry forms) always render.


def roster_changed(*campaign_ids: int) -> None:
    """After the current transaction commits, retire what was kept of these campaigns' member lists."""
    scope_changed(*(f"roster:{pk}" for pk in campaign_ids if pk))


def roster_piece(campaign_id: int, name: str, render: Callable[[], str]) -> str:
    """`render()`'s markup for this campaign, kept until its roster changes."""
    return kept_piece(f"roster:{campaign_id}", name, render)
