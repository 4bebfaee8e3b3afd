"""The moderation queues: each area that needs a moderator's decision registers one here, and the
moderation index lists them with how much is waiting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Queue:
    key: str
    title: str | Promise
    description: str | Promise
    url_name: str
    waiting: Callable[[], int]


_QUEUES: dict[str, Queue] = {}


def register_queue(queue: Queue) -> Queue:
    _QUEUES[queue.key] = queue
    return queue


def all_queues() -> list[Queue]:
    return list(_QUEUES.values())


def get_queue(key: str) -> Queue:
    return _QUEUES[key]


def _pending_campaigns() -> int:
    from complaints.campaigns.selectors import pending_campaigns

    return pending_campaigns().count()


register_queue(
    Queue(
        key="campaigns",
        title=_("New campaigns"),
        description=_("Approve a new campaign, reject it with a reason, or merge it into an existing one."),
        url_name="moderation:campaigns",
        waiting=_pending_campaigns,
    )
)


def _open_reports() -> int:
    from complaints.moderation.selectors import open_reports

    return open_reports().count()


register_queue(
    Queue(
        key="reports",
        title=_("Reports"),
        description=_(
            "Content people reported: campaigns, updates, evidence and responses. Hide it or dismiss the report."
        ),
        url_name="moderation:reports",
        waiting=_open_reports,
    )
)
