"""Issue #24, phone: a newcomer signs up with an email address and a mobile number, confirms the number with
the code written under var/sms/ and the address with the mailed code, then signs in with the number and
password, and once more with a code sent by SMS."""

from __future__ import annotations

import itertools
import re
import time

import pytest

from tests.e2e.conftest import LANGUAGES, PASSWORD, VIEWPORTS

pytestmark = pytest.mark.e2e
_numbers = itertools.count(1)


def _sms_code(stack, number: str, *, after: int = 0, timeout: float = 20) -> tuple[str, int]:
    """The newest code texted to `number` (files under the stack's var/sms/), and how many texts it has had."""
    folder = stack.var_dir / "sms"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(folder.glob(f"*-{number.lstrip('+')}.txt")) if folder.exists() else []
        if len(files) > after:
            body = files[-1].read_text(encoding="utf-8").split("\n\n", 1)[1]
            return re.search(r"\b([A-Z0-9]{6}|\d{6}|[A-Z0-9]{4}-[A-Z0-9]{4})\b", body).group(1), len(files)
        time.sleep(0.3)
    raise AssertionError(f"no text for {number}")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_up_and_sign_in_with_a_mobile_number(journey, stack, language, viewport):
    j = journey("phone", language, viewport)
    page = j.page
    serial = next(_numbers) + (10 if language == "en" else 0) + (20 if viewport == "phone" else 0)
    typed = f"1370000{serial:04d}"
    number = f"+86{typed}"
    email = f"mobile-{language}-{viewport}@example.org"

    j.go("/accounts/signup/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=phone]").fill(typed)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    j.fits_the_screen()
    j.shot("signup-with-phone")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/phone/verify/**")
    code, texts = _sms_code(stack, number)
    page.locator("input[name=code]").fill(code)
    j.shot("sms-code")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/confirm-email/**")
    page.locator("input[name=code]").fill(stack.code_in(stack.wait_for_mail(email)[-1]))
    j.submit()
    assert "/accounts/" not in page.url or "/accounts/profile/" in page.url, page.url
    j.go("/accounts/logout/")
    j.submit()

    # Number and password; the number typed the way people write it.
    j.go("/accounts/login/")
    page.locator("input[name=login]").fill(typed[:3] + " " + typed[3:7] + " " + typed[7:])
    page.locator("input[name=password]").fill(PASSWORD)
    j.shot("login-with-phone")
    j.submit()
    assert "/accounts/login/" not in page.url, page.url
    j.go("/accounts/profile/")
    assert email in page.content()
    j.fits_the_screen()
    j.go("/accounts/logout/")
    j.submit()

    # A code by SMS instead of the password.
    j.go("/accounts/login/code/")
    page.locator("input[name=phone]").fill(typed)
    j.shot("ask-sms-code")
    j.submit()
    code, _texts = _sms_code(stack, number, after=texts)
    page.locator("input[name=code]").fill(code)
    j.submit()
    j.go("/accounts/profile/")
    assert "/accounts/login/" not in page.url and email in page.content()
    j.shot("signed-in-by-sms")
    assert j.console_errors == [], j.console_errors
