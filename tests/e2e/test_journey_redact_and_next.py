"""J: a member with two anonymized screenshots follows "My campaigns" to what to do next: the dashboard's one
button leads to the first file waiting for review; a box drawn on it is hidden as soon as the drag ends, is
undone and drawn again; confirming the file offers the next one, and after the last one the way back to the
campaign; the dashboard then points at the next gap in the case."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import EVIDENCE_DIR, LANGUAGES, PASSWORD, VIEWPORTS

pytestmark = pytest.mark.e2e
FILES = [EVIDENCE_DIR / "screenshots" / "receipt-11-4.png", EVIDENCE_DIR / "screenshots" / "chat-11-3.png"]
# Two files as the anonymizer leaves them (the journey is about the review, not the OCR).
SEED = """
import hashlib, io, json
from datetime import date
from decimal import Decimal
from PIL import Image
from allauth.account.models import EmailAddress
from complaints.accounts.models import User
from complaints.campaigns.models import Campaign
from complaints.campaigns.services import CaseFacts, campaign_join, task_complete
from complaints.evidence.files import store
from complaints.evidence.models import EvidenceItem
from complaints.evidence.pipeline import Kind
from complaints.evidence.rendering import thumbnail

email = "{email}"
user = User.objects.create_user(email=email, password="{password}", preferred_language="{language}")
EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
campaign = Campaign.objects.filter(status="open").order_by("id").first()
membership, _ = campaign_join(
    actor=user, campaign=campaign, facts=CaseFacts(amount=Decimal("368"), incident_date=date(2026, 3, 2))
)
for task in campaign.tasks.all():  # what the organizers asked before is done; the journey is the evidence
    task_complete(actor=user, task=task, membership=membership)
items = []
for path in {files!r}:
    data = open(path, "rb").read()
    width, height = Image.open(io.BytesIO(data)).size
    digest = hashlib.sha256(data).hexdigest()
    items.append(EvidenceItem.objects.create(
        owner=user, membership=membership, campaign=campaign, original_name=path.rsplit("/", 1)[-1], kind="png",
        category="screenshot", size=len(data), sha256_original=digest, sha256_redacted=digest, width=width,
        height=height, status="needs_review", original=store(data, "png"), normalized=store(data, "png"),
        redacted=store(data, "png"), thumbnail=store(thumbnail(data, Kind.PNG), "jpg"),
    ).pk)
