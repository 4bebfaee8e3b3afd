"""Hostile files through the real upload page: each is refused with a reason a person can read, or comes
out re-encoded and harmless; nothing answers 500, nothing is served inline as something a browser would
run, and nothing is left in processing."""

from __future__ import annotations

import pymupdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.evidence.files import read_file
from complaints.evidence.models import EvidenceItem
from tests.evidence.support import campaign, client, english, organizer, owner, owner_membership, private_dir
from tests.security import samples

# The evidence tests' fixtures: a campaign with an organizer and an owner, files in a private temp dir.
FIXTURES = (campaign, client, english, organizer, owner, owner_membership, private_dir)

pytestmark = pytest.mark.django_db

UNSUPPORTED = "This type of file is not accepted"


def post_files(client, campaign, files, capture):
    with capture(execute=True):
        return client.post(
            reverse("evidence:mine", args=[campaign.slug]),
            {"files": files, "category": "screenshot"},
            follow=True,
        )


def upload(client, campaign, capture, name: str, data: bytes, content_type: str = "image/png"):
    response = post_files(
        client, campaign, [SimpleUploadedFile(name, data, content_type=content_type)], capture
    )
    assert response.status_code in (200, 400), response.status_code
    return response, EvidenceItem.objects.order_by("-pk").first()


@pytest.fixture
def signed_in(client, owner, private_dir):
    client.force_login(owner)
    return client


def messages_of(response) -> str:
    return " | ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("invoice.jpg", samples.html_named_jpg, UNSUPPORTED),
        ("receipt.svg", samples.svg_with_script, UNSUPPORTED),
        ("receipt.txt", samples.svg_behind_a_comment, UNSUPPORTED),
        ("evidence.zip", samples.zip_archive, UNSUPPORTED),
        ("huge.png", samples.png_bomb, "too large in pixels"),
    ],
)
def test_hostile_file_is_refused_with_a_reason(
    signed_in, campaign, django_capture_on_commit_callbacks, name, make, reason
):
    data = make()
    response, item = upload(signed_in, campaign, django_capture_on_commit_callbacks, name, data)
    assert item is None, f"{name} was accepted as {item.kind}"
    text = messages_of(response)
    assert reason in text, text
    assert name.rsplit(".", 1)[0] in text  # the person sees which file it was


def test_png_bomb_is_a_few_hundred_kilobytes_at_most():
    data = samples.png_bomb()
    import struct

    assert len(data) < 200_000
    assert struct.unpack(">II", data[16:24]) == (30_000, 30_000)


def test_empty_file_gets_a_clear_error(signed_in, campaign, django_capture_on_commit_callbacks):
    response, item = upload(signed_in, campaign, django_capture_on_commit_callbacks, "empty.png", b"")
    assert item is None
    assert "empty" in (messages_of(response) + response.content.decode()).lower()


def test_png_with_html_tail_is_re_encoded_without_it(signed_in, campaign, django_capture_on_commit_callbacks):
    _response, item = upload(
        signed_in, campaign, django_capture_on_commit_callbacks, "receipt.png", samples.png_with_html_tail()
    )
    assert item is not None and item.status == EvidenceItem.Status.NEEDS_REVIEW, item and item.error_message
    for field in (item.normalized, item.redacted):
        data = read_file(field.name)
        assert data.startswith(b"\x89PNG") and b"<script" not in data and b"<html" not in data
    served = signed_in.get(reverse("evidence:redacted", args=[item.pk]))
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    original = signed_in.get(reverse("evidence:original", args=[item.pk]))
    assert original["Content-Disposition"].startswith("attachment")
    assert original["X-Content-Type-Options"] == "nosniff"


