from __future__ import annotations

import hashlib
import io
from datetime import date
from decimal import Decimal

import pymupdf
import pytest
from django.core.files.base import ContentFile
from PIL import Image

from complaints.evidence.models import EvidenceItem, private_storage
from complaints.filings import services
from complaints.filings.models import Filing, FilingVersion
from tests.factories import CampaignFactory, PlatformFactory, RegulatorFactory, join, organize

TITLE = "某钱包冻结资金集体投诉"


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "余额清零截图", fontname="china-s", fontsize=12)
    data = doc.tobytes()
    doc.close()
    return data


def add_evidence(membership, *, kind: str = "png", data: bytes | None = None, **fields) -> EvidenceItem:
    data = (
        data
        if data is not None
        else (png_bytes() if kind == "png" else pdf_bytes() if kind == "pdf" else b"")
    )
    name = private_storage.save(f"test-redacted/{kind}", ContentFile(data))
    defaults = dict(
        owner=membership.user,
        membership=membership,
        campaign=membership.campaign,
        original_name=f"file.{kind}",
        kind=kind,
        category="screenshot",
        document_date=date(2025, 3, 1),
        size=len(data),
        sha256_original="0" * 64,
        sha256_redacted=hashlib.sha256(data).hexdigest(),
        redacted=name,
        status=EvidenceItem.Status.APPROVED,
        share_with_group=True,
        include_in_filings=True,
    )
    defaults.update(fields)
    return EvidenceItem.objects.create(**defaults)


@pytest.fixture
def campaign(db):
    platform = PlatformFactory(name="某钱包", name_en="SomeWallet")
    return CampaignFactory(title=TITLE, platform=platform, summary="用户余额被冻结，客服称无法恢复。")


@pytest.fixture
def organizer(campaign):
    return organize(campaign, amount="2835.43", incident_date=date(2025, 2, 1), include_in_filings=True)


@pytest.fixture
def member(campaign):
    return join(campaign, amount="120.00", incident_date=date(2025, 4, 2), include_in_filings=True)


@pytest.fixture
def regulator(db):
    return RegulatorFactory()


def make_filing(
    campaign, organizer, regulator, *, language: str = "zh-hans", with_exhibit: bool = True
) -> Filing:
    """A generated filing (tasks run eagerly in-process); with one exhibit of the organizer's unless the
    campaign has one already, since a filing without evidence cannot be sent for approval."""
    from complaints.filings.generation import exhibits

    if with_exhibit and not exhibits(campaign).exists():
        add_evidence(organizer)
    filing = services.filing_create(
        actor=organizer.user, campaign=campaign, regulator=regulator, language=language
    )
    build_pending()
    filing.refresh_from_db()
    return filing


def build_pending() -> None:
    """Run the generation the on-commit hook would have queued (tests run inside one transaction)."""
    for pk in FilingVersion.objects.filter(status=FilingVersion.Status.GENERATING).values_list(
        "pk", flat=True
    ):
        services.filing_version_build(version_id=pk)


def regenerate(filing, organizer, *, narrative: str, demands: str):
    version = services.filing_generate(
        actor=organizer.user, filing=filing, narrative=narrative, demands=demands
    )
    build_pending()
    version.refresh_from_db()
    filing.refresh_from_db()
    return version


def approved_filing(campaign, organizer, regulator, moderator) -> Filing:
    filing = make_filing(campaign, organizer, regulator)
    services.filing_send_for_approval(actor=organizer.user, filing=filing)
    services.filing_approve(actor=moderator, filing=filing)
    filing.refresh_from_db()
    return filing


__all__ = ["Decimal", "add_evidence", "approved_filing", "build_pending", "make_filing", "regenerate"]
