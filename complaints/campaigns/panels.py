"""Parts of the campaign and platform pages that the apps above campaigns fill, without campaigns knowing them.

A higher app registers a template for a slot in its AppConfig.ready(); the page includes every template
registered for that slot, in `order`, with the page's own context (`campaign`, `membership`, `figures`,
`platform`, `request`, ...). The template loads the app's own tags for whatever else it needs.

Slots: `campaign_head` (inside <head> of a campaign page), `campaign_figures` (under the campaign's figures),
`campaign_reach` (passing the campaign on: follow, invite, share), `campaign_activity` (what was done for
the campaign: filings, answers, offers), `case` (a member's own case page), `platform_head`, `platform_reach`
and `platform_aside` (a platform's page), `intake_no_match` (the intake when no campaign about the platform
matches), `mandate_sign` (the page where a member signs the campaign's mandate).

A panel's figures about the campaign (a count, whether a row exists) are registered with `register_figure` as
expressions on the campaign's row: the campaign page reads all of them in one query (`page_figures`, in the
context as `panel_figures`) instead of one query per panel, and a panel takes its figure with `figure`, which
counts it alone where the page did not read it (another page including the panel).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.db.models import Aggregate, Expression, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from complaints.campaigns.models import Campaign

SLOTS = (
    "campaign_head",
    "campaign_figures",
    "campaign_reach",
    "campaign_activity",
    "case",
    "platform_head",
    "platform_reach",
    "platform_aside",
    "intake_no_match",
    "mandate_sign",
)

_panels: dict[str, list[tuple[int, str]]] = {slot: [] for slot in SLOTS}


def register_panel(slot: str, template: str, *, order: int = 50) -> None:
    """Include `template` in `slot` of the pages; registering the same template again changes nothing."""
    if slot not in _panels:
        raise ValueError(f"unknown panel slot {slot!r}; the slots are {', '.join(SLOTS)}")
    if all(existing != template for _order, existing in _panels[slot]):
        _panels[slot].append((order, template))
        _panels[slot].sort()


def panel_templates(slot: str) -> list[str]:
    """The templates registered for `slot`, in order."""
    return [template for _order, template in _panels[slot]]


# A figure's expression, given an OuterRef to the campaign and the start of today (local midnight).
FigureExpression = Callable[[OuterRef, datetime.datetime], Expression]
_figures: dict[str, FigureExpression] = {}


def register_figure(name: str, expression: FigureExpression) -> None:
    """A figure a panel shows: `expression(campaign, midnight)` is its value for the campaign row `campaign` (an
    OuterRef to the campaign's primary key); `midnight` starts today, local time, for a figure of today.
    Name it after the app (`outreach_followers`)."""
    _figures[name] = expression
    _figures_query.cache_clear()


def total_of(rows: QuerySet, by: str, value: Aggregate) -> Expression:
    """An aggregate of `rows` (filtered on an OuterRef, grouped `by` that column) as an expression, 0 when
    there are none: Django's documented way of an aggregate within a Subquery."""
    grouped = rows.order_by().values(by).annotate(total=value).values("total")
    return Coalesce(Subquery(grouped), 0)


@lru_cache(maxsize=2)
def _figures_query(midnight: datetime.datetime) -> QuerySet:
    # Built once a day in each process and filtered per page: building the subqueries cost three times as much
    # as compiling and running the query (1.8 of 2.4 ms of a campaign page's CPU). Never evaluated itself.
    ref = OuterRef("pk")
    return Campaign.objects.order_by().values(**{name: f(ref, midnight) for name, f in _figures.items()})


def page_figures(campaign_pk: int) -> dict[str, Any]:
    """Every registered figure of the campaign, in one query."""
    if not _figures:
        return {"pk": campaign_pk}
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    row = _figures_query(midnight).filter(pk=campaign_pk).first()
    return {"pk": campaign_pk, **(row or {})}


def figure(context, campaign, name: str, count_alone: Callable[[], Any]) -> Any:
    """The figure `name` of `campaign` as the page read it with the others, else `count_alone()`."""
    figures = context.get("panel_figures")
    if figures is not None and figures.get("pk") == campaign.pk and name in figures:
        return figures[name]
    return count_alone()
