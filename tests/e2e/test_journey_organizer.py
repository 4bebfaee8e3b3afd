"""J2: an organizer posts an update, creates a task for the members, drafts a filing and sends it for approval."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DEMO_PASSWORD, LANGUAGES, VIEWPORTS

pytestmark = pytest.mark.e2e
ORGANIZER = "organizer@demo.tongsu.test"


def _organized_campaign(stack) -> str:
    """The demo organizer's campaign, with at least one exhibit: a filing without evidence is not sent."""
    return stack.shell(
        "from complaints.campaigns.models import Membership\n"
        "from complaints.filings.generation import exhibits\n"
        "from tests.filings.conftest import add_evidence\n"
        f"m = Membership.objects.filter(user__email='{ORGANIZER}', role='organizer', campaign__status='open')"
        ".order_by('campaign_id').first()\n"
        "if not exhibits(m.campaign).exists():\n"
        "    add_evidence(m)\n"
        "print(m.campaign.slug)"
    ).splitlines()[-1]


def _regulator_without_named_complainants(stack, index: int) -> str:
    """The index-th such regulator: each screen size drafts its own filing, since pressing "Generate" again for
    the same regulator and language opens the draft another run of this journey already sent for approval."""
    return stack.shell(
        "from complaints.filings.models import Regulator\n"
        "regulators = list(Regulator.objects.filter(requires_named_complainants=False).order_by('pk'))\n"
        f"print(regulators[{index} % len(regulators)].pk)"
    ).splitlines()[-1]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_organizer_posts_assigns_drafts_and_sends_for_approval(journey, stack, language, viewport):
    j = journey("organizer", language, viewport)
    page = j.page
    slug = _organized_campaign(stack)
    j.log_in(ORGANIZER, DEMO_PASSWORD)
    j.speak_my_language()
    tag = f"{language}-{viewport}"

    # An update for the members.
    j.go(f"/campaigns/{slug}/updates/new/")
    page.locator("input[name=title]").fill(j.t(f"补充材料提醒 {tag}", f"Please add your receipts {tag}"))
    page.locator("textarea[name=body]").fill(
        j.t("请在“我的证据”里上传银行扣款截图。", "Upload the bank's debit screenshot under My evidence.")
    )
    j.shot("update-form")
    j.submit()
    assert tag in page.content()
    j.fits_the_screen()
    j.shot("update-posted")

    # A task for every member.
    j.go(f"/campaigns/{slug}/tasks/")
    form = page.locator("main form[method=post]").last
    form.locator("input[name=title]").fill(j.t(f"上传扣款截图 {tag}", f"Upload the debit screenshot {tag}"))
    form.locator("textarea[name=description]").fill(
        j.t("截图需显示日期和金额。", "Date and amount must show.")
    )
    form.locator("select[name=audience]").select_option(index=0)
    j.shot("task-form")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text(tag).count() >= 1
    j.fits_the_screen()
    j.shot("task-created")

    # Draft a filing; the worker generates it; send it for approval.
    j.go(f"/campaigns/{slug}/filings/new/")
    regulator = _regulator_without_named_complainants(stack, list(VIEWPORTS).index(viewport))
    page.locator("select[name=regulator]").select_option(value=regulator)
    j.shot("filing-new")
    j.submit()
    page.wait_for_url("**/filings/*/")
    send = page.locator("form[action$='/send-for-approval/'] button")
    for _ in range(60):  # the page shows the generation's progress; reload as a person would
        if send.count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    j.fits_the_screen()
    j.shot("filing-generated")
    send.click()
    page.wait_for_load_state()
    assert page.locator("form[action$='/send-for-approval/']").count() == 0
    j.shot("sent-for-approval")
    assert j.console_errors == [], j.console_errors