def test_pdf_loses_its_javascript_and_attachment(signed_in, campaign, django_capture_on_commit_callbacks):
    data = samples.pdf_with_javascript_and_attachment()
    assert b"/JavaScript" in data and pymupdf.open(stream=data).embfile_count() == 1
    _response, item = upload(signed_in, campaign, django_capture_on_commit_callbacks, "statement.pdf", data)
    assert item.status == EvidenceItem.Status.NEEDS_REVIEW, item.error_message
    for field in (item.normalized, item.redacted):
        clean = read_file(field.name)
        assert b"/JavaScript" not in clean and b"/JS " not in clean and b"app.alert" not in clean
        assert b"payload.html" not in clean and b"<script" not in clean
        with pymupdf.open(stream=clean) as doc:
            assert doc.embfile_count() == 0
            assert "35.00" in doc[0].get_text()  # the evidence itself survives
    for name in ("evidence:original", "evidence:redacted", "evidence:normalized"):
        served = signed_in.get(reverse(name, args=[item.pk]))
        assert served["Content-Disposition"].startswith("attachment"), name
        assert served["X-Content-Type-Options"] == "nosniff"


def test_truncated_jpeg_fails_visibly_and_is_not_stuck(
    signed_in, campaign, django_capture_on_commit_callbacks
):
    _response, item = upload(
        signed_in,
        campaign,
        django_capture_on_commit_callbacks,
        "photo.jpg",
        samples.truncated_jpeg(),
        "image/jpeg",
    )
    assert item is not None
    assert item.status in EvidenceItem.TERMINAL_STATUSES, item.status
    if item.status == EvidenceItem.Status.FAILED:
        assert item.error_code == "corrupt" and "damaged" in item.error_message
        page = signed_in.get(reverse("evidence:mine", args=[campaign.slug]))
        assert page.status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd.png",
        "..\\..\\windows\\win.ini.png",
        "receipt\x00.exe.png",
        "receipt\r\nContent-Type: text/html\r\n\r\n<script>.png",
        "invoice\u202egnp.exe",
        "\u200f\u202b收据.png",
    ],
)
def test_hostile_file_names_are_neutralized(
    signed_in, campaign, owner, django_capture_on_commit_callbacks, name
):
    from complaints.evidence import services

    membership = owner.memberships.get(campaign=campaign)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.evidence_upload(
            actor=owner,
            membership=membership,
            files=[SimpleUploadedFile(name, samples.png())],
            category="screenshot",
        )
    assert not outcome.rejected
    item = EvidenceItem.objects.get(pk=outcome.items[0].pk)
    for bad in ("/", "\\", "\x00", "\r", "\n", "\u202e", "\u202b", "\u200f"):
        assert bad not in item.original_name, (bad, item.original_name)
    for field in (item.original, item.normalized, item.redacted):
        assert field.name.startswith("evidence/") and ".." not in field.name and "passwd" not in field.name
    response = signed_in.get(reverse("evidence:original", args=[item.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "\r" not in disposition and "\n" not in disposition and "\u202e" not in disposition
    assert disposition.rstrip('"').endswith(".png")  # the real type's extension, never .exe
    assert "Content-Type: text/html" not in response.serialize_headers().decode("latin-1")
    # And through the page itself: no server error, the name on the page is the cleaned one.
    page = post_files(
        signed_in, campaign, [SimpleUploadedFile(name, samples.png())], django_capture_on_commit_callbacks
    )
    assert page.status_code == 200


def test_mixed_upload_keeps_the_good_files_and_names_the_bad(
    signed_in, campaign, django_capture_on_commit_callbacks
):
    files = [
        SimpleUploadedFile("good.png", samples.png()),
        SimpleUploadedFile("bad.jpg", samples.html_named_jpg()),
        SimpleUploadedFile("empty.pdf", b""),
        SimpleUploadedFile("archive.zip", samples.zip_archive()),
    ]
    response = post_files(signed_in, campaign, files, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert EvidenceItem.objects.count() == 1
    text = messages_of(response)
    assert "bad.jpg" in text and "archive.zip" in text
    assert not EvidenceItem.objects.exclude(status__in=EvidenceItem.TERMINAL_STATUSES).exists()
