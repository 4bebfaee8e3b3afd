"""J-truth: what the portal tells people is true. A filing whose HTTP channel refuses it is never called
submitted and is delivered after the organizer changes channel; an empty filing is blocked, then completed;
fifteen joins reach the organizer as one grouped notice."""

from __future__ import annotations

import json
import time

import pytest

from tests.e2e.conftest import LANGUAGES, VIEWPORTS
from tests.factories import PASSWORD
from tests.filings.regulator_server import RegulatorServer

pytestmark = pytest.mark.e2e

COMMON = """
import json
from tests.factories import CampaignFactory, ModeratorFactory, RegulatorFactory, UserFactory, join, organize
from tests.filings.conftest import add_evidence, approved_filing, make_filing
tag = "{tag}"
def person(kind):
    return UserFactory(email=f"{{kind}}-{{tag}}@example.org", display_name=f"{{kind}} {{tag}}")
campaign = CampaignFactory(slug=f"truth-{{tag}}", title=f"某钱包冻结资金 {{tag}}")
organizer = organize(campaign, person("organizer"), amount="500.00", include_in_filings=True)
member = join(campaign, person("member"), amount="120.00", include_in_filings=True)
"""

SEED_DELIVERY = (
    COMMON
    + """
regulator = RegulatorFactory(slug=f"truth-reg-{{tag}}", name_zh=f"全国12315平台 {{tag}}", channel="http",
    api_url="{url}", api_secret="not-the-regulators-secret", email=f"regulator-{{tag}}@example.org")
filing = approved_filing(campaign, organizer, regulator, ModeratorFactory(email=f"mod-{{tag}}@example.org"))
print(json.dumps({{"filing": filing.pk, "slug": campaign.slug, "regulator": regulator.email}}))
"""
)

SEED_EMPTY = (
    COMMON
    + """
from complaints.filings.models import Filing
add_evidence(member, include_in_filings=False)
regulator = RegulatorFactory(slug=f"truth-reg-{{tag}}", email=f"regulator-{{tag}}@example.org")
filing = make_filing(campaign, organizer, regulator, with_exhibit=False)
print(json.dumps({{"filing": filing.pk, "slug": campaign.slug}}))
"""
)

SEED_JOINS = (
    COMMON
    + """
for n in range(14):  # with the member above: fifteen joined today
    join(campaign, UserFactory(email=f"joiner{{n}}-{{tag}}@example.org"))
print(json.dumps({{"slug": campaign.slug, "title": campaign.title}}))
"""
)


def _seed(stack, template: str, **values) -> dict:
    return json.loads(stack.shell(template.format(**values)).splitlines()[-1])


