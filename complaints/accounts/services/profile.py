"""A person's profile, the moderators group, and withdrawing consent in one campaign."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from complaints.accounts.consent import consent_parts
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
def profile_language_set(*, actor: User, user: User, language: str) -> User:
    """The language a signed-in person picked in the header: their pages from the next login on, and their
    emails (the README: a signed-in person's saved language wins)."""
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user


@transaction.atomic
def moderator_grant(*, actor: User | None, user: User, reason: str = "") -> None:
    """Put a user in the moderators group (admins do this in the admin too)."""
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    user.groups.add(group)
    audit_record(actor=actor, action="moderator.grant", target=user, reason=reason)


def consent_withdraw(*, actor: User, membership) -> None:
    """Take back every consent a member gave in one campaign: sharing with the group, inclusion in filings,
    their evidence's sharing, and disclosure of their identity; it applies to every filing not yet submitted."""
    with transaction.atomic():
        for part in consent_parts():
            if part.withdraw:
                part.withdraw(actor=actor, membership=membership)
        audit_record(actor=actor, action="account.consent_withdraw", target=membership)
