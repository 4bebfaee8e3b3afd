"""The one rule for who is a moderator; every app asks here (views through their own permissions.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def is_moderator(user) -> bool:
    """An active, signed-in member of the moderators group (User.is_moderator, or the annotation that
    accounts.selectors puts in its place for the signed-in person)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_moderator", False))


def require_moderator(actor) -> None:
    """Services call this before a moderator's action: anyone else gets PermissionDenied (a 403)."""
    if not is_moderator(actor):
        raise PermissionDenied
