"""Journey: a newcomer signs up, confirms the code from the mail, sets a profile, logs out and in again."""

from __future__ import annotations

import itertools

import pytest

from tests.e2e.conftest import LANGUAGES, VIEWPORTS

pytestmark = pytest.mark.e2e
_counter = itertools.count()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_newcomer_signs_up_with_emailed_code(journey, stack, language, viewport):
    j = journey("signup", language, viewport)
    page = j.page
    email = f"newcomer{next(_counter)}-{language}-{viewport}@example.org"
    j.go("/")
    assert page.locator("html").get_attribute("lang") == language
    j.shot("home")
    page.get_by_role("button", name=j.t("注册", "Sign up")).first.click()
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill("a-long-secret-phrase-42")
    page.locator("input[name=password2]").fill("a-long-secret-phrase-42")
    j.shot("signup-form")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/confirm-email/**")
    j.shot("enter-code")
    code = stack.code_in(stack.wait_for_mail(email)[-1])
    page.locator("input[name=code]").fill(code)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    j.go("/accounts/profile/")
    assert email in page.content()
    page.get_by_label(j.t("显示名称", "Display name")).fill("测试用户 Tester")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator(".messages").count() == 1
    j.shot("profile-saved")
    # The page fits a phone: nothing wider than the viewport.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"page is {overflow}px wider than the screen"
    page.get_by_role("button", name=j.t("退出登录", "Log out")).click()
    page.wait_for_load_state()
    j.go("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("a-long-secret-phrase-42")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    j.go("/accounts/profile/")
    assert "测试用户 Tester" in page.content()
    j.shot("logged-in-again")
    assert j.console_errors == [], j.console_errors
