"""A filing that requires mandates names only members represented by a signed mandate of the current version,
and its review checklist says how many members are represented."""

from __future__ import annotations

import json
from datetime import date

import pymupdf
import pytest
from django.utils import translation

from complaints.filings import services
from complaints.filings.annexes import identity_annex_bytes, write_identity_annex
from complaints.filings.channels.email import EmailTransport
from complaints.filings.models import Filing, Submission
from complaints.filings.selection import identity_consents
from complaints.mandates import sealing, selectors
from complaints.mandates import services as mandate_services
from tests.factories import CampaignFactory, RegulatorFactory, join, organize
from tests.filings.conftest import add_evidence, build_pending
from tests.mandates.conftest import sign, terms
from tests.mandates.test_sign_form import with_check_digit


def _named(filing: Filing) -> str:
    annex = write_identity_annex(filing)
    if annex is None:
        return ""
    data = annex.read()
    return (sealing.unseal(data) if annex.name.endswith(".sealed") else data).decode()


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
        signer = join(campaign, amount="50", include_in_filings=True)
        sign(signer, text)
        add_evidence(signer)
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


def test_the_letter_and_the_email_speak_only_for_the_members_who_signed(db):
    campaign = CampaignFactory()
    organizer = organize(campaign, amount="300", include_in_filings=True)
    for _ in range(3):
        join(campaign, amount="80", include_in_filings=True)
    filing = _mandate_filing(campaign, organizer, signers=2)
    version = filing.current_version
    assert version.content["figures"]["represented"] == 2 and version.content["figures"]["members"] == 2
    assert version.content["figures"]["total_claimed"] == "100.00"
    pdf_text = " ".join(
        "".join(page.get_text() for page in pymupdf.open(stream=version.pdf.open("rb").read())).split()
    )
    assert "Complainants: the 2 members of" in pdf_text and "who signed the mandate" in pdf_text
    assert "on behalf of 2 members who signed a mandate" in pdf_text
    submission = Submission(version=version, regulator=filing.regulator, channel="email")
    body = EmailTransport().message(submission).body
    assert "on behalf of the 2 consumers who signed a mandate" in body and "6 members" not in body


def _annex_members(field) -> list[int]:
    data = json.loads(field.open("rb").read())
    return [row["member"] for row in data["members"]]


def test_a_filing_that_requires_mandates_lists_only_signers_in_every_annex(db):
    campaign = CampaignFactory()
    organizer = organize(campaign, amount="300", include_in_filings=True)
    others = [join(campaign, amount="80", include_in_filings=True) for _ in range(3)]
    text = mandate_services.mandate_text_publish(actor=organizer.user, campaign=campaign, terms=terms())
    signers = [join(campaign, amount="50", include_in_filings=True) for _ in range(2)]
    for number, signer in zip(("44030619900101", "50011219851231"), signers, strict=True):
        sign(signer, text, legal_name=f"签署人{number[-2:]}", id_number=with_check_digit(number + "123"))
        add_evidence(signer)
    revoked = join(campaign, amount="70", include_in_filings=True)
    sign(revoked, text)
    mandate_services.mandate_revoke(actor=revoked.user, mandate=selectors.mandate_in_force(revoked))
    add_evidence(others[0])
    filing = services.filing_create(
        actor=organizer.user,
        campaign=campaign,
        regulator=RegulatorFactory(),
        language="zh-hans",
        requires_mandates=True,
    )
    build_pending()
    filing.refresh_from_db()
    version = filing.current_version
    expected = sorted(s.pseudonym_number for s in signers)
    assert _annex_members(version.annex_json) == expected
    csv_rows = version.annex_csv.open("rb").read().decode().splitlines()[1:]
    assert [int(row.split(",")[0]) for row in csv_rows] == expected
    stored = version.identity_annex.open("rb").read()
    assert with_check_digit("44030619900101123").encode() not in stored  # sealed at rest
    identity = identity_annex_bytes(version.identity_annex).decode()
    assert "签署人01" in identity and "签署人31" in identity
    assert with_check_digit("44030619900101123") in identity
    assert identity.count("\n") == 3  # the header and the two signers
    assert version.content["identity_disclosed"] == 2
    pdf_text = "".join(
        "".join(page.get_text() for page in pymupdf.open(stream=version.pdf.open("rb").read())).split()
    )
    assert "投诉人：签署授权委托书的2名成员" in pdf_text
    assert "全体成员" not in pdf_text
    assert version.content["figures"]["exhibits"] == 2  # the non-signer's exhibit stays out
    message = EmailTransport().message(
        Submission(version=version, regulator=filing.regulator, channel="email")
    )
    attached = {name: content for name, content, _type in message.attachments}
    assert "签署人01" in str(attached["identity-annex.csv"])  # the regulator receives it opened

    plain = services.filing_create(
        actor=organizer.user, campaign=campaign, regulator=RegulatorFactory(), language="zh-hans"
    )
    build_pending()
    plain.refresh_from_db()
    assert len(_annex_members(plain.current_version.annex_json)) == 7
    assert not plain.current_version.identity_annex
