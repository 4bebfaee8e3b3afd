"""QR codes of campaign pages (segno): WeChat users pass a campaign on by scanning, and posters carry one."""

from __future__ import annotations

import io

import segno
from django.conf import settings

from complaints.campaigns.models import Campaign


def campaign_link(campaign: Campaign) -> str:
    """The campaign's public address on the configured site (not the Host header a request happened to send)."""
    return f"{settings.SITE_URL}{campaign.get_absolute_url()}"


def campaign_qr(campaign: Campaign, *, kind: str) -> bytes:
    """The QR code of the campaign's address as SVG or PNG; error correction "q" survives a crease or a stain."""
    code = segno.make(campaign_link(campaign), error="q", micro=False)
    buffer = io.BytesIO()
    if kind == "svg":
        code.save(buffer, kind="svg", scale=8, border=2, xmldecl=False, svgns=True, title=campaign.title)
    else:
        code.save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()
