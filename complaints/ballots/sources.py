"""Where an offer can come from besides the organizers' own typing: an app above ballots (replies: a platform's
settlement offer) registers a source, and the new-offer form starts from what it gives.

`register_offer_source(name, initial)`: `initial(campaign, ref)` returns the form's starting values
(`terms`, `source_label`) for the thing `ref` names in that campaign, or None when there is no such thing
there (the form then starts empty).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from complaints.campaigns.models import Campaign

_sources: dict[str, Callable[[Campaign, str], dict | None]] = {}


def register_offer_source(name: str, initial: Callable[[Campaign, str], dict | None]) -> None:
    _sources[name] = initial


def offer_initial(campaign: Campaign, source: str, ref: str) -> dict:
    """The new-offer form's starting values from `source`'s thing `ref`, or {} when there is none."""
    initial = _sources.get(source)
    found = initial(campaign, ref) if initial is not None and ref else None
    return {key: found[key] for key in ("terms", "source_label") if key in found} if found else {}
