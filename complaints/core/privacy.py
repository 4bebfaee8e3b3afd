"""One registry through which each app takes part in a person's privacy rights.

Deleting an account and exporting one's data touch every app; instead of the accounts app knowing all
of them, each app registers what it holds about a person (in its AppConfig.ready()):

- impact(user) -> list of lines for the deletion warning page ("You organize 2 campaigns ...")
- export(user) -> JSON-ready data for the export archive
- export_files(user) -> (name in the archive, storage, path) for each original file of theirs
- on_lock(user) -> cancel work queued for them (nothing is sent on behalf of a locked account)
- on_restore(user) -> resume what on_lock cancelled, when the person restores the account in time
- erase(user) -> remove their personal data once the grace period is over
- identifiers(user) -> the person's own details as they could appear in text they wrote (name, email, case
  references), so that an app erasing them can take them out of words others keep (`known_identifiers`)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PrivacyParticipant:
    name: str
    impact: Callable[[Any], list[str]] | None = None
    export: Callable[[Any], Any] | None = None
    export_files: Callable[[Any], Iterable[tuple[str, Any, str]]] | None = None
    on_lock: Callable[[Any], None] | None = None
    on_restore: Callable[[Any], None] | None = None
    erase: Callable[[Any], None] | None = None
    identifiers: Callable[[Any], list[str]] | None = None


_PARTICIPANTS: dict[str, PrivacyParticipant] = {}


def register_privacy(name: str, **hooks: Callable) -> None:
    _PARTICIPANTS[name] = PrivacyParticipant(name=name, **hooks)


def participants() -> list[PrivacyParticipant]:
    return list(_PARTICIPANTS.values())


ERASED_PLACEHOLDER = "[…]"


def known_identifiers(user) -> list[str]:
    """Every registered app's identifiers of the person, once each, longest first ("a@b.org" before "a")."""
    values: set[str] = set()
    for participant in participants():
        if participant.identifiers:
            values.update(participant.identifiers(user))
    return sorted(values, key=len, reverse=True)


def scrub(text: str, identifiers: list[str]) -> str:
    """The text with every occurrence of the person's known details replaced by a placeholder."""
    for value in identifiers:
        if value.casefold() in text.casefold():
            text = re.sub(re.escape(value), ERASED_PLACEHOLDER, text, flags=re.IGNORECASE)
    return text
