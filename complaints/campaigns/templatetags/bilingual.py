"""Campaign pages and platform names in the viewer's language first (issue #20 item 7).

`{% campaign_text campaign as text %}` gives the title, summary and demands a viewer of the current language
reads, with `text.original_in` set when they read an untranslated original in the other language (the
templates then show "原文为英文" / "Original in Chinese"). `{% platform_name p %}` and
`{% platform_other_name p %}` give a platform's name in the viewer's language and its other form."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from complaints.campaigns.models import Campaign, CampaignText, Platform, page_language

register = template.Library()


@register.simple_tag
def campaign_text(campaign: Campaign) -> CampaignText:
    return campaign.text_for(get_language() or "zh-hans")


@register.filter
def reader_title(campaign: Campaign) -> str:
    """{{ campaign|reader_title }}: the title in the reader's language where the organizers translated it, as
    the campaign page shows it (back links and tab titles of the campaign's other pages)."""
    return campaign.text_for(get_language() or "zh-hans").title


@register.simple_tag
def platform_name(platform: Platform) -> str:
    return platform.display_name(get_language() or "zh-hans")


@register.simple_tag
def platform_other_name(platform: Platform) -> str:
    """The name's other form, when the platform has both; else ""."""
    if not platform.name_en or platform.name_en == platform.name:
        return ""
    return platform.name if page_language(get_language() or "") == "en" else platform.name_en
