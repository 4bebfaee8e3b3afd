# ruff: noqa: F811 - fixtures are imported from tests.evidence.support and named as parameters
"""Evidence pages and files for each role: the owner, another member, an organizer, an outsider, a moderator
and an anonymous visitor."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.core.models import AuditEvent
from complaints.evidence.models import EvidenceItem
from tests.evidence.support import (  # noqa: F401 - fixtures
    CHAT,
    PHONE,
    campaign,
    client,
    make_item,
    moderator,
    organizer,
    other_member,
    outsider,
    owner,
    owner_membership,
    pdf_with_lines,
    picture_item,
    plain_png,
    private_dir,
    private_files,
    upload_file,
)
from tests.factories import join

pytestmark = pytest.mark.django_db

FILE_VIEWS = ("original", "normalized", "redacted", "thumbnail")


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


def url(name, item, *args):
    return reverse(f"evidence:{name}", args=[item.pk, *args])


@pytest.fixture
def people(owner, other_member, organizer, outsider, moderator):
    return {
        "owner": owner,
        "other member": other_member,
        "organizer": organizer,
        "outsider": outsider,
        "moderator": moderator,
        "anonymous": None,
    }


# --- Upload --------------------------------------------------------------------------------------------------------


def test_the_case_owner_uploads_several_files_and_hears_about_the_rejected_one(
    client, private_dir, owner, owner_membership, campaign, django_capture_on_commit_callbacks
):
    files = [
        upload_file("statement.pdf", pdf_with_lines(["Amount 35.00 CNY"])),
        upload_file("chat.txt", CHAT),
        upload_file("x.svg", b"<svg></svg>"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, owner).post(
            reverse("evidence:mine", args=[campaign.slug]),
            {"files": files, "category": "chat_log"},
            follow=True,
        )
    page = response.content.decode()
    assert "2 files received" in page
    assert "“x.svg” was not accepted: This type of file is not accepted." in page
    assert EvidenceItem.objects.filter(owner=owner).count() == 2
    assert set(EvidenceItem.objects.values_list("category", flat=True)) == {"chat_log"}
    assert len(private_files()) == 2 + 2 * 2 + 1, (
        "originals; normalized and redacted of both; the PDF's thumbnail"
    )


def test_the_upload_script_gets_the_list_back_with_polling_rows(client, private_dir, owner, campaign):
    response = as_user(client, owner).post(
        reverse("evidence:mine", args=[campaign.slug]),
        {"files": [upload_file("chat.txt", CHAT), upload_file("empty.txt", b"")], "category": "other"},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="evidence-section"'), "only the partial"
    assert "“empty.txt” was not accepted: The file is empty." in page
    item = EvidenceItem.objects.get()
    assert f'hx-get="{url("status", item)}"' in page and 'hx-trigger="every 2s"' in page


def test_the_same_files_uploaded_again_are_not_stored_twice_and_the_person_is_told_where_they_are(
    client, private_dir, owner, owner_membership, campaign, other_member
):
    """Two files uploaded twice were accepted again, so the next file waiting for review was a copy."""
    mine = reverse("evidence:mine", args=[campaign.slug])
    picture = plain_png(colour="navy")
    as_user(client, owner).post(
        mine, {"files": [upload_file("chat.txt", CHAT), upload_file("a.png", picture)]}
    )
    first = {item.original_name: item for item in EvidenceItem.objects.filter(owner=owner)}
    stored = len(private_files())
    new = upload_file("statement.pdf", pdf_with_lines(["Amount 35.00 CNY"]))
    again = [upload_file("chat-copy.txt", CHAT), upload_file("a.png", picture), new]
    page = client.post(mine, {"files": again}, follow=True).content.decode()
    assert "1 file received" in page, "the new file of the same upload still goes through"
    for name, original in (("chat-copy.txt", first["chat.txt"]), ("a.png", first["a.png"])):
        assert f"“{name}”: you already uploaded this file (uploaded on " in page
        assert f'href="{url("review", original)}"' in page
    assert EvidenceItem.objects.filter(owner=owner).count() == 3
    assert len(private_files()) == stored + 1, "no copy of a duplicate is stored"
    assert AuditEvent.objects.filter(action="evidence.upload").count() == 3

    response = client.post(
        mine, {"files": [upload_file("a.png", picture)]}, headers={"X-Requested-With": "XMLHttpRequest"}
    )
    assert "you already uploaded this file" in response.content.decode(), "the upload script hears it too"
    assert EvidenceItem.objects.filter(owner=owner).count() == 3

    client.force_login(other_member)
    client.post(mine, {"files": [upload_file("a.png", picture)]})
    assert EvidenceItem.objects.filter(owner=other_member).count() == 1, "someone else's copy is not theirs"


def test_the_status_row_stops_polling_once_processing_is_done(client, make_item, owner):
    item = make_item()
    page = as_user(client, owner).get(url("status", item)).content.decode()
    assert "hx-trigger" not in page and url("review", item) in page
    EvidenceItem.objects.filter(pk=item.pk).update(status="processing", stage="extract")
    page = client.get(url("status", item)).content.decode()
    assert 'hx-trigger="every 2s"' in page and "<progress" in page


def test_outsiders_and_former_members_cannot_upload(
    client, private_dir, outsider, campaign, owner, owner_membership
):
    data = {"files": [upload_file("chat.txt", CHAT)], "category": "other"}
    assert (
        as_user(client, outsider).post(reverse("evidence:mine", args=[campaign.slug]), data).status_code
        == 404
    )
    owner_membership.status = "left"
    owner_membership.save()
    data = {"files": [upload_file("chat.txt", CHAT)], "category": "other"}
    assert (
        as_user(client, owner).post(reverse("evidence:mine", args=[campaign.slug]), data).status_code == 403
    )
    assert not EvidenceItem.objects.exists() and private_files() == []


def test_my_evidence_page_lists_only_my_items(client, make_item, owner, other_member, campaign):
    mine = make_item()
    theirs = make_item("theirs.txt", membership=join(campaign, amount="1"))
    page = as_user(client, owner).get(reverse("evidence:mine", args=[campaign.slug])).content.decode()
    assert mine.original_name in page and url("review", theirs) not in page
    assert 'type="file"' in page and "multiple" in page and "evidence-upload.js" in page


# --- Who sees what ---------------------------------------------------------------------------------------------------


def test_unapproved_evidence_is_invisible_to_everyone_but_the_owner(
    client, private_dir, owner_membership, people
):
    item = picture_item(owner_membership)
    for role, user in people.items():
        for name in (*FILE_VIEWS, "review", "detail", "status"):
            response = as_user(client, user).get(url(name, item))
            if role == "owner":
                assert response.status_code in (200, 302), (role, name)
            elif role == "anonymous":
                assert response.status_code == 302 and "/accounts/login/" in response["Location"], (
                    role,
                    name,
                )
            else:
                assert response.status_code == 404, (role, name)
        client.logout()


EXPECTED_SHARED = {
    # view: owner, other member, organizer, outsider, moderator
    "original": (200, 404, 404, 404, 404),
    "normalized": (200, 404, 404, 404, 404),
    "redacted": (200, 200, 200, 404, 200),
    "thumbnail": (200, 200, 200, 404, 200),
    "review": (200, 403, 403, 404, 403),
    "detail": (302, 200, 200, 404, 200),
}


def test_approved_shared_evidence_per_role(client, private_dir, owner_membership, people):
    item = picture_item(owner_membership, approve=True)
    for view, codes in EXPECTED_SHARED.items():
        for (role, user), code in zip(people.items(), (*codes, 302), strict=True):
            response = as_user(client, user).get(url(view, item))
            assert response.status_code == code, (view, role)
            client.logout()


def test_approved_but_private_evidence_stays_the_owners_alone(client, private_dir, owner_membership, people):
    item = picture_item(owner_membership, approve=True, share=False)
    for role, user in people.items():
        if role in ("owner", "anonymous"):
            continue
        for name in (*FILE_VIEWS, "detail"):
            assert as_user(client, user).get(url(name, item)).status_code == 404, (role, name)
        client.logout()


def test_only_the_owner_may_approve_reject_or_delete(client, private_dir, owner_membership, people):
    item = picture_item(owner_membership, approve=True)
    expected = {"other member": 403, "organizer": 403, "outsider": 404, "moderator": 403, "anonymous": 302}
    for role, code in expected.items():
        for name in ("approve", "reject", "delete", "box_add"):
            response = as_user(client, people[role]).post(url(name, item), {"share_with_group": "on"})
            assert response.status_code == code, (role, name)
        client.logout()
    item.refresh_from_db()
    assert item.status == "approved"
    response = as_user(client, people["owner"]).post(url("approve", item), {})
    item.refresh_from_db()
    assert response.status_code == 302 and not item.share_with_group


def test_guessed_ids_are_not_found(client, owner, other_member):
    for name in (*FILE_VIEWS, "review", "detail"):
        assert (
            as_user(client, other_member).get(reverse(f"evidence:{name}", args=[424242])).status_code == 404
        )


def test_approving_with_sharing_makes_it_visible_to_another_member(
    client, private_dir, owner, owner_membership, other_member
):
    item = picture_item(owner_membership)
    assert as_user(client, other_member).get(url("redacted", item)).status_code == 404
    as_user(client, owner).post(url("approve", item), {"share_with_group": "on"})
    assert as_user(client, other_member).get(url("redacted", item)).status_code == 200
    as_user(client, owner).post(url("approve", item), {})  # back to private
    assert as_user(client, other_member).get(url("redacted", item)).status_code == 404


def test_a_member_who_left_stops_sharing(client, private_dir, owner_membership, other_member):
    item = picture_item(owner_membership, approve=True)
    owner_membership.status = "left"
    owner_membership.save()
    assert as_user(client, other_member).get(url("redacted", item)).status_code == 404


# --- File responses --------------------------------------------------------------------------------------------------


def test_the_original_is_an_attachment_with_nosniff_and_a_sandbox(
    client, private_dir, owner_membership, owner
):
    item = picture_item(owner_membership)
    response = as_user(client, owner).get(url("original", item))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E6%94%B6%E6%8D%AE%20%E5%BC%A0%E4%BC%9F.png" in response["Content-Disposition"]
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_review_pictures_are_inline_and_others_get_a_neutral_file_name(
    client, private_dir, owner_membership, owner, other_member
):
    item = picture_item(owner_membership, approve=True)
    for name in ("normalized", "redacted", "thumbnail"):
        response = as_user(client, owner).get(url(name, item))
        assert response["Content-Disposition"].startswith("inline"), name
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    response = as_user(client, other_member).get(url("redacted", item) + "?download=1")
    assert response["Content-Disposition"] == f'attachment; filename="evidence-{item.pk}.png"'
    assert "张伟" not in str(response.headers), "the owner's file name is not shown to others"


def test_text_and_pdf_files_are_always_downloaded(client, make_item, owner):
    item = make_item(approve=True)
    response = as_user(client, owner).get(url("redacted", item))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert PHONE not in b"".join(response.streaming_content).decode()


# --- Pages -----------------------------------------------------------------------------------------------------------


def test_review_page_of_a_chat_log_shows_both_versions_and_what_was_found(client, make_item, owner):
    item = make_item()
    page = as_user(client, owner).get(url("review", item)).content.decode()
    assert "Phone numbers: <strong>1</strong>" in page
    assert PHONE in page and "[手机号]" in page, "the owner sees their own file beside the redacted one"
    assert url("text_mark", item) in page and "evidence-review.js" in page
    response = client.post(url("text_mark", item), {"text": "客服"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert any(entry["source"] == "manual" for entry in item.boxes)


def test_review_page_of_a_picture_has_a_drawing_surface(client, private_dir, owner_membership, owner):
    item = picture_item(owner_membership)
    page = as_user(client, owner).get(url("review", item)).content.decode()
    assert 'data-canvas data-width="200" data-height="120"' in page
    assert url("normalized", item) in page and url("redacted", item) in page
    response = client.post(url("box_add", item), {"page": 1, "x0": 10, "y0": 10, "x1": 80, "y1": 50})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.boxes[0]["box"] == [10.0, 10.0, 80.0, 50.0] and item.boxes[0]["source"] == "manual"
    page = client.get(url("review", item)).content.decode()
    assert 'data-box="10.0,10.0,80.0,50.0"' in page
    client.post(url("box_remove", item, item.boxes[0]["id"]))
    item.refresh_from_db()
    assert item.boxes == []


def test_boxes_outside_the_picture_are_refused_with_a_message(client, private_dir, owner_membership, owner):
    item = picture_item(owner_membership)
    response = as_user(client, owner).post(
        url("box_add", item), {"page": 1, "x0": 10, "y0": 10, "x1": 900, "y1": 50}, follow=True
    )
    assert "The box must lie inside the picture." in response.content.decode()
    item.refresh_from_db()
    assert item.boxes == []


def test_an_upload_dated_in_the_future_is_refused_with_a_message(
    client, private_dir, owner, owner_membership, campaign
):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = as_user(client, owner).post(
        reverse("evidence:mine", args=[campaign.slug]),
        {"files": [upload_file("chat.txt", CHAT)], "category": "chat_log", "document_date": tomorrow},
    )
    assert "The date of the document cannot be later than today." in response.content.decode()
    assert not EvidenceItem.objects.filter(owner=owner).exists()


def test_a_document_date_in_the_future_is_refused_and_the_old_date_kept(client, make_item, owner):
    item = make_item()
    EvidenceItem.objects.filter(pk=item.pk).update(document_date=date(2026, 1, 5))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = as_user(client, owner).post(
        url("details", item), {"category": item.category, "document_date": tomorrow}, follow=True
    )
    assert "The date of the document cannot be later than today." in response.content.decode()
    item.refresh_from_db()
    assert item.document_date == date(2026, 1, 5)


def test_a_pdf_is_reviewed_page_by_page_and_a_drawn_box_removes_the_text(client, make_item, owner):
    import pymupdf

    from complaints.evidence.files import read_file

    item = make_item("statement.pdf", pdf_with_lines(["Order ref BLUEBIRD", "Amount 35.00 CNY"]))
    page = as_user(client, owner).get(url("review", item)).content.decode()
    assert url("page", item, "normalized", 1) in page and url("page", item, "redacted", 1) in page
    response = client.get(url("page", item, "normalized", 1))
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert client.get(url("page", item, "normalized", 2)).status_code == 404
    with pymupdf.open(stream=read_file(item.normalized.name), filetype="pdf") as doc:
        hit = doc[0].search_for("BLUEBIRD")[0]
        zoom = min(2.0, 1200 / doc[0].rect.width)
    box = {"x0": hit.x0 * zoom - 2, "y0": hit.y0 * zoom - 2, "x1": hit.x1 * zoom + 2, "y1": hit.y1 * zoom + 2}
    assert client.post(url("box_add", item), {"page": 1, **box}).status_code == 302
    item.refresh_from_db()
    with pymupdf.open(stream=read_file(item.redacted.name), filetype="pdf") as doc:
        text = doc[0].get_text()
    assert "BLUEBIRD" not in text and "35.00" in text


def test_another_member_sees_the_shared_item_and_can_report_it(client, make_item, other_member):
    item = make_item(approve=True)
    page = as_user(client, other_member).get(url("detail", item)).content.decode()
    assert "[手机号]" in page and PHONE not in page and "chat.txt" not in page
    assert "Member #2" in page
    response = client.post(url("report", item), {"reason": "a phone number is readable"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.needs_moderation
    assert client.get(url("detail", item)).status_code == 404, "hidden from the group until a moderator looks"


def test_pooled_index_is_for_members_and_shows_pseudonyms(
    client, private_dir, owner_membership, outsider, campaign
):
    picture_item(owner_membership, approve=True)
    picture_item(owner_membership, approve=True, share=False)
    picture_item(owner_membership)
    member = join(campaign, amount="9").user
    page = as_user(client, member).get(reverse("evidence:index", args=[campaign.slug])).content.decode()
    assert "1 item" in page and "Member #2" in page and "张伟" not in page
    assert as_user(client, outsider).get(reverse("evidence:index", args=[campaign.slug])).status_code == 403


def _shared_rows(campaign, count):
    memberships = [join(campaign, amount="10") for _ in range(3)]
    EvidenceItem.objects.bulk_create(
        [
            EvidenceItem(
                owner_id=memberships[n % 3].user_id,
                membership=memberships[n % 3],
                campaign=campaign,
                original_name="x.png",
                kind="png",
                size=10,
                sha256_original="0" * 64,
                sha256_redacted="1" * 64,
                status="approved",
                share_with_group=True,
                thumbnail="evidence/none.jpg",
                approved_at="2026-01-01T00:00Z",
            )
            for n in range(count)
        ]
    )


def test_pooled_index_runs_the_same_queries_for_few_and_many_items(
    client, campaign, other_member, django_assert_max_num_queries
):
    as_user(client, other_member)
    index = reverse("evidence:index", args=[campaign.slug])
    _shared_rows(campaign, 2)
    client.get(index)  # warm the session
    with django_assert_max_num_queries(8) as few:
        assert client.get(index).status_code == 200
    _shared_rows(campaign, 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(index).content.decode()
    assert "62 items" in page and page.count('class="evidence-card"') == 24


# --- Moderation --------------------------------------------------------------------------------------------------------


def test_moderators_check_unsure_items_and_open_an_original_only_with_a_reason(
    client, make_item, owner, moderator
):
    from tests.evidence.support import LONG_PLAIN

    item = make_item("notes.txt", LONG_PLAIN, approve=True)
    as_user(client, moderator)
    queue = client.get(reverse("evidence:moderation_queue")).content.decode()
    assert url("moderate", item) in queue and "notes.txt" not in queue
    assert client.get(url("moderate", item)).status_code == 200
    assert client.get(url("original", item)).status_code == 404, "no plain download for moderators"

    response = client.post(url("moderate_original", item), {"reason": "short"})
    assert (
        response.status_code == 302
        and not AuditEvent.objects.filter(action="evidence.open_original").exists()
    )
    response = client.post(url("moderate_original", item), {"reason": "the owner disputes the redaction"})
    link = response["Location"]
    assert link.startswith("/evidence/original/")
    download = client.get(link)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert AuditEvent.objects.get(action="evidence.open_original").actor == moderator
    client.logout()
    assert as_user(client, owner).get(link).status_code == 404, "the link is the moderator's alone"

    as_user(client, moderator).post(url("moderate_decide", item), {"decision": "keep", "reason": "fine"})
    item.refresh_from_db()
    assert not item.needs_moderation


def test_moderation_pages_do_not_exist_for_others(client, make_item, owner, other_member):
    item = make_item(approve=True)
    for user in (owner, other_member):
        as_user(client, user)
        assert client.get(reverse("evidence:moderation_queue")).status_code == 404
        assert client.get(url("moderate", item)).status_code == 404
        assert (
            client.post(url("moderate_original", item), {"reason": "I want to see it please"}).status_code
            == 404
        )
        client.logout()
    assert not AuditEvent.objects.filter(action="evidence.open_original").exists()


def test_the_moderation_index_lists_the_evidence_queue(client, moderator):
    page = as_user(client, moderator).get(reverse("moderation:index")).content.decode()
    assert reverse("evidence:moderation_queue") in page


def test_the_case_page_leads_to_my_evidence_and_the_campaign_page_shows_the_pooled_evidence(
    client, private_dir, owner, owner_membership, campaign, outsider
):
    item = picture_item(owner_membership, approve=True)
    page = as_user(client, owner).get(reverse("campaigns:case", args=[campaign.slug])).content.decode()
    assert reverse("evidence:mine", args=[campaign.slug]) in page
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert url("thumbnail", item) in page and reverse("evidence:index", args=[campaign.slug]) in page
    client.logout()
    page = as_user(client, outsider).get(campaign.get_absolute_url()).content.decode()
    assert url("thumbnail", item) not in page
