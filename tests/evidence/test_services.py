# ruff: noqa: F811 - fixtures are imported from tests.evidence.support and named as parameters
"""Evidence services: upload checks and quota, review (boxes, text marks), consent, moderation, reports."""

from __future__ import annotations

import hashlib

import pytest

from complaints.campaigns.models import Membership
from complaints.core.models import AuditEvent
from complaints.evidence import selectors, services
from complaints.evidence.files import open_redacted, read_file, read_redacted, safe_display_name
from complaints.evidence.models import EvidenceItem, private_storage
from complaints.moderation.models import Report
from complaints.moderation.services import report_create
from tests.evidence.support import (  # noqa: F401 - fixtures
    AMOUNT,
    CHAT,
    LONG_PLAIN,
    PHONE,
    campaign,
    english,
    make_item,
    moderator,
    organizer,
    other_member,
    owner,
    owner_membership,
    picture_item,
    plain_png,
    private_dir,
    private_files,
    upload,
    upload_file,
)

pytestmark = pytest.mark.django_db


# --- Upload ----------------------------------------------------------------------------------------------------


def test_upload_accepts_good_files_and_rejects_a_disguised_one_leaving_nothing_behind(
    private_dir, owner_membership, django_capture_on_commit_callbacks
):
    files = [
        upload_file("screen.png", plain_png()),
        upload_file("chat.txt", CHAT),
        upload_file("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00 a windows program"),
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        outcome = upload(owner_membership, files)
    assert [item.original_name for item in outcome.items] == ["screen.png", "chat.txt"]
    assert outcome.rejected == [
        (
            "invoice.pdf",
            "This type of file is not accepted. Upload a JPEG, PNG, WebP or PDF, or a UTF-8 text export.",
        )
    ]
    assert len(callbacks) == 2, "one processing task per accepted file, after commit"
    assert EvidenceItem.objects.count() == 2
    assert len(private_files()) == 2, "the rejected file is not stored"
    for item in outcome.items:
        assert item.status == EvidenceItem.Status.RECEIVED
        assert item.campaign_id == owner_membership.campaign_id
        assert item.original_name not in item.original.name, "storage paths never carry the file name"
    assert outcome.items[1].sha256_original == hashlib.sha256(CHAT).hexdigest()


def test_empty_and_oversized_files_are_rejected_with_a_reason(private_dir, owner_membership, settings):
    settings.TONGSU_EVIDENCE_MAX_BYTES = 2048
    outcome = upload(
        owner_membership, [upload_file("empty.txt", b""), upload_file("big.png", plain_png(900, 900))]
    )
    assert outcome.items == []
    assert dict(outcome.rejected) == {
        "empty.txt": "The file is empty.",
        "big.png": "The file is larger than the limit.",
    }
    assert private_files() == []


def test_quota_counts_files_and_bytes_per_person(private_dir, owner_membership, settings):
    settings.TONGSU_EVIDENCE_QUOTA_ITEMS = 2
    # Three different files: the same file twice is not stored again (see the duplicate upload test).
    outcome = upload(
        owner_membership, [upload_file(f"chat{n}.txt", CHAT + f"\n{n}".encode()) for n in range(3)]
    )
    assert len(outcome.items) == 2
    assert outcome.rejected[0][0] == "chat2.txt"
    assert "storage is full" in outcome.rejected[0][1]

    settings.TONGSU_EVIDENCE_QUOTA_ITEMS = 100
    settings.TONGSU_EVIDENCE_QUOTA_BYTES = 2 * len(CHAT) + 10
    outcome = upload(owner_membership, [upload_file("more.txt", CHAT + b"\nmore")])
    assert outcome.items == [] and "storage is full" in outcome.rejected[0][1]
    assert len(private_files()) == 2


def test_upload_needs_an_active_membership(private_dir, owner_membership):
    Membership.objects.filter(pk=owner_membership.pk).update(status=Membership.Status.LEFT)
    owner_membership.refresh_from_db()
    with pytest.raises(services.EvidenceError):
        upload(owner_membership, [upload_file("chat.txt", CHAT)])


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("C:\\Users\\zhang\\Desktop\\收据.png", "收据.png"),
        ("../../etc/passwd", "passwd"),
        ("bad\x00name\r\nSet-Cookie: x.png", "badnameSet-Cookie: x.png"),
        ("invoice\u202egnp.exe", "invoicegnp.exe"),
        ("\u200b.hidden.txt", "hidden.txt"),
        ("", "evidence"),
        ("a" * 300 + ".jpeg", "a" * 115 + ".jpeg"),
    ],
)
def test_display_names_are_stripped_of_paths_and_control_characters(raw, shown):
    assert safe_display_name(raw) == shown


