"""What every part of the notifications services shares: what a notification is about, and whose list."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Target:
    """What a notification is about: model label, primary key and the page to open."""

    type: str = ""
    id: str = ""
    url: str = ""

    @classmethod
    def of(cls, obj: models.Model | Target | None) -> Target:
        if obj is None:
            return cls()
        if isinstance(obj, Target):
            return obj
        url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        return cls(type=obj._meta.label_lower, id=str(obj.pk), url=url)


def inbox_scope(user_id: int) -> str:
    """The scope of a person's kept notification list (complaints.core.pieces): retired when they read."""
    return f"inbox:{user_id}"
