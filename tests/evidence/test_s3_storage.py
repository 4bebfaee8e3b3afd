# ruff: noqa: F811 - fixtures are imported from tests.evidence.support and named as parameters
"""EVIDENCE_STORAGE=s3 against a real S3 API (moto's server on loopback): the bucket stays private, an
original is reachable only through a signed URL or a permission-checked view, processing writes the
redacted copy there, retention deletes the objects and the export ZIP carries the originals."""

from __future__ import annotations

import io
import os
import urllib.error
import urllib.request
import zipfile
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.accounts import services as account_services
from complaints.campaigns.models import Campaign
from complaints.evidence import retention
from complaints.evidence.files import store
from complaints.evidence.models import EvidenceItem, private_storage
from portal.env import private_storage_settings
from tests.evidence.support import (  # noqa: F401 - fixtures
    CHAT,
    PHONE,
    campaign,
    english,
    organizer,
    other_member,
    owner,
    owner_membership,
    upload,
    upload_file,
)
from tests.s3 import LocalS3Server

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_server():
    with LocalS3Server() as server:
        yield server


@pytest.fixture
def bucket(s3_server, settings, monkeypatch):
    """A fresh private bucket, configured exactly as a deployment with EVIDENCE_STORAGE=s3 configures it."""
    name = s3_server.new_bucket()
    for key, value in s3_server.environ(name).items():
        monkeypatch.setenv(key, value)
    storage = private_storage_settings(os.environ["EVIDENCE_STORAGE"], "/nonexistent")
    settings.STORAGES = {**settings.STORAGES, "default": storage, "private": storage}
    return name


def anonymous_get(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def signed_get(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:
        return response.read()


def test_objects_are_private_and_an_original_needs_a_short_lived_signed_url(s3_server, bucket):
    name = store(b"bank statement of Lily Chen", "txt")
    assert s3_server.keys(bucket) == [name]

    assert anonymous_get(f"{s3_server.endpoint_url}/{bucket}/{name}") == 403, "an unsigned GET is refused"
    grants = s3_server.client().get_object_acl(Bucket=bucket, Key=name)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]

    url = private_storage.url(name)
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["60"] and query["X-Amz-Signature"], "signed, valid one minute"
    assert signed_get(url) == b"bank statement of Lily Chen"


def test_upload_is_processed_into_a_redacted_copy_in_the_bucket_and_only_the_owner_gets_the_original(
    s3_server, bucket, owner_membership, other_member, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = upload(owner_membership, [upload_file("chat.txt", CHAT)])
    assert not outcome.rejected
    item = EvidenceItem.objects.get(pk=outcome.items[0].pk)
    assert item.status == EvidenceItem.Status.NEEDS_REVIEW
    assert set(s3_server.keys(bucket)) >= {item.original.name, item.redacted.name}
    redacted = private_storage.open(item.redacted.name, "rb").read().decode()
    assert PHONE not in redacted and "2835.43" in redacted
    for name in (item.original.name, item.redacted.name):
        assert anonymous_get(f"{s3_server.endpoint_url}/{bucket}/{name}") == 403

    client.force_login(other_member)
    assert client.get(reverse("evidence:original", args=[item.pk])).status_code == 404
    client.force_login(owner_membership.user)
    response = client.get(reverse("evidence:original", args=[item.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CHAT


def test_retention_deletes_the_originals_from_the_bucket_and_keeps_the_redacted_copy(
    s3_server, bucket, owner_membership, django_capture_on_commit_callbacks
):
    item = EvidenceItem.objects.create(
        owner=owner_membership.user, membership=owner_membership, campaign_id=owner_membership.campaign_id,
        original_name="chat.txt", kind="text", size=3, sha256_original="0" * 64,
        original=store(b"original", "txt"), normalized=store(b"normalized", "txt"),
        redacted=store(b"redacted", "txt"), status=EvidenceItem.Status.APPROVED,
    )  # fmt: skip
    now = timezone.now()
    Campaign.objects.filter(pk=owner_membership.campaign_id).update(
        status=Campaign.Status.CLOSED,
        closed_at=now - retention.retention_period() - timedelta(days=1),
        retention_notice_at=now - retention.notice_period() - timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.retention_delete_batch(now=now) == 1
    assert s3_server.keys(bucket) == [item.redacted.name]


def test_export_zip_holds_the_originals_read_from_the_bucket_and_is_itself_private(
    s3_server, bucket, owner_membership, django_capture_on_commit_callbacks
):
    user = owner_membership.user
    EvidenceItem.objects.create(
        owner=user, membership=owner_membership, campaign_id=owner_membership.campaign_id,
        original_name="bank statement.txt", kind="text", size=17, sha256_original="0" * 64,
        original=store(b"statement bytes 1", "txt"), status=EvidenceItem.Status.APPROVED,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        export = account_services.export_request(actor=user)
    export.refresh_from_db()
    assert export.file.name in s3_server.keys(bucket)
    assert anonymous_get(f"{s3_server.endpoint_url}/{bucket}/{export.file.name}") == 403
    with export.file.open("rb") as fh:
        archive = zipfile.ZipFile(io.BytesIO(fh.read()))
    originals = [n for n in archive.namelist() if n.startswith("files/")]
    assert [archive.read(n) for n in originals] == [b"statement bytes 1"]
