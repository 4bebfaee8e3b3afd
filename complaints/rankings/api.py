"""The read-only open-data API (django-ninja, OpenAPI at /api/v1/docs): public content and aggregates only.

Every list is keyset-paginated on id (`?after=<next>`), answers conditional GETs (ETag on the body,
Last-Modified where the rows carry a time) with 304, and is rate-limited per client through the shared cache.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from ninja import NinjaAPI, Query, Schema
from ninja.throttling import BaseThrottle
from pydantic import Field

from complaints.accounts.security import rate_limit_hit
from complaints.rankings import selectors

MAX_LIMIT = 500
MAX_AGE = 60  # seconds a client (and the shared cache) may keep a page


PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


class ApiRate(NamedTuple):
    count: int  # requests a client may make
    seconds: int  # in a window this long
    unit: str  # the window's name: "second", "minute", "hour" or "day"


def api_rate() -> ApiRate:
    """TONGSU_API_RATE ("120/m"; validated when the settings load, portal/tongsu.py) as the throttle and the
    API guide both read it."""
    count, _slash, period = settings.TONGSU_API_RATE.partition("/")
    seconds = PERIODS[period]
    unit = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}[seconds]
    return ApiRate(int(count), seconds, unit)


class ClientThrottle(BaseThrottle):
    """Per-client limit (TONGSU_API_RATE, "120/m", read on each request), the client as the sign-in limits see
    it, counted in a fixed window on the shared cache (`accounts.security.rate_limit_hit`: one INCR a request;
    ninja's SimpleRateThrottle keeps, and pickles on every request, the time of each request in the window)."""

    def allow_request(self, request: HttpRequest) -> bool:
        rate = api_rate()
        self.seconds = rate.seconds
        ident = get_adapter(request).get_client_ip(request) or "unknown"
        return not rate_limit_hit(scope="opendata", key=ident, limit=rate.count, seconds=rate.seconds)

    def wait(self) -> float | None:
        return getattr(self, "seconds", None)


api = NinjaAPI(
    title="同诉 Tongsu open data",
    version="1",
    description=(
        "Public content and aggregates of Tongsu, under CC BY 4.0. No member-level rows; a figure about "
        "fewer than 5 people is null. Lists are ordered by id: pass `after` = the previous page's `next`."
    ),
    urls_namespace="opendata",
    docs_url="/docs",
    throttle=[ClientThrottle()],
)


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/: the API's own 404 (JSON, as ninja answers), not the site's HTML page."""
    return HttpResponse(
        json.dumps({"detail": "Not Found"}), status=404, content_type="application/json; charset=utf-8"
    )


class PageParams(Schema):
    after: int = Field(0, ge=0, description="The `next` cursor of the previous page (0: from the start).")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)


class PlatformOut(Schema):
    id: int
    slug: str
    name: str
    name_en: str
    sector: str
    website: str
    url: str


class CampaignOut(Schema):
    id: int
    slug: str
    title: str
    language: str
    platform: str
    category: str
    status: str
    created_on: datetime.date
    members: int | None
    total_claimed_cny: Decimal | None
    members_made_whole: int | None
    url: str


class FilingOut(Schema):
    id: int
    campaign: str
    platform: str
    regulator: str
    regulator_name: str
    regulator_name_en: str
    regulator_kind: str
    channel: str
    sent_on: datetime.date
    due_on: datetime.date | None
    first_answer_on: datetime.date | None
    answered_on_time: bool | None


class AnswerOut(Schema):
    id: int
    filing: int
    campaign: str
    regulator: str
    received_on: datetime.date
    working_days: int
    source: str


class SnapshotOut(Schema):
    id: int
    platform: str
    month: str
    members_joined: int | None
    campaigns_started: int
    filings_sent: int
    answered_on_time_share: Decimal | None
    regulator_answer_median_days: Decimal | None
    platform_reply_median_days: Decimal | None
    resolution_share: Decimal | None
    money_recovered: Decimal | None


def _page_schema(item: type[Schema]) -> type[Schema]:
    return type(
        f"{item.__name__.removesuffix('Out')}Page",
        (Schema,),
        {"__annotations__": {"items": list[item], "next": int | None}},
    )


def _page(queryset: QuerySet, builder: Callable[..., dict], params: PageParams, changed) -> tuple:
    """The page's JSON body, its ETag and its Last-Modified time (None when its rows carry no time)."""
    items, cursor = selectors.keyset(queryset, after=params.after, limit=params.limit)
    body = json.dumps(
        {"items": [builder(item) for item in items], "next": cursor},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
    ).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
    modified = changed(items) if changed and items else None
    return body, etag, int(modified.timestamp()) if modified else None


def _listing(
    request: HttpRequest,
    queryset: QuerySet,
    builder: Callable[..., dict],
    params: PageParams,
    changed: Callable[[list], datetime.datetime | None] | None = None,
) -> HttpResponse:
    """One keyset page as JSON, or 304 when the client's copy (ETag / If-Modified-Since) is current.

    A page is the same for every client for the minute its Cache-Control allows, so it is kept that long (at
    most TONGSU_PAGE_CACHE_SECONDS; 0 turns it off) in the shared cache: crawlers all follow the same chain of
    `next` cursors from 0, and each page is built once for all of them."""
    seconds = min(settings.TONGSU_PAGE_CACHE_SECONDS, MAX_AGE)
    key = f"opendata:{request.path}:{params.after}:{params.limit}"
    page = cache.get(key) if seconds else None
    if page is None:
        page = _page(queryset, builder, params, changed)
        if seconds:
            cache.set(key, page, seconds)
    body, etag, last_modified = page
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


@api.get("/platforms", response=_page_schema(PlatformOut), summary="Platforms in the directory")
def platform_list(request: HttpRequest, params: Query[PageParams]):
    return _listing(request, selectors.platforms(), selectors.platform_row, params)


@api.get("/campaigns", response=_page_schema(CampaignOut), summary="Public campaigns")
def campaign_list(request: HttpRequest, params: Query[PageParams]):
    return _listing(request, selectors.campaigns(), selectors.campaign_row, params)


@api.get("/filings", response=_page_schema(FilingOut), summary="Filings sent (delivery confirmed)")
def filing_list(request: HttpRequest, params: Query[PageParams]):
    return _listing(
        request,
        selectors.filings_sent(),
        selectors.filing_row,
        params,
        changed=lambda rows: max(r.updated_at for r in rows),
    )


@api.get("/answers", response=_page_schema(AnswerOut), summary="Answers to filings sent (when, from whom)")
def answer_list(request: HttpRequest, params: Query[PageParams]):
    return _listing(
        request,
        selectors.answers(),
        selectors.answer_row,
        params,
        changed=lambda rows: max(r.received_at for r in rows),
    )


@api.get("/snapshots", response=_page_schema(SnapshotOut), summary="Monthly figures per platform")
def snapshot_list(request: HttpRequest, params: Query[PageParams]):
    return _listing(
        request,
        selectors.snapshots(),
        selectors.snapshot_row,
        params,
        changed=lambda rows: max(r.computed_at for r in rows),
    )