# --- Review: text items --------------------------------------------------------------------------------------------


def test_processing_a_chat_log_hides_the_phone_and_keeps_the_amount(make_item):
    item = make_item()
    assert item.status == EvidenceItem.Status.NEEDS_REVIEW
    redacted = read_file(item.redacted.name).decode()
    assert PHONE not in redacted and AMOUNT in redacted and "[手机号]" in redacted
    assert item.finding_counts == {"PHONE": 1}
    assert PHONE not in str(item.findings) and PHONE not in str(item.boxes), "values are never stored"
    assert item.sha256_redacted == hashlib.sha256(redacted.encode()).hexdigest()


def test_marking_text_hides_every_occurrence_and_removing_it_brings_it_back(make_item, owner):
    item = make_item(data=b"The agent at desk Bluebird said no.\nBluebird hung up. Paid 35.00 yuan.\n")
    item = services.evidence_text_mark(actor=owner, item=item, text="Bluebird")
    redacted = read_file(item.redacted.name).decode()
    assert "Bluebird" not in redacted and "35.00" in redacted
    entry = next(e for e in item.boxes if e["source"] == "manual")
    assert len(entry["spans"]) == 2 and "Bluebird" not in str(item.boxes)
    before = item.sha256_redacted
    item = services.evidence_box_remove(actor=owner, item=item, box_id=entry["id"])
    assert "Bluebird" in read_file(item.redacted.name).decode()
    assert item.sha256_redacted != before
    assert AuditEvent.objects.filter(action="evidence.text_mark", target_id=str(item.pk)).exists()


def test_marking_text_that_is_not_there_is_refused(make_item, owner):
    item = make_item()
    with pytest.raises(services.EvidenceError):
        services.evidence_text_mark(actor=owner, item=item, text="not in the file")


def test_old_redacted_files_are_deleted_after_a_change(make_item, owner, django_capture_on_commit_callbacks):
    item = make_item()
    old_name = item.redacted.name
    with django_capture_on_commit_callbacks(execute=True):
        item = services.evidence_text_mark(actor=owner, item=item, text="充值金额")
    assert not private_storage.exists(old_name)
    assert private_storage.exists(item.redacted.name)


# --- Review: images ----------------------------------------------------------------------------------------------


def test_adding_and_removing_a_box_rerenders_the_picture_from_the_clean_copy(
    private_dir, owner_membership, owner
):
    from io import BytesIO

    from PIL import Image

    from complaints.evidence import rendering
    from complaints.evidence.pipeline import Kind

    white = plain_png(200, 120)
    item = picture_item(owner_membership)
    item = services.evidence_box_add(actor=owner, item=item, page=1, box=(10, 10, 60, 40))
    picture = Image.open(BytesIO(read_file(item.redacted.name))).convert("RGB")
    assert picture.size == (200, 120), "same pixel size as the original"
    assert picture.getpixel((30, 20)) != (255, 255, 255), "the box is painted"
    assert picture.getpixel((100, 80)) == (255, 255, 255)
    assert read_file(item.thumbnail.name)[:3] == b"\xff\xd8\xff"
    box_id = item.boxes[0]["id"]
    item = services.evidence_box_remove(actor=owner, item=item, box_id=box_id)
    again = Image.open(BytesIO(read_file(item.redacted.name))).convert("RGB")
    assert again.getpixel((30, 20)) == (255, 255, 255)
    assert rendering.render_redacted(white, Kind.PNG, []) == read_file(item.redacted.name)


@pytest.mark.parametrize("box", [(-1, 0, 10, 10), (0, 0, 201, 10), (50, 50, 40, 60), (5, 5, 6, 6)])
def test_boxes_outside_the_picture_or_too_small_are_refused(private_dir, owner_membership, owner, box):
    item = picture_item(owner_membership)
    with pytest.raises(services.EvidenceError):
        services.evidence_box_add(actor=owner, item=item, page=1, box=box)
    item.refresh_from_db()
    assert item.boxes == []


# --- Consent ---------------------------------------------------------------------------------------------------------