print(json.dumps({{"slug": campaign.slug, "items": items}}))
"""


def drag(page, box_fraction: tuple[float, float, float, float]) -> None:
    canvas = page.locator("[data-canvas] img").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x0, y0, x1, y1 = box_fraction
    page.mouse.move(box["x"] + box["width"] * x0, box["y"] + box["height"] * y0)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * x1, box["y"] + box["height"] * y1, steps=8)
    page.mouse.up()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_follow_the_next_action_to_redact_undo_confirm_and_move_on(journey, stack, language, viewport):
    email = f"redactor-{language}-{viewport}@example.org"
    seed = json.loads(
        stack.shell(
            SEED.format(email=email, password=PASSWORD, language=language, files=[str(f) for f in FILES])
        ).splitlines()[-1]
    )
    first, second = seed["items"]
    j = journey("redact-next", language, viewport)
    page = j.page
    j.log_in(email)

    # The dashboard says what waits and offers one next step.
    j.go("/dashboard/")
    card = page.locator(f"article[data-campaign='{seed['slug']}']")
    assert j.t("2 个文件等你审阅", "2 files wait for your review") in card.inner_text()
    assert j.t("我的案件：已完成 2 / 4 项", "My case: 2 of 4 done") in card.inner_text()
    j.fits_the_screen()
    j.shot("dashboard-evidence-waiting")
    card.locator("[data-next-action]").click()
    page.wait_for_url(f"**/evidence/{first}/review/")

    # Draw: the box is applied when the drag ends, with an undo button.
    assert page.locator("tr[data-entry]").count() == 0
    drag(page, (0.2, 0.3, 0.6, 0.4))
    page.locator("[data-undo-button]").wait_for()
    expect(page.locator("[data-undo-button]")).to_be_in_viewport()  # the page opens at the undo notice
    assert page.locator("tr[data-entry]").count() == 1
    j.fits_the_screen()
    j.shot("box-applied")

    # Undo, then draw again.
    page.locator("[data-undo-button]").click()
    page.wait_for_load_state()
    assert page.locator("tr[data-entry]").count() == 0 and page.locator("[data-undo-button]").count() == 0
    j.shot("undone")
    drag(page, (0.1, 0.5, 0.5, 0.6))
    page.locator("[data-undo-button]").wait_for()
    assert page.locator("tr[data-entry]").count() == 1
    j.shot("redrawn")

    # Confirm: the next file waiting is offered.
    approve = page.locator("form[action$='/review/approve/']")
    approve.locator("input[name=include_in_filings]").check()
    approve.locator("button[type=submit]").click()
    page.wait_for_load_state()
    offer = page.locator("[data-review-next]")
    assert FILES[1].name in offer.inner_text()
    j.fits_the_screen()
    j.shot("next-file-offered")
    offer.get_by_role("button", name=j.t("审阅下一个文件", "Review the next file")).click()
    page.wait_for_url(f"**/evidence/{second}/review/")
    page.locator("form[action$='/review/approve/'] button[type=submit]").click()
    page.wait_for_load_state()
    offer = page.locator("[data-review-next]")
    assert (
        j.t("没有其他文件等你审阅", "No other file in this campaign waits for your review")
        in offer.inner_text()
    )
    j.shot("last-file-confirmed")
    offer.get_by_role("button", name=j.t("返回集体投诉", "Back to the campaign")).click()
    page.wait_for_url(f"**/campaigns/{seed['slug']}/")

    # Back on the dashboard, the next step is the gap left in the case.
    j.go("/dashboard/")
    card = page.locator(f"article[data-campaign='{seed['slug']}']")
    assert "data-next-action" in card.inner_html() and "waits for your review" not in card.inner_text()
    assert j.t("我的案件：已完成 3 / 4 项", "My case: 3 of 4 done") in card.inner_text()
    j.fits_the_screen()
    j.shot("dashboard-next-step")
    next_action = card.locator("[data-next-action]")
    assert next_action.inner_text().strip() == j.t(
        "决定你的案件是否纳入投诉文书", "Decide whether your case goes into filings"
    )
    next_action.click()
    page.wait_for_url(f"**/campaigns/{seed['slug']}/case/")
    j.shot("case-page")
    assert j.console_errors == [], j.console_errors


TEXT_SEED = """
import hashlib, json
from allauth.account.models import EmailAddress
from complaints.accounts.models import User
from complaints.campaigns.models import Campaign
from complaints.campaigns.services import CaseFacts, campaign_join
from complaints.evidence.files import store
from complaints.evidence.models import EvidenceItem

email = "{email}"
user = User.objects.create_user(email=email, password="{password}", preferred_language="{language}")
EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
campaign = Campaign.objects.filter(status="open").order_by("id").first()
membership, _ = campaign_join(actor=user, campaign=campaign, facts=CaseFacts())
data = "客服：请提供您的订单号\\n我：HD2026030200418，充值 368 元没到账\\n".encode()
digest = hashlib.sha256(data).hexdigest()
item = EvidenceItem.objects.create(
    owner=user, membership=membership, campaign=campaign, original_name="chat.txt", kind="text",
    category="chat_log", size=len(data), sha256_original=digest, sha256_redacted=digest, status="needs_review",
    original=store(data, "txt"), normalized=store(data, "txt"), redacted=store(data, "txt"),
)
print(json.dumps({{"item": item.pk}}))
"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_marked_text_not_yet_hidden_is_announced_and_leaving_asks_first(journey, stack, language):
    email = f"marker-{language}@example.org"
    seed = json.loads(
        stack.shell(TEXT_SEED.format(email=email, password=PASSWORD, language=language)).splitlines()[-1]
    )
    j = journey("mark-text", language, "phone")
    page = j.page
    j.log_in(email)
    j.go(f"/evidence/{seed['item']}/review/")
    note = page.locator("[data-pending-note]")
    assert note.is_hidden()
    page.locator("input[name=text]").fill("HD2026030200418")
    note.wait_for()
    j.fits_the_screen()
    j.shot("marked-not-yet-hidden")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.locator("a", has_text=j.t("我的证据", "My evidence")).first.click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"] and f"/evidence/{seed['item']}/review/" in page.url
    page.locator("form[data-mark-form] button[type=submit]").click()
    page.wait_for_load_state()
    assert (
        page.locator("tr[data-entry]").count() == 1
        and "HD2026030200418" not in page.locator("pre.evidence-text").nth(1).inner_text()
    )
    j.shot("text-hidden")
    assert j.console_errors == [], j.console_errors
