"""Shared by the filings services: errors, locking and announcements to the notifications app."""

from __future__ import annotations

import logging

from celery import signature
from django.db import transaction

from complaints.filings.models import Filing
from complaints.notifications.services import notify

logger = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = 6


class FilingError(Exception):
    """A filing action that is not allowed now; the message is for the person who tried."""


BUILD_TASK = "complaints.filings.tasks.filing_version_build_task"
SEND_TASK = "complaints.filings.tasks.submission_send_task"


def enqueue(task_name: str, object_id: int) -> None:
    """Queue a filings task for one row. By the task's name: tasks.py calls these services, so the services
    do not import it back."""
    signature(task_name, args=(object_id,)).delay()


def _lock(filing: Filing) -> Filing:
    return Filing.objects.select_for_update().select_related("campaign", "regulator").get(pk=filing.pk)


def _announce(*, actor, kind: str, filing: Filing, audience: str, dedupe_key: str, **params) -> None:
    """Hand an event to the notifications app; a failure there never undoes a filing action."""
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
