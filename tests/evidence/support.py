"""Fixtures and small files for the evidence app's tests (upload, processing, review, views)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageDraw, ImageFont

from complaints.evidence import services
from complaints.evidence.models import EvidenceItem
from complaints.evidence.pipeline import Kind
from tests.factories import CampaignFactory, ModeratorFactory, PlatformFactory, UserFactory, join, organize

PHONE = "13812345678"
AMOUNT = "2835.43"
# A valid 18-digit resident ID number (check digit X).
ID_NUMBER = "11010519491231002X"
CHAT = f"客服：请提供您的手机号\n我：{PHONE}，充值金额 {AMOUNT} 元，一直没到账\n".encode()
LONG_PLAIN = (
    "Support said the top-up of 35.00 yuan on 2024-05-01 failed because of the network. " * 4
).encode()


def png_with_text(lines: list[str], *, size: int = 36, width: int = 640) -> bytes:
    """A screenshot-like PNG drawn with PIL's own font, big enough for OCR."""
    font = ImageFont.load_default(size=size)
    image = Image.new("RGB", (width, 40 + int(size * 2) * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((20, 20 + i * int(size * 2)), line, fill="black", font=font)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def plain_png(width: int = 200, height: int = 120, colour: str = "white") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buf, format="PNG")
    return buf.getvalue()


def pdf_with_lines(lines: list[str]) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=420, height=300)
    for i, line in enumerate(lines):
        page.insert_text((36, 60 + i * 28), line, fontname="helv", fontsize=13)
    doc.set_metadata({"author": "Zhang Wei", "title": "statement"})
    return doc.tobytes()


def upload_file(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def private_files() -> list[Path]:
    root = Path(settings.PRIVATE_STORAGE_DIR)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture(autouse=True)
def english():
    """Messages in English, so assertions read like the source strings (import it to use it)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """Pages in English, so assertions read like the source strings."""
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def private_dir(tmp_path, settings):
    """Evidence files of this test in their own directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return tmp_path / "private"


@pytest.fixture
def campaign(db):
    platform = PlatformFactory(slug="haoduo", name="好多商城", name_en="Haoduo Mall")
    return CampaignFactory(platform=platform, slug="haoduo-topup", title="好多商城充值未到账")


@pytest.fixture
def organizer(campaign):
    return organize(campaign, amount="300").user


@pytest.fixture
def owner_membership(campaign, organizer):
    user = UserFactory(display_name="Lily Chen")
    return join(campaign, user, amount="2835.43", share_with_group=True, include_in_filings=True)


@pytest.fixture
def owner(owner_membership):
    return owner_membership.user


@pytest.fixture
def other_member(campaign, organizer):
    return join(campaign, amount="50").user


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


def picture_item(membership, *, approve: bool = False, share: bool = True) -> EvidenceItem:
    """An image item as processing leaves it, without running OCR (nothing to find on a white picture)."""
    import hashlib

    from complaints.evidence.files import store
    from complaints.evidence.rendering import thumbnail

    white = plain_png(200, 120)
    item = EvidenceItem.objects.create(
        owner=membership.user, membership=membership, campaign_id=membership.campaign_id, original_name="收据 张伟.png",
        kind="png", size=len(white), sha256_original=hashlib.sha256(white).hexdigest(), width=200, height=120,
        status=EvidenceItem.Status.NEEDS_REVIEW, original=store(white, "png"), normalized=store(white, "png"),
        redacted=store(white, "png"), thumbnail=store(thumbnail(white, Kind.PNG), "jpg"),
        sha256_redacted=hashlib.sha256(white).hexdigest(),
    )  # fmt: skip
    if approve:
        item = services.evidence_approve(
            actor=membership.user, item=item, share_with_group=share, include_in_filings=False
        )
    return item


def upload(membership, files, *, category=EvidenceItem.Category.SCREENSHOT):
    return services.evidence_upload(
        actor=membership.user, membership=membership, files=files, category=category
    )


@pytest.fixture
def make_item(private_dir, owner_membership, django_capture_on_commit_callbacks):
    """Upload one file through the service and let the (eager) task process it."""

    def make(name: str = "chat.txt", data: bytes = CHAT, *, membership=None, approve: bool = False,
             share: bool = True, filings: bool = False) -> EvidenceItem:  # fmt: skip
        membership = membership or owner_membership
        with django_capture_on_commit_callbacks(execute=True):
            outcome = upload(membership, [upload_file(name, data)])
        assert not outcome.rejected, outcome.rejected
        item = EvidenceItem.objects.get(pk=outcome.items[0].pk)
        if approve:
            item = services.evidence_approve(
                actor=membership.user, item=item, share_with_group=share, include_in_filings=filings
            )
        return item

    return make
