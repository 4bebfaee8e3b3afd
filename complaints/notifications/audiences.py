"""Who a broadcast goes to: named audiences that page through recipient ids in id order.

An audience is a function `(args, after_id, limit) -> user ids` returning the next at most `limit` user
ids greater than `after_id`, ascending (keyset pagination). The broadcast stores the last id it
processed, so a fan-out interrupted anywhere resumes exactly there. Other apps register theirs in their
AppConfig.ready(), for example:

    register_audience("campaign_members", campaign_members_audience)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Audience = Callable[[dict, int, int], Sequence[int]]

_AUDIENCES: dict[str, Audience] = {}


class UnknownAudience(LookupError):
    pass


def register_audience(name: str, func: Audience | None = None):
    """Register `func` under `name`; also usable as a decorator: @register_audience("name")."""

    def decorate(f: Audience) -> Audience:
        _AUDIENCES[name] = f
        return f

    return decorate(func) if func is not None else decorate


def unregister_audience(name: str) -> None:
    _AUDIENCES.pop(name, None)


def get_audience(name: str) -> Audience:
    try:
        return _AUDIENCES[name]
    except KeyError:
        raise UnknownAudience(f"no audience registered as {name!r}") from None


def users_audience(args: dict, after_id: int, limit: int) -> list[int]:
    """An explicit list of user ids: {"ids": [3, 17]} (one person, or a handful of organizers)."""
    ids = sorted({int(pk) for pk in args.get("ids", [])})
    return [pk for pk in ids if pk > after_id][:limit]


register_audience("users", users_audience)
