"""A filing that requires mandates names only members represented by a signed mandate of the current version,
and its review checklist says how many members are represented."""

from __future__ import annotations

from datetime import date

import pymupdf
import pytest
from django.utils import translation

from complaints.filings import services
from complaints.filings.annexes import write_identity_annex
from complaints.filings.channels.email import EmailTransport
from complaints.filings.models import Filing, Submission
from complaints.filings.selection import identity_consents
from complaints.mandates import selectors
from complaints.mandates import services as mandate_services
from tests.factories import CampaignFactory, RegulatorFactory, join, organize
from tests.filings.conftest import add_evidence, build_pending
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


def _mandate_filing(campaign, organizer, *, signers: int):
    text = mandate_services.mandate_text_publish(actor=organizer.user, campaign=campaign, terms=terms())
    for _ in range(signers):
        sign(join(campaign, amount="50", include_in_filings=True), text)
    add_evidence(organizer)
    filing = services.filing_create(
        actor=organizer.user,
        campaign=campaign,
        regulator=RegulatorFactory(),
        language="en",
        requires_mandates=True,
    )
    build_pending()
    filing.refresh_from_db()
    return filing


def test_a_filing_that_requires_mandates_and_has_no_signer_cannot_go_to_approval(db):
    campaign = CampaignFactory()
    organizer = organize(campaign, amount="300", include_in_filings=True)
    join(campaign, amount="80", include_in_filings=True)
    filing = _mandate_filing(campaign, organizer, signers=0)
    problems = {p["code"]: p for p in services.filing_problems(filing, filing.current_version)}
    assert problems["no_mandates"]["blocking"]
    with translation.override("en"), pytest.raises(services.FilingError, match="speak for nobody"):
        services.filing_send_for_approval(actor=organizer.user, filing=filing)
    filing.refresh_from_db()
    assert filing.status == Filing.Status.DRAFT


def test_the_letter_and_the_email_say_how_many_members_signed_the_mandate(db):
    campaign = CampaignFactory()
    organizer = organize(campaign, amount="300", include_in_filings=True)
    for _ in range(3):
        join(campaign, amount="80", include_in_filings=True)
    filing = _mandate_filing(campaign, organizer, signers=2)
    version = filing.current_version
    assert version.content["figures"]["represented"] == 2 and version.content["figures"]["members"] == 6
    pdf_text = "".join(page.get_text() for page in pymupdf.open(stream=version.pdf.open("rb").read()))
    assert "2 members signed a mandate" in " ".join(pdf_text.split())
    submission = Submission(version=version, regulator=filing.regulator, channel="email")
    body = EmailTransport().message(submission).body
    assert "on behalf of the 2 consumers who signed a mandate" in body and "all 6 members" in body
