"""A person's own details as they could appear in campaign text, and that text with them taken out (used at
erasure here and by other apps for text they keep)."""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from django.db.models import Q

from complaints.campaigns.models import Case

ERASED_PLACEHOLDER = "[…]"
_REFERENCE_SPLIT = re.compile(r"[\n\r,;，；、]+")
# Shorter fragments (a two-letter name part) would blank ordinary words in other people's text.
MIN_IDENTIFIER_LENGTH = 3


def known_identifiers(user) -> list[str]:
    """The person's own details as they could appear in text they wrote: name, email, case references."""
    values = [user.display_name, user.email]
    values += list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    for references in Case.objects.filter(membership__user=user).values_list("references", flat=True):
        values += [part.strip() for part in _REFERENCE_SPLIT.split(references or "")]
    unique = {v.strip() for v in values if v and len(v.strip()) >= MIN_IDENTIFIER_LENGTH}
    return sorted(unique, key=len, reverse=True)  # longest first: "a@b.org" before "a"


def scrub(text: str, identifiers: list[str]) -> str:
    """The text with every occurrence of the person's known details replaced by a placeholder."""
    for value in identifiers:
        if value.casefold() in text.casefold():
            text = re.sub(re.escape(value), ERASED_PLACEHOLDER, text, flags=re.IGNORECASE)
    return text


def mentions(field: str, identifiers: list[str]) -> Q:
    """Rows whose `field` contains any of the identifiers."""
    query = Q(pk__in=[])
    for value in identifiers:
        query |= Q(**{f"{field}__icontains": value})
    return query
