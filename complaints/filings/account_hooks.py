"""The filings app's part in the consent page and its withdraw button (complaints.accounts.consent) and in
the demo data (complaints.core.demo). Registered in FilingsConfig.ready()."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from complaints.accounts.consent import ConsentRow, register_consent
from complaints.core.demo import register_demo
from complaints.filings import delivery, selectors
from complaints.filings.models import Filing, FilingConsent
from complaints.filings.services import filing_consent_update


@dataclass
class FilingChoice:
    filing: Filing
    disclose_identity: bool
    status: str = ""  # a released filing's delivery as members are told it (filings/delivery.py)


def consent_fill(user, rows: list[ConsentRow]) -> None:
    """Each membership's campaign's filings, with whether the member agreed to be named (three queries)."""
    memberships = [row.membership.pk for row in rows]
    disclosed = dict(
        FilingConsent.objects.filter(membership_id__in=memberships).values_list(
            "filing_id", "disclose_identity"
        )
    )
    by_campaign = defaultdict(list)
    for row in rows:
        by_campaign[row.membership.campaign_id].append(row)
    filings = list(
        Filing.objects.filter(campaign_id__in=by_campaign)
        .select_related("regulator")
        .order_by("-created_at", "-id")
    )
    latest = selectors.latest_submissions([f for f in filings if f.is_submitted])
    for filing in filings:
        status = (
            delivery.member_state(latest.get(filing.pk)).label
            if filing.is_submitted
            else filing.get_status_display()
        )
        for row in by_campaign[filing.campaign_id]:
            row.filings.append(FilingChoice(filing, disclosed.get(filing.pk, False), status))


def consent_withdraw(*, actor, membership) -> None:
    """The member is no longer named in any filing not yet submitted."""
    disclosed = (
        FilingConsent.objects.filter(membership=membership, disclose_identity=True)
        .exclude(filing__status=Filing.Status.SUBMITTED)
        .select_related("filing")
    )
    for consent in disclosed:
        filing_consent_update(
            actor=actor, filing=consent.filing, membership=membership, disclose_identity=False
        )


def register() -> None:
    register_consent("filings", fill=consent_fill, withdraw=consent_withdraw, order=30)
    register_demo("complaints.filings.demo")
