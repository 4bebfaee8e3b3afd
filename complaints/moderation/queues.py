"""The moderation queues: each area that needs a moderator's decision, and how much waits in it.

Moderation is the top layer, so it declares every queue itself, reading the apps below it through their
selectors; the moderation index lists them in this order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from complaints.campaigns.selectors import pending_campaigns
from complaints.evidence.selectors import evidence_needing_moderation
from complaints.filings.selectors import filings_awaiting_approval, inbound_emails_held
from complaints.moderation.selectors import open_reports
from complaints.proofs.selectors import open_duplicates
from complaints.replies.selectors import representatives_awaiting_approval


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


register_queue(
    Queue(
        key="campaigns",
        title=_("New campaigns"),
        description=_("Approve a new campaign, reject it with a reason, or merge it into an existing one."),
        url_name="moderation:campaigns",
        waiting=lambda: pending_campaigns().count(),
    )
)
register_queue(
    Queue(
        key="reports",
        title=_("Reports"),
        description=_(
            "Content people reported: campaigns, updates, evidence and responses. Hide it or dismiss the report."
        ),
        url_name="moderation:reports",
        waiting=lambda: open_reports().count(),
    )
)
register_queue(
    Queue(
        key="filings",
        title=_("Filings awaiting approval"),
        description=_(
            "Read each filing before it leaves: approve it, or return it to the organizers with a note."
        ),
        url_name="filings:queue",
        waiting=lambda: filings_awaiting_approval().count(),
    )
)
register_queue(
    Queue(
        key="evidence",
        title=_("Evidence"),
        description=_(
            "Evidence the anonymizer was unsure about, or that members reported: keep it shared, "
            "send it back to its owner, or remove it."
        ),
        url_name="evidence:moderation_queue",
        waiting=lambda: evidence_needing_moderation().count(),
    )
)
register_queue(
    Queue(
        key="inbound_mail",
        title=_("Answers by email from an unknown sender"),
        description=_(
            "A reply to a filing's address whose sender is not the regulator on file: release it as the "
            "regulator's answer, or delete it."
        ),
        url_name="filings:inbound_held",
        waiting=lambda: inbound_emails_held().count(),
    )
)
register_queue(
    Queue(
        key="representatives",
        title=_("Platform representatives"),
        description=_(
            "People who confirmed a work email on a platform's domain and ask to answer for it in public: "
            "approve them, or reject with a reason."
        ),
        url_name="replies:moderation_queue",
        waiting=lambda: representatives_awaiting_approval().count(),
    )
)
register_queue(
    Queue(
        key="proofs",
        title=_("Order numbers claimed twice"),
        description=_(
            "Two members of one campaign typed the same order number (seen only as a keyed hash): "
            "look at their cases and note what you found."
        ),
        url_name="proofs:duplicates",
        waiting=lambda: open_duplicates().count(),
    )
)
