"""Order numbers are kept only as keyed hashes; duplicates reach moderators; receipts are matched from their
text; leaving and erasure take the hashes away."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.accounts import services as account_services
from complaints.accounts.models import User
from complaints.campaigns import services as campaign_services
from complaints.core.models import AuditEvent
from complaints.notifications.models import Broadcast
from complaints.proofs import hooks, services
from complaints.proofs.models import CampaignKey, Claim, DuplicateClaim
from complaints.proofs.selectors import open_duplicates, proofs_for_member
from tests.evidence.support import png_with_text, upload, upload_file
from tests.evidence.support import private_dir as private_dir  # a fixture: each test's files apart
from tests.factories import UserFactory, join
from tests.privacy import database_hits
from tests.proofs.conftest import platform_hash, type_references

pytestmark = pytest.mark.django_db


def test_no_order_number_is_stored_in_clear_outside_the_members_own_case(members, campaign):
    numbers = [f"TB-2024-0612-88{n}1" for n in range(6)] + [f"TB2024061288{n}1" for n in range(6)]
    hits = database_hits(numbers)
    # Only the private case field the member typed into (campaigns' own, erased with the account).
    assert {hit.split(" contains ")[0] for hit in hits} == {"campaigns.Case.references"}, hits
    assert Claim.objects.filter(campaign=campaign).count() == 6
    secret = CampaignKey.objects.get(campaign=campaign).secret
    assert set(Claim.objects.values_list("digest", flat=True)) == {
        platform_hash(secret, f"TB-2024-0612-88{n}1") for n in range(6)
    }
    # The audit log says how many numbers changed, never which.
    events = AuditEvent.objects.filter(action="proofs.claims")
    assert events.count() == 6 and all(e.data == {"added": 1, "removed": 0} for e in events)


def test_each_campaign_has_its_own_secret_so_the_same_number_hashes_differently(members, campaign):
    from tests.factories import CampaignFactory

    other = CampaignFactory()
    member = join(other)
    type_references(member, "TB-2024-0612-8801")
    digests = Claim.objects.filter(digest__in=Claim.objects.filter(campaign=other).values("digest"))
    assert digests.count() == 1  # only the other campaign's own claim


def test_editing_the_case_replaces_the_hashes(members):
    member = members[0]
    before = set(Claim.objects.filter(membership=member).values_list("digest", flat=True))
    type_references(member, "4200001234567\nTB-2024-0612-8801")
    after = set(Claim.objects.filter(membership=member).values_list("digest", flat=True))
    assert len(after) == 2 and before < after
    type_references(member, "")
    assert not Claim.objects.filter(membership=member).exists()


def test_two_members_claiming_one_order_are_flagged_to_moderators(members, campaign, moderator, client):
    with_number = members[0]
    copycat = members[1]
    type_references(copycat, "tb 2024 0612 8801")  # the same number, typed differently
    flag = DuplicateClaim.objects.get(campaign=campaign)
    assert list(open_duplicates()) == [flag]
    assert Broadcast.objects.filter(kind="moderation_waiting").exists()
    client.force_login(moderator)
    page = client.get("/proofs/duplicates/").content.decode()
    assert with_number.pseudonym in page and copycat.pseudonym in page and flag.digest[:8] in page
    assert flag.digest not in page and "8801" not in page
    # The moderator writes what they found; the flag leaves the queue.
    response = client.post(f"/proofs/duplicates/{flag.pk}/", {"note": "两人同一家庭，共用一个订单"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == DuplicateClaim.Status.REVIEWED and flag.reviewed_by == moderator
    assert AuditEvent.objects.filter(action="proofs.duplicate_reviewed", actor=moderator).exists()


def test_a_flag_closes_itself_when_the_number_is_no_longer_claimed_twice(members, campaign):
    type_references(members[1], "TB-2024-0612-8801")
    type_references(members[1], "TB-2024-0612-8811")
    assert DuplicateClaim.objects.get().status == DuplicateClaim.Status.GONE
    assert not open_duplicates().exists()


def test_members_and_outsiders_cannot_see_the_duplicates(members, campaign, client, organizer):
    type_references(members[1], "TB-2024-0612-8801")
    flag = DuplicateClaim.objects.get()
    for user in (members[0].user, organizer.user, UserFactory()):
        client.force_login(user)
        assert client.get("/proofs/duplicates/").status_code == 403
        assert client.get(f"/proofs/duplicates/{flag.pk}/").status_code == 404


def test_a_receipt_whose_ocr_text_holds_the_number_matches(
    members, django_capture_on_commit_callbacks, private_dir, client
):
    member = members[2]
    picture = png_with_text(["Order TB-2024-0612-8821", "Paid 100.00 CNY"])
    with django_capture_on_commit_callbacks(execute=True):
        outcome = upload(member, [upload_file("receipt.png", picture)])
    item = outcome.items[0]
    claim = Claim.objects.get(membership=member)
    assert claim.receipt_item_id == item.pk
    rows = proofs_for_member(member)
    assert [(r.masked, r.receipt_item_id) for r in rows] == [("TB••••••••8821", item.pk)]
    client.force_login(member.user)
    page = client.get(f"/campaigns/{member.campaign.slug}/case/").content.decode()
    assert "TB••••••••8821" in page and "receipt.png" in page
    # Someone else's receipt never marks this member's number.
    other = members[3]
    with django_capture_on_commit_callbacks(execute=True):
        upload(other, [upload_file("other.png", png_with_text(["Order TB-2024-0612-8821"]))])
    assert Claim.objects.get(membership=other).receipt_item_id is None


def test_leaving_removes_the_members_hashes_and_their_verification(members, campaign, submission):
    secret = services.campaign_key(campaign).secret
    services.proofs_verify_upload(
        campaign=campaign,
        submission_id=submission.pk,
        hashes=[platform_hash(secret, f"TB20240612-88{n}1") for n in range(6)],
    )
    assert CampaignKey.objects.get(campaign=campaign).verified_members == 6
    campaign_services.membership_leave(actor=members[0].user, membership=members[0])
    assert not Claim.objects.filter(membership=members[0]).exists()
    assert CampaignKey.objects.get(campaign=campaign).verified_members == 5


def test_erasure_removes_the_persons_hashes_and_the_export_holds_none(members, campaign):
    member = members[4]
    digest = Claim.objects.get(membership=member).digest
    exported = hooks.export(member.user)
    assert len(exported) == 1 and digest not in str(exported)
    user = member.user
    account_services.account_deletion_request(actor=user, user=user)
    User.objects.filter(pk=user.pk).update(erase_after=timezone.now() - timedelta(seconds=1))
    assert account_services.account_erase(user_id=user.pk)
    assert not Claim.objects.filter(digest=digest).exists()
    assert Claim.objects.filter(campaign=campaign).count() == 5


def test_a_merge_hashes_the_moved_numbers_under_the_target_key_and_finds_duplicates(
    members, campaign, moderator
):
    from complaints.campaigns.services import campaign_merge
    from tests.factories import CampaignFactory

    source = CampaignFactory(platform=campaign.platform)
    newcomer = join(source)
    type_references(newcomer, "TB-2024-0612-8801")  # members[0]'s number, in the other campaign
    assert not DuplicateClaim.objects.exists()
    campaign_merge(actor=moderator, source=source, target=campaign, reason="duplicate campaign")
    assert not Claim.objects.filter(campaign=source).exists()
    moved = Claim.objects.get(membership=newcomer)
    secret = CampaignKey.objects.get(campaign=campaign).secret
    assert moved.campaign_id == campaign.pk and moved.digest == platform_hash(secret, "TB20240612-8801")
    assert DuplicateClaim.objects.get().campaign_id == campaign.pk


def test_a_number_typed_after_its_receipt_was_uploaded_is_found_by_reading_the_receipt_again(
    members, django_capture_on_commit_callbacks, private_dir
):
    member = members[5]
    with django_capture_on_commit_callbacks(execute=True):
        item = upload(member, [upload_file("later.png", png_with_text(["Order TB-2024-0612-7777"]))]).items[0]
    assert not Claim.objects.filter(membership=member, receipt_item__isnull=False).exists()
    with django_capture_on_commit_callbacks(execute=True):
        type_references(member, "TB-2024-0612-8851\nTB-2024-0612-7777")
    secret = CampaignKey.objects.get(campaign=member.campaign).secret
    later = Claim.objects.get(membership=member, digest=platform_hash(secret, "TB-2024-0612-7777"))
    assert later.receipt_item_id == item.pk
    assert (
        Claim.objects.get(membership=member, digest=platform_hash(secret, "TB-2024-0612-8851")).receipt_item
        is None
    )


def test_a_second_decision_on_a_reviewed_flag_changes_nothing(members, campaign, moderator, client):
    type_references(members[1], "TB-2024-0612-8801")
    flag = DuplicateClaim.objects.get()
    client.force_login(moderator)
    assert client.post(f"/proofs/duplicates/{flag.pk}/", {"note": "同一家庭"}).status_code == 302
    again = client.post(f"/proofs/duplicates/{flag.pk}/", {"note": "改主意了"})
    assert again.status_code == 200
    flag.refresh_from_db()
    assert flag.note == "同一家庭"
    assert client.post(f"/proofs/duplicates/{flag.pk}/", {"note": ""}).status_code == 200
