"""J1: a newcomer signs up, describes what happened, joins the matching campaign, adds the case, uploads a
screenshot and a PDF, watches them being anonymized, hides one more area by dragging (applied when the drag ends), approves and consents."""

from __future__ import annotations

import itertools
import re

import pytest

from tests.e2e.conftest import EVIDENCE_DIR, LANGUAGES, VIEWPORTS

pytestmark = pytest.mark.e2e
_counter = itertools.count()
SCREENSHOT = EVIDENCE_DIR / "screenshots" / "receipt-11-4.png"
PDF = EVIDENCE_DIR / "pdfs" / "statement-21-0.pdf"
# The demo campaign as each language reads it (its organizer translated it).
CAMPAIGN = {"zh-hans": "好多商城充值未到账", "en": "Haoduo Mall top-ups never credited"}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_newcomer_joins_uploads_reviews_and_consents(journey, stack, language, viewport):
    j = journey("newcomer", language, viewport)
    page = j.page
    j.sign_up(f"joiner{next(_counter)}-{language}-{viewport}@example.org")

    # What happened? Platform, details, own words; then the matching campaign is offered.
    j.go("/what-happened/")
    page.locator("input[name=platform_query]").press_sequentially("好多", delay=40)
    page.locator("#platform-options button[name=platform]").first.wait_for()
    j.shot("intake-platform")
    page.locator("#platform-options button[name=platform]", has_text="好多商城").first.click()
    page.locator("input[name=category][value=not_credited]").wait_for()
    page.locator("input[name=category][value=not_credited]").check()
    page.locator("input[name=amount]").fill("368.00")
    page.locator("input[name=incident_date]").fill("2026-03-02")
    j.shot("intake-details")
    page.locator("#intake-step button[type=submit]").click()
    page.locator("textarea[name=description]").wait_for()
    page.locator("textarea[name=description]").fill(
        j.t("充值368元，银行卡已扣款但余额没到账，客服说是网络问题。", "I topped up 368 yuan; my card was charged but "
            "the balance never arrived. Support blamed my network.")
    )  # fmt: skip
    page.locator("#intake-step button[type=submit]").click()
    offered = page.locator("article.campaign-card.match", has_text=CAMPAIGN[language]).first
    offered.wait_for()
    j.fits_the_screen()
    j.shot("intake-matches")

    # Join the campaign that was offered.
    offered.get_by_role("button", name=j.t("加入这个维权", "Join this campaign")).or_(
        offered.locator("a[role=button]")
    ).first.click()
    page.wait_for_url("**/join/")
    page.locator("input[name=share_with_group]").check()
    j.shot("join-form")
    j.submit("main form")
    assert "/join/" not in page.url, page.url

    # My case: the facts.
    slug = re.search(r"/campaigns/([^/]+)/", page.url).group(1)
    j.go(f"/campaigns/{slug}/case/")
    page.locator("textarea[name=references]").fill("HD2026030200418")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator(".messages").count() == 1
    j.shot("case-saved")

    # Upload a screenshot and a PDF; watch them being processed.
    j.go(f"/evidence/campaigns/{slug}/mine/")
    page.locator("input[type=file][name=files]").set_input_files([str(SCREENSHOT), str(PDF)])
    j.shot("upload-chosen")
    page.locator("[data-upload-button]").click()
    rows = page.locator("li.evidence-row")
    rows.nth(1).wait_for()
    j.shot("processing")
    review_links = page.locator("li.evidence-row a[href$='/review/'][role=button]")
    review_links.nth(1).wait_for(timeout=150_000)
    j.fits_the_screen()
    j.shot("processed")

    # Review the screenshot: drag over one more area to hide it.
    page.locator("li.evidence-row", has_text=SCREENSHOT.name).locator("a[href$='/review/']").click()
    page.wait_for_url("**/review/")
    canvas = page.locator("[data-canvas] img").first
    canvas.scroll_into_view_if_needed()
    before = page.locator("tr[data-entry]").count()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.6)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.7, steps=8)
    page.mouse.up()
    # Letting go applies the box: no second button, and the page offers to undo it.
    page.locator("[data-undo-button]").wait_for()
    page.wait_for_function(f"document.querySelectorAll('tr[data-entry]').length > {before}")
    j.shot("box-added")

    # Approve the redacted version for the group and for filings.
    approve = page.locator("form[action$='/review/approve/']")
    approve.locator("input[name=share_with_group]").check()
    approve.locator("input[name=include_in_filings]").check()
    approve.locator("button[type=submit]").click()
    page.wait_for_load_state()
    j.shot("approved")

    # Consent to filings on the case.
    j.go(f"/campaigns/{slug}/case/")
    consent = page.locator(f"form[action$='/campaigns/{slug}/consent/']")
    consent.locator("input[name=include_in_filings]").check()
    consent.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(
        f"form[action$='/campaigns/{slug}/consent/'] input[name=include_in_filings]"
    ).is_checked()
    j.fits_the_screen()
    j.shot("consented")
    assert j.console_errors == [], j.console_errors
