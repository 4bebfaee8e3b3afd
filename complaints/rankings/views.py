"""Public pages: the rankings, their methodology, and the open-data page with its daily ZIP."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from complaints.campaigns.cache import anonymous_page_cache
from complaints.campaigns.models import SMALL_COUNT, Sector
from complaints.core.downloads import FILE_CSP
from complaints.core.storage import private_backend
from complaints.rankings import fields, selectors
from complaints.rankings.api import MAX_LIMIT, api_rate
from complaints.rankings.models import OpenDataDump
from complaints.rankings.periods import DEFAULT_PERIOD, PERIODS


@require_GET
@anonymous_page_cache
def ranking_list(request: HttpRequest) -> HttpResponse:
    sector = request.GET.get("sector", "")
    sector = sector if sector in Sector.values else ""
    period = request.GET.get("period", DEFAULT_PERIOD)
    period = period if period in PERIODS else DEFAULT_PERIOD
    shown = selectors.ranking_view(sector=sector, period=period, page_number=request.GET.get("page"))
    context = {
        "rows": shown.page.object_list,
        "page": shown.page,
        "query_string": urlencode({"sector": sector, "period": period}),
        "sectors": Sector.choices,
        "sector": sector,
        "periods": [(key, label) for key, (_n, label) in PERIODS.items()],
        "period": period,
        "first_month": shown.first_month,
        "last_month": shown.last_month,
        "min_members": shown.min_members,
        "computed_at": shown.computed_at,
        "english": (get_language() or "").startswith("en"),
    }
    return render(request, "rankings/list.html", context)


@require_GET
@anonymous_page_cache
def methodology(request: HttpRequest) -> HttpResponse:
    context = {
        "min_members": max(selectors.min_members(), SMALL_COUNT),
        "small_count": SMALL_COUNT,
        "largest_hidden": SMALL_COUNT - 1,
    }
    return render(request, "rankings/methodology.html", context)


@require_GET
@anonymous_page_cache
def open_data(request: HttpRequest) -> HttpResponse:
    context = {
        "dump": OpenDataDump.objects.first(),
        "license_name": fields.LICENSE_NAME,
        "license_url": fields.LICENSE_URL,
        "small_count": SMALL_COUNT,
    }
    return render(request, "rankings/open_data.html", context)


# What each list of the open-data API holds (its fields come from fields.DICTIONARY).
API_LISTS = {
    "platforms": _("Platforms in the directory."),
    "campaigns": _(
        "Public campaigns, with their member count and amounts where 5 or more people are behind them."
    ),
    "filings": _("Filings sent whose delivery was confirmed, one per channel, with the answer deadline."),
    "answers": _("Answers to those filings: when they arrived and from whom, never their text."),
    "snapshots": _("Monthly figures per platform, the numbers behind the rankings."),
}


@require_GET
@anonymous_page_cache
def api_guide(request: HttpRequest) -> HttpResponse:
    """The open-data API explained for people, in both languages and on a phone: lists, fields, small counts,
    paging, limits; the OpenAPI description and ninja's interactive docs are linked for programs."""
    base = reverse("opendata:openapi-json").removesuffix("openapi.json")
    tables = fields.fields_for_reader(get_language())
    rate = api_rate()
    context = {
        "lists": [
            {"name": name, "path": f"{base}{name}", "about": about, "fields": tables[name]}
            for name, about in API_LISTS.items()
        ],
        "base": base,
        "example": request.build_absolute_uri(f"{base}campaigns?limit=2"),
        "small_count": SMALL_COUNT,
        "max_limit": MAX_LIMIT,
        "rate_count": rate.count,
        "rate_unit": rate.unit,
        "license_name": fields.LICENSE_NAME,
        "license_url": fields.LICENSE_URL,
    }
    return render(request, "rankings/api_guide.html", context)


@require_GET
def open_data_download(request: HttpRequest) -> FileResponse:
    dump = OpenDataDump.objects.first()
    if dump is None:
        raise Http404
    storage = private_backend()
    if not storage.exists(dump.file_name):
        raise Http404
    response = FileResponse(
        storage.open(dump.file_name, "rb"),
        as_attachment=True,
        filename=f"tongsu-open-data-{dump.built_at:%Y%m%d}.zip",
        content_type="application/zip",
    )
    # Public data: any cache may keep it for an hour; still nothing a browser should run or another site embed.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "public, max-age=3600"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["ETag"] = f'"{dump.sha256[:40]}"'
    return response
