"""Parts of the campaign and platform pages that the apps above campaigns fill, without campaigns knowing them.

A higher app registers a template for a slot in its AppConfig.ready(); the page includes every template
registered for that slot, in `order`, with the page's own context (`campaign`, `membership`, `figures`,
`platform`, `request`, ...). The template loads the app's own tags for whatever else it needs.

Slots: `campaign_head` (inside <head> of a campaign page), `campaign_figures` (under the campaign's figures),
`campaign_reach` (passing the campaign on: follow, invite, share), `campaign_activity` (what was done for
the campaign: filings, answers, offers), `case` (a member's own case page), `platform_head`, `platform_reach`
and `platform_aside` (a platform's page), `intake_no_match` (the intake when no campaign about the platform
matches), `mandate_sign` (the page where a member signs the campaign's mandate).
"""

from __future__ import annotations

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