def test_approving_counts_the_evidence_and_records_the_choices(make_item, owner, owner_membership):
    item = make_item()
    item = services.evidence_approve(actor=owner, item=item, share_with_group=True, include_in_filings=False)
    assert item.status == EvidenceItem.Status.APPROVED and item.approved_at is not None
    assert Membership.objects.get(pk=owner_membership.pk).evidence_count == 1
    assert list(selectors.pooled_evidence(item.campaign)) == [item]
    assert list(selectors.evidence_for_filing(item.campaign)) == []
    event = AuditEvent.objects.get(action="evidence.approve", target_id=str(item.pk))
    assert event.data == {"share_with_group": True, "include_in_filings": False}
    assert "chat.txt" not in event.target_label, "file names stay out of the audit log"

    services.evidence_approve(actor=owner, item=item, share_with_group=False, include_in_filings=True)
    assert list(selectors.pooled_evidence(item.campaign)) == []
    assert list(selectors.evidence_for_filing(item.campaign)) == [item]
    assert Membership.objects.get(pk=owner_membership.pk).evidence_count == 1


def test_what_a_filing_reads_is_the_approved_redacted_copy_never_the_original(make_item, owner):
    """Filings take their exhibits from the one rule in evidence.selectors and read them through evidence.files:
    the redacted copy the owner approved, without the phone number the original carries."""
    item = make_item()
    assert not selectors.evidence_released_for_filings().filter(pk=item.pk).exists(), "not approved yet"
    item = services.evidence_approve(actor=owner, item=item, share_with_group=False, include_in_filings=True)
    assert list(selectors.evidence_released_for_filings().filter(campaign=item.campaign)) == [item]
    exhibit_name = selectors.evidence_for_filing(item.campaign).values_list("redacted", flat=True).get()
    for reference in (item, exhibit_name):
        text = read_redacted(reference).decode()
        assert AMOUNT in text and PHONE not in text
    with open_redacted(item) as fh:
        assert fh.read() == read_redacted(item)
    assert PHONE in read_file(item.original.name).decode(), (
        "the original still has it: only its owner sees it"
    )


def test_changing_redactions_after_approval_needs_a_new_approval(make_item, owner, owner_membership):
    item = make_item(approve=True)
    item = services.evidence_text_mark(actor=owner, item=item, text="客服")
    assert item.status == EvidenceItem.Status.NEEDS_REVIEW
    assert list(selectors.pooled_evidence(item.campaign)) == []
    assert Membership.objects.get(pk=owner_membership.pk).evidence_count == 0


def test_rejecting_and_deleting_own_items(
    make_item, owner, owner_membership, django_capture_on_commit_callbacks
):
    item = make_item(approve=True)
    item = services.evidence_reject(actor=owner, item=item)
    assert item.status == EvidenceItem.Status.REJECTED and not item.share_with_group
    assert Membership.objects.get(pk=owner_membership.pk).evidence_count == 0
    names = [item.original.name, item.normalized.name, item.redacted.name]
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_delete(actor=owner, item=item)
    assert not EvidenceItem.objects.exists()
    assert not any(private_storage.exists(name) for name in names)
    assert AuditEvent.objects.filter(action="evidence.delete").exists()


def test_leaving_withdraws_the_sharing_of_every_item(make_item, owner, owner_membership):
    item = make_item(approve=True, filings=True)
    assert services.evidence_withdraw_consent(actor=owner, membership=owner_membership) == 1
    item.refresh_from_db()
    assert not item.share_with_group and not item.include_in_filings


# --- Moderation and reports --------------------------------------------------------------------------------------------


def test_unsure_items_wait_for_a_moderator_after_the_owner_approves(make_item, owner, moderator):
    item = make_item("notes.txt", LONG_PLAIN)
    assert item.needs_moderation and item.unsure_reasons == ["nothing_found"]
    assert list(selectors.evidence_needing_moderation()) == [], "the owner has not released it yet"
    services.evidence_approve(actor=owner, item=item, share_with_group=True, include_in_filings=True)
    assert list(selectors.evidence_needing_moderation()) == [item]
    assert list(selectors.pooled_evidence(item.campaign)) == [], "not shared before a moderator looked"
    assert list(selectors.evidence_for_filing(item.campaign)) == []

    services.evidence_moderate(
        actor=moderator, item=item, decision="keep", reason="checked, nothing personal"
    )
    item.refresh_from_db()
    assert not item.needs_moderation and item.moderated_by == moderator
    assert list(selectors.pooled_evidence(item.campaign)) == [item]
    event = AuditEvent.objects.get(action="evidence.moderate.keep")
    assert event.actor == moderator and event.reason == "checked, nothing personal"


