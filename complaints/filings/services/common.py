"""Shared by the filings services: errors, locking and announcements to the notifications app."""

from __future__ import annotations

import logging

from django.db import transaction

from complaints.filings.models import Filing

logger = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = 6


class FilingError(Exception):
    """A filing action that is not allowed now; the message is for the person who tried."""


def _lock(filing: Filing) -> Filing:
    return Filing.objects.select_for_update().select_related("campaign", "regulator").get(pk=filing.pk)


def _announce(*, actor, kind: str, filing: Filing, audience: str, dedupe_key: str, **params) -> None:
    """Hand an event to the notifications app; a failure there never undoes a filing action."""
    from complaints.notifications.services import notify

    base = {
        "campaign": filing.campaign.title,
        "filing": f"{filing.campaign.title} · {filing.regulator.display_name(filing.language)}",
        "regulator": {
            "zh-hans": filing.regulator.name_zh,
            "en": filing.regulator.name_en or filing.regulator.name_zh,
        },
    }
    args = {"campaign": filing.campaign_id}
    if audience == "moderators":
        args = {}
    audience = {
        "organizers": "filings.organizers",
        "campaign_members": "filings.members",
        "moderators": "moderators",
    }[audience]
    try:
        with transaction.atomic():
            notify(
                actor=actor,
                kind=kind,
                audience=audience,
                audience_args=args,
                params={**base, **params},
                target=filing,
                dedupe_key=dedupe_key,
            )
    except Exception:
        logger.exception("notification %s for filing %s failed", kind, filing.pk)
