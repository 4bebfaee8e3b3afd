"""Services of the accounts app."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from complaints.accounts.models import MODERATORS_GROUP, User
from complaints.core.services import audit_record


@transaction.atomic
def profile_update(*, actor: User, user: User, display_name: str, preferred_language: str) -> User:
    """Save the profile fields a person manages themselves."""
    user.display_name = display_name
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    return user


@transaction.atomic
def moderator_grant(*, actor: User | None, user: User, reason: str = "") -> None:
    """Put a user in the moderators group (admins do this in the admin too)."""
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    user.groups.add(group)
    audit_record(actor=actor, action="moderator.grant", target=user, reason=reason)
