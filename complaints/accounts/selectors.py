"""Reads of the accounts app: what a person allowed, everywhere, for the consent page."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from complaints.accounts.consent import ConsentRow, consent_rows
from complaints.accounts.models import MODERATORS_GROUP, User
from complaints.core.prepared import PreparedRead
from complaints.notifications.selectors import newest_id_expression, unread_count_expression


def _signed_in_person(user_id) -> QuerySet[User]:
    moderator = User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=MODERATORS_GROUP)
    return User.objects.annotate(
        is_moderator=Exists(moderator),
        bell_unread_count=unread_count_expression(),
        newest_notification_id=newest_id_expression(),
    ).filter(pk=user_id)[:1]


# Every signed-in request runs it: its SQL is built once per process (see complaints.core.prepared).
_SIGNED_IN_PERSON = PreparedRead(_signed_in_person)


def user_for_session(user_id) -> User | None:
    """The signed-in person, with `is_moderator`, `bell_unread_count` and `newest_notification_id` (what
    the kept notification list is stamped with) loaded by the same query.

    The annotation takes the place of User.is_moderator's own query (a cached_property keeps what is set on
    the instance); inactive people never get this far, the backends refuse them.
    """
    try:
        return _SIGNED_IN_PERSON.first(user_id)
    except (TypeError, ValueError):
        return None


def consent_overview(user) -> list[ConsentRow]:
    """Every membership of the person with its evidence items and its campaign's filings; five queries at most."""
    return consent_rows(user)
