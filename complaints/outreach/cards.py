"""Share cards: the preview image a link to a campaign or platform page shows in WeChat, Weibo or email.

Drawn with Pillow in the CJK font PyMuPDF ships (the one the filings' PDFs embed), 1200×630 as Open Graph
and Twitter expect. The figures obey the public rule: nothing about fewer than 5 people. A card is kept in
the shared cache under a key made of everything it shows, so it is drawn again only when that changes.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache

import pymupdf
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from complaints.campaigns.figures import small
from complaints.campaigns.models import SMALL_COUNT, Campaign, Platform
from complaints.campaigns.selectors import platform_figures
from complaints.core.humanize import money

WIDTH, HEIGHT = 1200, 630
CARD_SECONDS = 7 * 24 * 3600
INK, MUTED, ACCENT, PAPER = (27, 36, 48), (90, 100, 115), (1, 114, 173), (248, 250, 252)


@dataclass(frozen=True)
class Card:
    kicker: str  # the platform (and kind of harm)
    title: str
    figures: tuple[tuple[str, str], ...]  # (value, label)
    footer: str


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(io.BytesIO(pymupdf.Font("cjk").buffer), size)


# Marks that must not start a line (Chinese line-breaking rule): they stay at the end of the line before.
_NO_LINE_START = set("，。、；：！？）》」』’”,.;:!?)")


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    """Break by characters (Chinese has no spaces), after a space in Latin text; "…" when it runs over."""
    lines, line = [], ""
    for index, char in enumerate(text):
        if draw.textlength(line + char, font=font) <= width or (char in _NO_LINE_START and line):
            line += char
            continue
        head, space, tail = line.rpartition(" ")
        lines.append(head if space and head else line)
        line = (tail if space and head else "") + char.lstrip()
        if len(lines) == max_lines:
            lines[-1] = lines[-1][:-1] + "…" if index < len(text) else lines[-1]
            return lines
    return [*lines, line] if line else lines


def draw_card(card: Card) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    draw.text((72, 62), _wrap(draw, card.kicker, _font(34), WIDTH - 144, 1)[0], font=_font(34), fill=MUTED)
    y = 120
    for line in _wrap(draw, card.title, _font(64), WIDTH - 144, 3):
        draw.text((72, y), line, font=_font(64), fill=INK)
        y += 84
    x = 72
    for value, label in card.figures:
        draw.text((x, 420), value, font=_font(52), fill=ACCENT)
        draw.text((x, 486), label, font=_font(28), fill=MUTED)
        x += max(draw.textlength(value, font=_font(52)), draw.textlength(label, font=_font(28))) + 80
    draw.text((72, 560), card.footer, font=_font(28), fill=MUTED)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _members_shown(count: int) -> str:
    return _("fewer than 5") if small(count) else f"{count:,}"


def campaign_card(campaign: Campaign) -> Card:
    """What a campaign's card says, in the active language."""
    text = campaign.text_for(translation.get_language() or "zh-hans")
    figures = [(_members_shown(campaign.members_count), _("members"))]
    if not small(campaign.members_count) and campaign.members_count:
        figures.append((money(campaign.total_claimed), _("claimed in total")))
    kicker = f"{campaign.platform.name} · {campaign.get_category_display()}"
    return Card(kicker, text.title, tuple(figures), _("Tongsu · complain together"))


def platform_card(platform: Platform) -> Card:
    figures = platform_figures(platform)
    # Only campaigns of 5 or more members are counted (`platform_figures`): 0 means none of that size yet.
    shown = [(f"{figures.members:,}" if figures.members else "–", _("members of its campaigns"))]
    if figures.members >= SMALL_COUNT:
        shown.append((money(figures.total_claimed, places=0), _("claimed in total")))
    title = platform.name if not platform.name_en else f"{platform.name} · {platform.name_en}"
    return Card(platform.get_sector_display(), title, tuple(shown), _("Tongsu · complain together"))


def card_png(card: Card) -> tuple[bytes, str]:
    """The card's PNG and its ETag; drawn once per distinct content, then read from the shared cache."""
    digest = hashlib.sha256(repr(card).encode()).hexdigest()[:32]
    key = f"outreach:card:{digest}"
    data = cache.get(key)
    if data is None:
        data = draw_card(card)
        cache.set(key, data, CARD_SECONDS)
    return data, digest
