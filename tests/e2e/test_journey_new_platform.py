"""J7 (issue 19, items 1 and 2): a person whose platform the directory does not know names it and finishes
the intake; the summary they first write carries someone's phone number and is stopped with the finding
highlighted; a moderator then accepts the platform (desktop) or makes it another name of a listed one (phone)
and opens the campaign."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import DEMO_PASSWORD, LANGUAGES, PASSWORD, VIEWPORTS

pytestmark = pytest.mark.e2e
MODERATOR = "moderator@demo.tongsu.test"
PERSON = """
from allauth.account.models import EmailAddress
from complaints.accounts.models import User
user = User.objects.create_user(email="{email}", password="{password}")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""
NAMES = {("zh-hans", "desktop"): "一点交友", ("zh-hans", "phone"): "悦点交友", ("en", "desktop"): "Dot Meet",
         ("en", "phone"): "Yue Dian"}  # fmt: skip


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_platform_goes_through_intake_and_moderation(journey, stack, language, viewport):
    name = NAMES[(language, viewport)]
    email = f"newplatform-{language}-{viewport}@example.org"
    stack.shell(PERSON.format(email=email, password=PASSWORD))
    j = journey("new-platform", language, viewport)
    page = j.page
    j.log_in(email)
    j.speak_my_language()

    # The platform is unknown: the step says so and asks about it instead of ending there.
    j.go("/what-happened/")
    page.locator("input[name=platform_query]").fill(name)
    page.locator("#intake-step form button[type=submit]").first.click()
    page.locator("form.new-platform input[name=new-name]").wait_for()
    assert page.locator("form.new-platform input[name=new-name]").input_value() == name
    page.locator("form.new-platform input[name=new-where]").fill(f"{name}App")
    j.fits_the_screen()
    j.shot("name-new-platform")
    page.locator("form.new-platform button[type=submit]").click()
    page.locator("input[name=category][value=not_credited]").wait_for()
    page.locator("input[name=category][value=not_credited]").check()
    page.locator("input[name=amount]").fill("328")
    j.shot("details")
    page.locator("#intake-step button[type=submit]").click()
    page.locator("textarea[name=description]").wait_for()
    page.locator("textarea[name=description]").fill(
        j.t("充值328元会员没到账，客服说是我网络的问题。我的电话13812345678。",
            "I paid 328 yuan for a membership that never arrived. My phone is 13812345678.")
    )  # fmt: skip
    page.locator("#intake-step button[type=submit]").click()
    page.locator("a[href$='/what-happened/start/']").wait_for()
    j.fits_the_screen()
    j.shot("matches")
    page.locator("a[href$='/what-happened/start/']").click()
    page.wait_for_url("**/what-happened/start/")

    # The start page says it is public and does not copy the private story into the summary.
    assert page.locator("textarea[name=summary]").input_value() == ""
    page.locator("input[name=title]").fill(
        j.t(f"{name}充值会员不到账", f"{name}: paid memberships not credited")
    )
    page.locator("textarea[name=summary]").fill(
        j.t("充值后会员没有到账，有问题可以打张经理电话13912345678。",
            "Memberships were charged but never credited. Call Mr Zhang at 13912345678.")
    )  # fmt: skip
    j.submit("main form")
    finding = page.locator(".public-findings mark.finding.blocked", has_text="13912345678")
    finding.wait_for()
    j.fits_the_screen()
    j.shot("phone-stopped")
    page.locator("textarea[name=summary]").fill(
        j.t("充值后会员没有到账，客服把原因推给用户的网络。", "Memberships were charged but never credited; "
            "support blamed the users' networks.")
    )  # fmt: skip
    j.submit("main form")
    page.wait_for_url("**/campaigns/**")
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    j.shot("sent-for-review")

    # The moderator decides on the platform, then opens the campaign.
    mod = journey("new-platform-moderator", language, viewport)
    mpage = mod.page
    mod.log_in(MODERATOR, DEMO_PASSWORD)
    mod.speak_my_language()
    mod.go(f"/moderation/campaigns/{slug}/")
    mpage.locator("#named-platform").wait_for()
    mod.fits_the_screen()
    mod.shot("named-platform")
    decision = mpage.locator("#named-platform form")
    if viewport == "desktop":
        decision.locator("input[name=platform-decision][value=accept]").check()
    else:
        decision.locator("input[name=platform-decision][value=alias]").check()
        decision.locator("input[name=platform-alias_of]").fill("xinyuan-live")
    mod.shot("platform-decision")
    decision.locator("button[type=submit]").click()
    mpage.wait_for_load_state()
    assert mpage.locator("#named-platform").count() == 0
    mpage.locator("form[action$='/approve/'] button[type=submit]").click()
    mpage.wait_for_load_state()
    mod.shot("campaign-approved")
    mod.go(f"/campaigns/{slug}/")
    expected = name if viewport == "desktop" else "心缘直播"
    assert expected in mpage.locator("main").inner_text()
    facts = json.loads(
        stack.shell(
            "import json; from complaints.campaigns.models import Campaign; "
            f"c = Campaign.objects.select_related('platform').get(slug='{slug}'); "
            "print(json.dumps([c.status, c.platform.status, c.summary]))"
        ).splitlines()[-1]
    )
    assert facts[0] == "open" and facts[1] == "active" and "1391234" not in facts[2]
    assert j.console_errors == [] and mod.console_errors == [], j.console_errors + mod.console_errors
