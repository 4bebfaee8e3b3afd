"""How "What you allowed" and "withdraw my consent" learn of the apps that hold a person's consents.

Accounts sits below campaigns, evidence and filings, yet the consent page lists every membership with its
evidence and its campaign's filings, and withdrawing takes back what each of them holds. Each of those apps
registers its part here in its AppConfig.ready() (their `account_hooks.py`), in INSTALLED_APPS order:

- the memberships (campaigns, the one app that has them): `rows(user)` gives one ConsentRow per membership
  in page order; `membership(user, slug)` the person's membership in one campaign, refused (404/403) as
  the campaign's own pages refuse it, for the withdraw button;
- `fill(user, rows)`: adds what an app holds to the rows (evidence items, filings);
- `sections`: an app with more to show per membership (mandates) appends a ConsentSection (its own template
  and the items for it) to a row in its `fill`, so this page needs no knowledge of that app;
- `withdraw(actor, membership)`: takes back the consents an app holds for one membership; parts run by
  their `order` (the membership first, then its evidence, then the filings it is in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ConsentSection:
    """A block a higher app adds under one membership: its template (given `items` and `membership`)."""

    template: str
    items: list


@dataclass
class ConsentRow:
    membership: Any
    evidence: list = field(default_factory=list)
    filings: list = field(default_factory=list)
    sections: list[ConsentSection] = field(default_factory=list)


@dataclass(frozen=True)
class ConsentPart:
    name: str
    fill: Callable[[Any, list[ConsentRow]], None] | None = None
    withdraw: Callable[..., None] | None = None
    order: int = 0


@dataclass(frozen=True)
class Memberships:
    rows: Callable[[Any], list[ConsentRow]]
    membership: Callable[[Any, str], Any]


_PARTS: dict[str, ConsentPart] = {}
_memberships: list[Memberships] = []


def register_memberships(*, rows: Callable, membership: Callable) -> None:
    _memberships[:] = [Memberships(rows=rows, membership=membership)]


def register_consent(
    name: str, *, fill: Callable | None = None, withdraw: Callable | None = None, order: int = 0
) -> None:
    _PARTS[name] = ConsentPart(name=name, fill=fill, withdraw=withdraw, order=order)


def _source() -> Memberships:
    if not _memberships:
        raise RuntimeError("no app registered memberships: the consent page has nothing to list")
    return _memberships[0]


def consent_rows(user) -> list[ConsentRow]:
    """Every membership of the person with what each app holds for it (one query or two per app)."""
    rows = _source().rows(user)
    for part in consent_parts():
        if part.fill:
            part.fill(user, rows)
    return rows


def membership_for_withdraw(user, slug: str):
    """The person's membership in the campaign `slug`; Http404/PermissionDenied like the campaign's pages."""
    return _source().membership(user, slug)


def consent_parts() -> list[ConsentPart]:
    return sorted(_PARTS.values(), key=lambda part: part.order)