def test_a_moderator_can_send_an_item_back_or_remove_it(make_item, owner, owner_membership, moderator):
    item = make_item("notes.txt", LONG_PLAIN, approve=True)
    services.evidence_moderate(actor=moderator, item=item, decision="return", reason="the name in line 2")
    item.refresh_from_db()
    assert item.status == EvidenceItem.Status.NEEDS_REVIEW and item.moderation_reasons == ["returned"]
    assert Membership.objects.get(pk=owner_membership.pk).evidence_count == 0
    services.evidence_approve(actor=owner, item=item, share_with_group=True, include_in_filings=False)
    assert list(selectors.evidence_needing_moderation()) == [item], "back in the queue after the owner's fix"
    services.evidence_moderate(actor=moderator, item=item, decision="remove", reason="not evidence")
    item.refresh_from_db()
    assert item.status == EvidenceItem.Status.REJECTED and not item.share_with_group
    with pytest.raises(services.EvidenceError):
        services.evidence_moderate(actor=moderator, item=item, decision="keep", reason="")


def test_a_report_hides_the_item_from_the_group_until_a_moderator_decides(make_item, other_member, moderator):
    item = make_item(approve=True)
    assert report_create(actor=other_member, target=item, reason="phone number visible")
    assert not report_create(actor=other_member, target=item, reason="again"), "one report per member"
    item.refresh_from_db()
    assert item.needs_moderation and item.reports_count == 1 and "reported" in item.moderation_reasons
    assert list(selectors.pooled_evidence(item.campaign)) == []
    assert list(selectors.evidence_needing_moderation()) == [item]
    assert (
        Report.objects.filter(
            content__target_id=str(item.pk), content__target_type="evidence.evidenceitem"
        ).count()
        == 1
    )


def test_opening_an_original_needs_a_reason_and_is_audited(make_item, owner, moderator, other_member):
    item = make_item(approve=True)
    with pytest.raises(services.EvidenceError):
        services.evidence_open_original(actor=moderator, item=item, reason="because")
    token = services.evidence_open_original(
        actor=moderator, item=item, reason="member reported a forged receipt"
    )
    assert services.original_link_item_id(token, user=moderator) == item.pk
    assert services.original_link_item_id(token, user=other_member) is None, (
        "the link is bound to its moderator"
    )
    assert services.original_link_item_id(token + "x", user=moderator) is None
    event = AuditEvent.objects.get(action="evidence.open_original")
    assert event.actor == moderator and event.reason == "member reported a forged receipt"


def test_an_unsure_item_kept_private_is_not_shown_to_moderators(make_item, owner, moderator):
    from complaints.evidence import permissions

    item = make_item("notes.txt", LONG_PLAIN)
    item = services.evidence_approve(actor=owner, item=item, share_with_group=False, include_in_filings=False)
    assert list(selectors.evidence_needing_moderation()) == []
    assert not permissions.can_view_evidence(moderator, item)
    item = services.evidence_approve(actor=owner, item=item, share_with_group=False, include_in_filings=True)
    assert list(selectors.evidence_needing_moderation()) == [item]
    assert permissions.can_view_evidence(moderator, item)


def test_evidence_follows_its_members_when_campaigns_are_merged(
    make_item, campaign, owner, owner_membership, moderator
):
    from complaints.campaigns.services import campaign_merge
    from tests.factories import CampaignFactory, join

    mover = join(campaign, amount="5")
    moved_item = make_item(membership=mover, approve=True)
    own_item = make_item(approve=True)
    target = CampaignFactory(platform=campaign.platform)
    kept = join(target, owner, amount="1")
    campaign_merge(actor=moderator, source=campaign, target=target)
    # The merge service moves the evidence itself; a second run finds nothing left to move.
    assert services.evidence_merge_follow(source=campaign, target=target) == 0
    moved_item.refresh_from_db()
    own_item.refresh_from_db()
    assert moved_item.campaign_id == target.pk and moved_item.membership_id == mover.pk
    assert (own_item.campaign_id, own_item.membership_id) == (target.pk, kept.pk)
    assert Membership.objects.get(pk=kept.pk).evidence_count == 1
    assert Membership.objects.get(pk=owner_membership.pk).evidence_count == 0
    assert set(selectors.pooled_evidence(target)) == {moved_item, own_item}
    assert services.evidence_merge_follow(source=campaign, target=target) == 0
