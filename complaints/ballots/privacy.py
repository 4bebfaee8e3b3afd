"""The ballots app's part in a person's privacy rights (see complaints/core/privacy.py).

The export says on which offers the person voted and their own answers, never a choice: the portal does not
know which ballot is theirs. Erasure removes their roll entries and answers; the anonymous ballots stay in
the count.
"""

from __future__ import annotations

from django.db import transaction

from complaints.ballots.models import Acceptance, VoterRoll
from complaints.core.privacy import register_privacy


def export(user) -> dict:
    return {
        "voted": [
            {"offer": r.offer_id, "campaign": r.membership.campaign_id, "voted_at": r.voted_at.isoformat()}
            for r in VoterRoll.objects.filter(membership__user=user)
            .select_related("membership")
            .order_by("voted_at")
        ],
        "own_answers": [
            {"offer": a.offer_id, "decision": a.decision, "decided_at": a.decided_at.isoformat()}
            for a in Acceptance.objects.filter(membership__user=user).order_by("pk")
        ],
    }


def erase(user) -> None:
    with transaction.atomic():
        VoterRoll.objects.filter(membership__user=user).delete()
        Acceptance.objects.filter(membership__user=user).delete()


def register() -> None:
    register_privacy("ballots", export=export, erase=erase)
