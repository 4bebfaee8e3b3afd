"""The filings app's part in a person's privacy rights (see complaints/core/privacy.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from complaints.campaigns.models import Membership
from complaints.core.privacy import register_privacy
from complaints.filings.models import Filing, FilingConsent, Outcome
from complaints.filings.services import filings_member_erase


def impact(user) -> list[str]:
    lines: list[str] = []
    included = Membership.objects.filter(user=user, include_in_filings=True).values("campaign_id")
    filings = Filing.objects.filter(campaign_id__in=included)
    pending = filings.exclude(status=Filing.Status.SUBMITTED).count()
    sent = filings.filter(status=Filing.Status.SUBMITTED).count()
    if pending:
        lines.append(
            ngettext(
                "%(count)s filing not yet submitted will leave your case out from its next version.",
                "%(count)s filings not yet submitted will leave your case out from their next version.",
                pending,
            )
            % {"count": pending}
        )
    if sent:
        lines.append(
            ngettext(
                "%(count)s filing already submitted to a regulator keeps your case as it was sent "
                "(redacted, under your member number).",
                "%(count)s filings already submitted to a regulator keep your case as it was sent "
                "(redacted, under your member number).",
                sent,
            )
            % {"count": sent}
        )
    disclosed = FilingConsent.objects.filter(membership__user=user, disclose_identity=True).count()
    if disclosed:
        lines.append(
            _(
                "You agreed to disclose your identity in %(count)s filings; filings already sent keep your name."
            )
            % {"count": disclosed}
        )
    return lines


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
    filings_member_erase(user=user)


def register() -> None:
    register_privacy("filings", impact=impact, export=export, erase=erase)
