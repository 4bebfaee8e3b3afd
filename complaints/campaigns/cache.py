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
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from complaints.campaigns.models import Campaign

_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
# Stands where a visitor's CSRF token goes in a stored page; no token has these characters.
_PLACEHOLDER = b"\x00csrf\x00"


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
                and not len(get_messages(request))
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
# The member list of a big campaign is the same for every member who may see it: its rows are a cached template
# fragment (templates/campaigns/_member_rows.html) keyed by the campaign's roster_version. Whatever changes a
# row (joining, leaving, a case, consent, a role, an evidence count, an erasure, a merge) moves the version,
# in the same transaction. A viewer whose own row is on the page (the "you" mark) gets their own copy of that
# page; organizers (whose rows carry forms) always render.


def roster_changed(*campaign_ids: int) -> None:
    """Move these campaigns' roster_version, in the caller's transaction: the member list's cached fragment
    is keyed by it, so the next look renders afresh."""
    ids = [pk for pk in campaign_ids if pk]
    if ids:
        Campaign.objects.filter(pk__in=ids).update(roster_version=F("roster_version") + 1)


# A page of rows shows nothing that changes without moving roster_version (no relative times), so it is
# kept far longer than the anonymous page cache; TONGSU_PAGE_CACHE_SECONDS=0 still turns it off.
ROSTER_FRAGMENT_SECONDS = 3600


def roster_context(campaign: Campaign, page: Page, viewer_number: int | None) -> dict:
    """What _member_rows.html needs to cache a page of rows: how long, and the viewer's member number when
    their row is on this page (else 0), which is part of the fragment's key. The page's numbers are kept
    under the same version, so a look served from the cache reads no member row."""
    seconds = ROSTER_FRAGMENT_SECONDS if getattr(settings, "TONGSU_PAGE_CACHE_SECONDS", 10) else 0
    if not viewer_number:
        return {"roster_seconds": seconds, "you_number": 0}

    def numbers() -> list[int]:
        return [member.pseudonym_number for member in page.object_list]

    if seconds:
        key = f"roster-numbers:{campaign.pk}:{campaign.roster_version}:{page.number}"
        on_page = cache.get_or_set(key, numbers, seconds)
    else:
        on_page = numbers()
    return {"roster_seconds": seconds, "you_number": viewer_number if viewer_number in on_page else 0}