def _reload_until(journey, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while text not in journey.page.content():
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never appeared on {journey.page.url}")
        time.sleep(1)
        journey.page.reload()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refused_filing_is_not_called_submitted_and_arrives_after_changing_channel(
    journey, stack, language, viewport
):
    tag = f"send-{language}-{viewport}"
    with RegulatorServer("the-regulators-secret") as server:
        seed = _seed(stack, SEED_DELIVERY, tag=tag, url=server.url)
        org = journey("truth-organizer", language, viewport)
        org.log_in(f"organizer-{tag}@example.org", PASSWORD)
        org.speak_my_language()
        org.go(f"/filings/{seed['filing']}/")
        org.page.locator("form[action$='/submit/'] button").click()
        org.page.wait_for_load_state()
        _reload_until(org, org.t("发送失败", "Sending failed"))
        assert server.requests, "the worker tried the regulator's API"
    page = org.page.content()
    assert (
        org.t("监管机构的系统拒绝了这份投诉文书（返回代码 401）。", "refused the filing (it answered 401)")
        in page
    )
    assert "HTTP 401" not in page and "已提交" not in page
    org.fits_the_screen()
    org.shot("failed")

    member = journey("truth-member", language, viewport)
    member.log_in(f"member-{tag}@example.org", PASSWORD)
    member.speak_my_language()
    member.go(f"/campaigns/{seed['slug']}/")
    text = member.page.content()
    assert org.t("组织者正在处理", "the organizers are handling it") in text
    assert org.t("正在发送", "It is being sent") not in text, "a failed send is not 'sending'"
    assert org.t("集体投诉已于", "Group filing submitted to") not in text
    member.fits_the_screen()
    member.shot("campaign-while-failed")

    org.page.locator("button[name=channel][value=email]").click()
    org.page.wait_for_load_state()
    stack.wait_for_mail(seed["regulator"], timeout=60)
    _reload_until(org, org.t("已送达", "Delivered"))
    assert org.t("邮件服务器已接收这封邮件", "mail server accepted the email") in org.page.content()
    org.fits_the_screen()
    org.shot("delivered")

    member.go(f"/campaigns/{seed['slug']}/")
    assert org.t("集体投诉已于", "Group filing submitted to") in member.page.content()
    member.shot("campaign-delivered")
    for j in (org, member):
        assert j.console_errors == [], (j.name, j.console_errors)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_filing_is_blocked_then_completed(journey, stack, language, viewport):
    tag = f"empty-{language}-{viewport}"
    seed = _seed(stack, SEED_EMPTY, tag=tag)
    org = journey("truth-empty-organizer", language, viewport)
    org.log_in(f"organizer-{tag}@example.org", PASSWORD)
    org.speak_my_language()
    org.go(f"/filings/{seed['filing']}/")
    page = org.page
    assert org.t("这一版没有任何证据材料", "This version has no exhibits") in page.content()
    org.fits_the_screen()
    org.shot("empty")
    page.locator("form[action$='/send-for-approval/'] button").click()
    page.wait_for_load_state()
    assert (
        org.t("监管机构无法处理没有证据的投诉文书", "cannot act on a filing without evidence")
        in page.content()
    )
    page.locator("form[action$='/ask-for-evidence/'] button").click()
    page.wait_for_load_state()
    org.shot("asked")

    member = journey("truth-empty-member", language, viewport)
    member.log_in(f"member-{tag}@example.org", PASSWORD)
    member.speak_my_language()
    member.go(f"/campaigns/{seed['slug']}/tasks/")
    member.page.locator("form[action$='/done/'] button").first.click()
    member.page.wait_for_url("**/evidence/*/review/")
    member.fits_the_screen()
    member.shot("evidence-choice")
    member.page.locator("input[name=include_in_filings]").check()
    member.page.locator("form[action$='/approve/'] button[type=submit]").click()
    member.page.wait_for_load_state()

    org.go(f"/filings/{seed['filing']}/")
    assert (
        org.t("目前有 1 份证据已同意用于投诉文书", "1 piece of evidence is released for filings now")
        in page.content()
    )
    org.shot("numbers-moved")
    page.locator("textarea[name=narrative]").fill("余额被冻结，客服称无法恢复。")
    page.locator("textarea[name=demands]").fill("解冻并退还全部余额。")
    page.locator("form[action$='/regenerate/'] button").click()
    page.wait_for_load_state()
    deadline = time.monotonic() + 90
    while (
        page.locator("form[action$='/send-for-approval/'] button").count() == 0
        or page.locator("[data-problem=no_exhibits]").count()
    ):
        assert time.monotonic() < deadline, "the new version was not generated"
        time.sleep(1)
        page.reload()
    page.locator("form[action$='/send-for-approval/'] button").click()
    page.wait_for_load_state()
    assert org.t("等待审核", "Awaiting approval") in page.content()
    org.shot("sent-for-approval")
    assert org.console_errors == [], org.console_errors


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_fifteen_joins_reach_the_organizer_as_one_notice(journey, stack, language, viewport):
    tag = f"joins-{language}-{viewport}"
    seed = _seed(stack, SEED_JOINS, tag=tag)
    org = journey("truth-joins-organizer", language, viewport)
    org.log_in(f"organizer-{tag}@example.org", PASSWORD)
    org.speak_my_language()
    org.go("/notifications/")
    expected = org.t(f"“{seed['title']}”今天有 15 人加入", f"People who joined “{seed['title']}” today: 15")
    _reload_until(org, expected)
    content = org.page.content()
    assert content.count(expected) == 1
    assert content.count(org.t("人加入", "joined “")) == 1, "one notice, not fifteen"
    org.fits_the_screen()
    org.shot("one-notice")
    assert org.console_errors == [], org.console_errors
