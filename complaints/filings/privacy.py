"""The filings app's part in a person's privacy rights (see complaints/core/privacy.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from complaints.filings.models import FilingConsent, Outcome


def impact(user) -> list[str]:
    disclosed = FilingConsent.objects.filter(membership__user=user, disclose_identity=True).count()
    if not disclosed:
        return []
    return [
        _("You agreed to disclose your identity in %(count)s filings; filings already sent keep your name.")
        % {"count": disclosed}
    ]


def export(user) -> dict:
    return {
        "filing_consents": [
            {
                "filing": c.filing_id,
                "disclose_identity": c.disclose_identity,
                "updated_at": c.updated_at.isoformat(),
            }
            for c in FilingConsent.objects.filter(membership__user=user).order_by("pk")
        ],
        "outcomes": [
            {
                "campaign": o.membership.campaign_id,
                "result": o.result,
                "amount_received": str(o.amount_received) if o.amount_received is not None else None,
                "currency": o.currency,
            }
            for o in Outcome.objects.filter(membership__user=user).select_related("membership").order_by("pk")
        ],
    }


def erase(user) -> None:
    # Withdrawing identity consent takes effect for every filing not yet submitted (their next version).
    FilingConsent.objects.filter(membership__user=user).delete()
    Outcome.objects.filter(membership__user=user).delete()


def register() -> None:
    from complaints.core.privacy import register_privacy

    register_privacy("filings", impact=impact, export=export, erase=erase)
