"""The campaign cards of the public lists (the campaign list, a platform's page), worked out once per page.

Every uncached look at a list renders 20 cards. What each card shows that does not depend on its own figures
is looked up once per page here: the category labels, the two link paths (one reverse() each, not two per
card) and the viewer's language; each card's own text, platform name and summary are plain strings for the
template. On the bench's list this took the cards from about 170 µs to about 50 µs each (issue 26).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TypedDict

from django.db.models import QuerySet
from django.template.defaultfilters import truncatechars

from complaints.campaigns.models import SMALL_COUNT, Campaign
from complaints.core import humanize
from complaints.core.links import slug_urls

SUMMARY_CHARS = 180


class CampaignCard(TypedDict):
    """One card, as plain strings (a dict: the template engine reads a key at its first try, an attribute only
    after a failed key lookup)."""

    url: str
    title: str  # in the viewer's language first (Campaign.text_for)
    lang: str  # the title's and summary's html lang
    original_in: str  # "en" or "zh" when the text shown is the original in the other language, else ""
    platform_name: str
    platform_url: str
    category: str
    status: str  # the campaign's status; a card shows its badge unless it is open
    status_label: str
    summary: str  # at most SUMMARY_CHARS characters, as the truncatechars filter shortens it
    members: str  # "1,234"; "" for 1 to 4 members, whom a public card does not count
    claimed: str  # "¥12,345" once 5 or more members are behind it, else ""
    active: str  # when the campaign last moved, as humanize.ago says it


# What a card reads of a campaign and its platform (text_for reads the demands too): the rest of a campaign row
# (its search text, its charts' JSON) is neither fetched nor decoded.
CARD_FIELDS = (
    *("slug", "title", "summary", "demands", "language", "title_translation", "summary_translation"),
    *("demands_translation", "category", "status", "members_count", "total_claimed", "last_activity_at"),
    *("platform__slug", "platform__name", "platform__name_en"),
)


def card_rows(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """The campaigns of a list, with their platforms, as much of them as their cards show."""
    return campaigns.select_related("platform").only(*CARD_FIELDS)


def campaign_cards(campaigns: Iterable[Campaign], language: str) -> list[CampaignCard]:
    """The cards of a page of campaigns (with their platforms selected) for a reader of `language`."""
    detail, platform_page = slug_urls("campaigns:detail"), slug_urls("campaigns:platform")
    categories = {value: str(label) for value, label in Campaign.Category.choices}
    statuses = {value: str(label) for value, label in Campaign.Status.choices}
    cards = []
    for campaign in campaigns:
        text = campaign.text_for(language)
        platform = campaign.platform
        cards.append(
            CampaignCard(
                url=detail(campaign.slug),
                title=text.title,
                lang=text.html_lang,
                original_in=text.original_in,
                platform_name=platform.display_name(language),
                platform_url=platform_page(platform.slug),
                category=categories.get(campaign.category, campaign.category),
                status=campaign.status,
                status_label=statuses.get(campaign.status, campaign.status),
                summary=_shortened(text.summary),
                members=""
                if 0 < campaign.members_count < SMALL_COUNT
                else humanize.grouped(campaign.members_count),
                claimed=humanize.money(campaign.total_claimed, places=0)
                if campaign.members_count >= SMALL_COUNT
                else "",
                active=humanize.ago(campaign.last_activity_at),
            )
        )
    return cards


def _shortened(summary: str) -> str:
    """`summary|truncatechars:180`; a summary that fits (most) skips its walk over every character."""
    if len(summary) <= SUMMARY_CHARS and unicodedata.is_normalized("NFC", summary):
        return summary
    return truncatechars(summary, SUMMARY_CHARS)
