"""Which open campaigns a person at intake should see, best first.

Order of what counts: the same platform (with its aliases, and the pending names others typed for it) over
any other; then the same kind of harm; then a campaign written in the person's language; then how many
words the stories share; then size. Campaigns on other platforms come only in their own list ("其他平台的
类似问题"), where the kind of harm and the shared words decide. The labelled stories in
tests/campaigns/matching_stories.py measure the first suggestion (README: "Matching").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q

from complaints.campaigns.models import Campaign, Platform
from complaints.campaigns.search import platform_lookup, similarity_terms
from complaints.core.text import search_normalize

CANDIDATES = 60
CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Matches:
    same: list[Campaign]
    others: list[Campaign]
    # Campaigns of the same platform still in review: not public yet, shown by title and kind of harm only.
    waiting: list[Campaign] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.same or self.others)

    @property
    def first(self) -> Campaign | None:
        return (self.same or self.others or [None])[0]


def text_language(text: str) -> str:
    """ "zh" when the text is mostly Chinese, else "en" (what a campaign page or a story is written in)."""
    text = search_normalize(text)
    chinese = len(CHINESE.findall(text))
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    return "zh" if chinese * 2 >= latin and chinese else "en"


def _platform_ids(platform: Platform | None, new_name: str) -> set[int]:
    ids = {platform.pk} if platform is not None else set()
    name = new_name or (platform.name if platform is not None and platform.is_pending else "")
    if name:
        # A name typed by one person and pending, or written with "App" added, is the same platform.
        ids |= {p.pk for p in platform_lookup(name)}
    ids |= set(Platform.objects.filter(merged_into__in=ids).values_list("pk", flat=True)) if ids else set()
    return ids


def _shared(campaign: Campaign, terms: list[str]) -> int:
    return sum(term in campaign.search_text for term in terms)


def intake_matches(
    *,
    platform: Platform | None,
    category: str,
    text: str,
    new_name: str = "",
    language: str = "",
    limit: int = 5,
) -> Matches:
    """Open campaigns to join instead of starting one: `same` platform, then `others` (similar harm)."""
    language = language or text_language(text)
    terms = similarity_terms(text)
    open_campaigns = Campaign.objects.filter(status=Campaign.Status.OPEN).select_related("platform")
    ids = _platform_ids(platform, new_name)

    def rank(campaign: Campaign) -> tuple:
        return (
            campaign.category == category,
            text_language(campaign.title) == language or bool(campaign.title_translation),
            _shared(campaign, terms),
            campaign.members_count,
            campaign.pk,
        )

    same = (
        list(open_campaigns.filter(platform__in=ids).order_by("-members_count")[:CANDIDATES]) if ids else []
    )
    same.sort(key=rank, reverse=True)

    related = Q(category=category) if category and category != Campaign.Category.OTHER else Q()
    for term in terms:
        related |= Q(search_text__contains=term)
    others: list[Campaign] = []
    if related:
        candidates = open_campaigns.exclude(platform__in=ids).filter(related).order_by("-members_count")
        # One shared word pair is chance: another platform's campaign needs the same harm or two of them.
        others = [c for c in candidates[:CANDIDATES] if c.category == category or _shared(c, terms) >= 2]
        others.sort(key=lambda c: (c.category == category, _shared(c, terms), rank(c)[1:]), reverse=True)
    waiting = (
        list(
            Campaign.objects.filter(status=Campaign.Status.PENDING, platform__in=ids)
            .only("pk", "title", "category")
            .order_by("created_at")[:limit]
        )
        if ids
        else []
    )
    return Matches(same=same[:limit], others=others[:limit], waiting=waiting)
