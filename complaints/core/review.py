"""How the apps below moderation ask for a moderator's attention without importing it.

Moderation sits at the top of the layers (it acts on campaigns, evidence and filings), yet campaigns,
evidence and filings must tell moderators that something waits, check a moderator's claim before a
decision, and take reports from members. They call the functions here; the moderation app registers
what they do (`register(...)` in its AppConfig.ready). Until it does, a call is an error, never a silent
no-op: a lost "waiting for a moderator" notice would leave an item unseen.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.db import models

# Stored in place of text a moderator hid (the owning app's hide service writes it), so it must read right for
# every reader whatever the moderator's language.
HIDDEN_NOTICE = "已被审核员隐藏 · Hidden by a moderator"
HIDDEN_TEXT = "—"


class ModerationError(Exception):
    """A moderation request the rules do not allow; the message is shown to the person who asked."""


class Moderation(Protocol):
    def moderators_notify(
        self, *, actor: Any, queue: str, target: models.Model | None, dedupe_key: str
    ) -> None: ...
    def moderators_settle(self, *, target: models.Model) -> int: ...
    def claim_check(self, *, actor: Any, target: models.Model) -> None: ...
    def claim_release(self, *, actor: Any, target: models.Model, reason: str = "") -> bool: ...
    def report_create(self, *, actor: Any, target: models.Model, reason: str) -> bool: ...
    def reports_of(self, target: models.Model) -> models.QuerySet: ...
    def reports_settle(self, *, actor: Any, target: models.Model, hidden: bool, reason: str) -> int: ...
    def reports_forget_reporter(self, *, user: Any) -> int: ...


_registered: Moderation | None = None


def register(moderation: Moderation) -> None:
    global _registered
    _registered = moderation


def _moderation() -> Moderation:
    if _registered is None:
        raise RuntimeError("complaints.moderation is not installed: nothing receives moderation requests")
    return _registered


def moderators_notify(*, actor: Any, queue: str, target: models.Model | None, dedupe_key: str) -> None:
    """Tell the moderators that something waits in one of their queues (after commit, deduplicated)."""
    _moderation().moderators_notify(actor=actor, queue=queue, target=target, dedupe_key=dedupe_key)


def moderators_settle(*, target: models.Model) -> int:
    """An item was decided: the moderators' "waiting for a moderator" notices about it stop asking."""
    return _moderation().moderators_settle(target=target)


def claim_check(*, actor: Any, target: models.Model) -> None:
    """Before a decision: raise ModerationError if another moderator holds the item, else claim it."""
    _moderation().claim_check(actor=actor, target=target)


def claim_release(*, actor: Any, target: models.Model, reason: str = "") -> bool:
    """Give an item back to its queue; True if the actor held it."""
    return _moderation().claim_release(actor=actor, target=target, reason=reason)


def report_create(*, actor: Any, target: models.Model, reason: str) -> bool:
    """A person reports a piece of content; raises ModerationError with a message for them if refused."""
    return _moderation().report_create(actor=actor, target=target, reason=reason)


def reports_of(target: models.Model) -> models.QuerySet:
    """The reports on one piece of content, newest first."""
    return _moderation().reports_of(target)


def reports_settle(*, actor: Any, target: models.Model, hidden: bool, reason: str) -> int:
    """The content was decided elsewhere (hidden or kept): its open reports close with that decision."""
    return _moderation().reports_settle(actor=actor, target=target, hidden=hidden, reason=reason)


def reports_forget_reporter(*, user: Any) -> int:
    """A person's account is erased: the reasons they wrote go (they may name people); counts stay."""
    return _moderation().reports_forget_reporter(user=user)
