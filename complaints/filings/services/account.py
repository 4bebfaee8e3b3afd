"""A member's filing choices at erasure (complaints/core/privacy.py calls it through filings/privacy.py)."""

from __future__ import annotations

from django.db import transaction

from complaints.filings.models import FilingConsent, Outcome


def filings_member_erase(*, user) -> None:
    """An account is erased: its identity consents and confirmed outcomes go.

    Withdrawing identity consent takes effect for every filing not yet submitted (their next version); a
    submitted version keeps what it carried, frozen.
    """
    with transaction.atomic():
        FilingConsent.objects.filter(membership__user=user).delete()
        Outcome.objects.filter(membership__user=user).delete()
