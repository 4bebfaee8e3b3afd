"""A filing that requires mandates names only members represented by a signed mandate of the current version,
and its review checklist says how many members are represented."""

from __future__ import annotations

from datetime import date

from complaints.filings import services
from complaints.filings.annexes import write_identity_annex
from complaints.filings.models import Filing
from complaints.filings.selection import identity_consents
from complaints.mandates import selectors
from complaints.mandates import services as mandate_services
from tests.factories import CampaignFactory, RegulatorFactory, join, organize
from tests.filings.conftest import build_pending
from tests.mandates.conftest import sign, terms


def _named(filing: Filing) -> str:
    annex = write_identity_annex(filing)
    return annex.read().decode() if annex else ""


def test_only_signers_are_named_when_the_filing_requires_mandates(db):
    campaign = CampaignFactory()
    organizer = organize(campaign, amount="300", incident_date=date(2025, 2, 1), include_in_filings=True)
    signer = join(campaign, amount="120", include_in_filings=True)
    unsigned = join(campaign, amount="80", include_in_filings=True)
    text = mandate_services.mandate_text_publish(actor=organizer.user, campaign=campaign, terms=terms())
    sign(signer, text)

    required = services.filing_create(
        actor=organizer.user,
        campaign=campaign,
        regulator=RegulatorFactory(),
        language="zh-hans",
        requires_mandates=True,
    )
    plain = services.filing_create(
        actor=organizer.user, campaign=campaign, regulator=RegulatorFactory(), language="zh-hans"
    )
    for filing in (required, plain):
        for membership in (signer, unsigned):
            services.filing_consent_update(
                actor=membership.user, filing=filing, membership=membership, disclose_identity=True
            )

    assert list(identity_consents(required).values_list("membership", flat=True)) == [signer.pk]
    named = _named(required)
    assert signer.user.email in named and unsigned.user.email not in named
    both = _named(plain)
    assert signer.user.email in both and unsigned.user.email in both

    # Revoking takes the member out of the next version's identity annex.
    mandate = selectors.mandate_in_force(signer)
    mandate_services.mandate_revoke(actor=signer.user, mandate=mandate)
    assert not identity_consents(required).exists()


def test_review_checklist_counts_represented_members(db):
    campaign = CampaignFactory()
    organizer = organize(campaign, amount="300", incident_date=date(2025, 2, 1), include_in_filings=True)
    members = [join(campaign, amount="50", include_in_filings=True) for _ in range(3)]
    text = mandate_services.mandate_text_publish(actor=organizer.user, campaign=campaign, terms=terms())
    for membership in members[:2]:
        sign(membership, text)
    sign(join(campaign), text)  # a member outside filings who signs is not counted
    filing = services.filing_create(
        actor=organizer.user,
        campaign=campaign,
        regulator=RegulatorFactory(),
        language="en",
        requires_mandates=True,
    )
    build_pending()
    filing.refresh_from_db()
    checklist = services.review_checklist(filing)
    assert checklist["ready"]
    assert checklist["requires_mandates"] is True
    assert checklist["represented"] == 2
