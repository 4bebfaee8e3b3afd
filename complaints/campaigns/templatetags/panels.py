"""`{% panel_templates "campaign_activity" as panels %}{% for panel in panels %}{% include panel %}{% endfor %}`:
the templates the apps above campaigns registered for a slot of the page (complaints/campaigns/panels.py)."""

from __future__ import annotations

from django import template

from complaints.campaigns import panels

register = template.Library()


@register.simple_tag
def panel_templates(slot: str) -> list[str]:
    return panels.panel_templates(slot)
