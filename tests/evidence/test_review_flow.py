# ruff: noqa: F811 - fixtures are imported from tests.evidence.support and named as parameters
"""Redacting by hand without losing work: a drawn box is applied at once and can be undone, bad boxes change
nothing, a confirmed file leads to the next one, and each uploaded file gets its own category."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from complaints.core.models import AuditEvent
from complaints.evidence.models import EvidenceItem
from tests.evidence.support import (  # noqa: F401 - fixtures
    CHAT,
    campaign,
    client,
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
    upload_file,
)

pytestmark = pytest.mark.django_db


def url(name, item, *args):
    return reverse(f"evidence:{name}", args=[item.pk, *args])


def test_a_drawn_box_is_applied_when_sent_and_the_page_offers_to_undo_it(
    client, private_dir, owner_membership, owner
):
    item = picture_item(owner_membership)
    before = item.sha256_redacted
    client.force_login(owner)
    response = client.post(url("box_add", item), {"page": 1, "x0": 10, "y0": 10, "x1": 80, "y1": 50})
    item.refresh_from_db()
    assert len(item.boxes) == 1 and item.sha256_redacted != before, "hidden at once, no second button"
    added = parse_qs(urlsplit(response["Location"]).query)["added"]
    assert added == [item.boxes[0]["id"]]

    page = client.get(response["Location"]).content.decode()
    assert "The area you drew is hidden in the redacted version." in page
    assert url("box_remove", item, item.boxes[0]["id"]) in page and "data-undo-button" in page

    response = client.post(
        url("box_remove", item, item.boxes[0]["id"]), {"page": 1, "undo": "1"}, follow=True
    )
    item.refresh_from_db()
    assert item.boxes == [] and item.sha256_redacted == before
    page = response.content.decode()
    assert "Undone: the area you drew is visible again." in page
    assert "data-undo-button" not in page, "nothing left to undo"


def test_the_undo_offer_is_only_for_a_box_the_owner_drew_and_that_is_still_there(
    client, private_dir, owner_membership, owner
):
    item = picture_item(owner_membership)
    client.force_login(owner)
    page = client.get(url("review", item) + "?added=deadbeef").content.decode()
    assert "data-undo-button" not in page


@pytest.mark.parametrize(
    ("box", "message"),
    [
        ({"page": 1, "x0": 10, "y0": 10, "x1": 900, "y1": 50}, "The box must lie inside the picture."),
        ({"page": 1, "x0": 80, "y0": 10, "x1": 10, "y1": 50}, "The box must lie inside the picture."),
        ({"page": 2, "x0": 10, "y0": 10, "x1": 80, "y1": 50}, "The box must lie inside the picture."),
        ({"page": 1, "x0": 10, "y0": 10, "x1": 11, "y1": 11}, "The box is too small."),
        ({"page": 1, "x0": "-5", "y0": 10, "x1": 80, "y1": 50}, "Draw a box over the part to hide."),
        ({"page": 1, "x0": "left", "y0": 10, "x1": 80, "y1": 50}, "Draw a box over the part to hide."),
        ({"page": 1, "x0": "nan", "y0": 10, "x1": 80, "y1": 50}, "Draw a box over the part to hide."),
        ({"page": 1, "y0": 10, "x1": 80, "y1": 50}, "Draw a box over the part to hide."),
    ],
)
def test_bad_coordinates_get_a_clear_message_and_change_nothing(
    client, private_dir, owner_membership, owner, box, message
):
    item = picture_item(owner_membership)
    before = (item.redacted.name, item.sha256_redacted)
    client.force_login(owner)
    response = client.post(url("box_add", item), box, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "data-undo-button" not in page
    item.refresh_from_db()
    assert item.boxes == [] and (item.redacted.name, item.sha256_redacted) == before
    assert not AuditEvent.objects.filter(action="evidence.box_add").exists()


def test_only_the_owner_may_draw_or_undo_a_box(
    client, private_dir, owner_membership, owner, other_member, organizer, outsider, moderator
):
    item = picture_item(owner_membership)
    box = {"page": 1, "x0": 10, "y0": 10, "x1": 80, "y1": 50}
    for person in (other_member, organizer, outsider, moderator):
        client.force_login(person)
        assert client.post(url("box_add", item), box).status_code == 404, person
        assert client.get(url("review", item)).status_code == 404, person
    client.logout()
    assert client.post(url("box_add", item), box).status_code == 302
    item.refresh_from_db()
    assert item.boxes == []

    client.force_login(owner)
    client.post(url("box_add", item), box)
    item.refresh_from_db()
    box_id = item.boxes[0]["id"]
    for person in (other_member, organizer, outsider, moderator):
        client.force_login(person)
        assert client.post(url("box_remove", item, box_id), {"undo": "1"}).status_code == 404, person
    item.refresh_from_db()
    assert [e["id"] for e in item.boxes] == [box_id]


def test_after_confirming_a_file_the_page_offers_the_next_one_and_the_way_back(
    client, private_dir, owner_membership, owner, campaign
):
    first = picture_item(owner_membership)
    second = picture_item(owner_membership)
    client.force_login(owner)
    page = client.get(url("review", first)).content.decode()
    assert "Review the next file" not in page, "offered once this one is confirmed"

    page = client.post(url("approve", first), {"share_with_group": "on"}, follow=True).content.decode()
    assert "Review the next file" in page and url("review", second) in page
    assert "Back to the campaign" in page and campaign.get_absolute_url() in page

    page = client.post(url("approve", second), {}, follow=True).content.decode()
    assert "No other file in this campaign waits for your review." in page
    assert "Review the next file" not in page and "Back to the campaign" in page


def test_each_uploaded_file_gets_its_own_category_from_its_type(
    client, private_dir, owner, owner_membership, campaign
):
    files = [
        upload_file("bank-statement.pdf", pdf_with_lines(["Amount 35.00 CNY"])),
        upload_file("chat.txt", CHAT),
        upload_file("app.png", plain_png()),
    ]
    client.force_login(owner)
    page = client.get(reverse("evidence:mine", args=[campaign.slug])).content.decode()
    assert "Each file by its type" in page and "You can change it for each file when you review it." in page
    client.post(reverse("evidence:mine", args=[campaign.slug]), {"files": files, "category": ""})
    categories = dict(EvidenceItem.objects.values_list("original_name", "category"))
    assert categories == {"bank-statement.pdf": "receipt", "chat.txt": "chat_log", "app.png": "screenshot"}


def test_a_category_chosen_for_the_upload_applies_to_every_file_and_can_be_changed_per_file(
    client, private_dir, owner, owner_membership, campaign
):
    files = [upload_file("a.png", plain_png()), upload_file("b.png", plain_png(colour="black"))]
    client.force_login(owner)
    client.post(reverse("evidence:mine", args=[campaign.slug]), {"files": files, "category": "receipt"})
    assert set(EvidenceItem.objects.values_list("category", flat=True)) == {"receipt"}
    item = EvidenceItem.objects.get(original_name="b.png")
    client.post(url("details", item), {"category": "screenshot"})
    assert dict(EvidenceItem.objects.values_list("original_name", "category")) == {
        "a.png": "receipt",
        "b.png": "screenshot",
    }


def test_after_a_drag_the_page_opens_at_the_undo_notice_not_above_it(
    client, private_dir, owner_membership, owner
):
    """At 390 px the page jumped to the picture and the notice with its undo button ended up above the screen."""
    item = picture_item(owner_membership)
    client.force_login(owner)
    response = client.post(url("box_add", item), {"page": 1, "x0": 10, "y0": 10, "x1": 80, "y1": 50})
    anchor = urlsplit(response["Location"]).fragment
    page = client.get(response["Location"]).content.decode()
    notice = page[page.index(f'id="{anchor}"') :]
    notice = notice[: notice.index("</div>")]
    assert "The area you drew is hidden in the redacted version." in notice and "data-undo-button" in notice


def test_the_drawing_hint_says_no_direction_and_the_list_says_where_a_box_is_on_a_picture(
    client, private_dir, owner_membership, owner
):
    """The pictures are stacked on a phone, so 'on the left' is wrong there; the Where column was empty."""
    item = picture_item(owner_membership)
    client.force_login(owner)
    client.post(url("box_add", item), {"page": 1, "x0": 10, "y0": 10, "x1": 80, "y1": 50})
    page = client.get(url("review", item)).content.decode()
    assert "on the left" not in page and "Drag over anything personal on your original file" in page
    assert "on the picture, 5% from the left, 8% from the top" in page
    zh = client.get(url("review", item), headers={"Accept-Language": "zh-hans"}).content.decode()
    assert "左侧" not in zh and "在原图上拖动" in zh
