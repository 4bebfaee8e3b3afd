"""J4: a member deletes their account (warning page, grace period), then restores it from the emailed link."""

from __future__ import annotations

import itertools
import re

import pytest

from tests.e2e.conftest import LANGUAGES, PASSWORD, VIEWPORTS

pytestmark = pytest.mark.e2e
_counter = itertools.count()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_member_deletes_the_account_and_restores_it_from_the_mail(journey, stack, language, viewport):
    j = journey("delete-restore", language, viewport)
    page = j.page
    email = f"leaver{next(_counter)}-{language}-{viewport}@example.org"
    j.sign_up(email)

    j.go("/accounts/profile/")
    page.locator("a[href$='/accounts/delete/']").first.click()
    page.wait_for_load_state()
    if "/reauthenticate/" in page.url:  # deleting needs the password again
        j.shot("reauthenticate")
        page.locator("input[name=password]").fill(PASSWORD)
        j.submit()
    page.wait_for_url("**/accounts/delete/")
    # The warning page says what happens and for how long it can be undone.
    assert page.locator("main").get_by_text(re.compile(r"\d+")).count() > 0
    j.fits_the_screen()
    j.shot("delete-warning")
    page.locator("main form button[type=submit]").first.click()  # without ticking the box: refused
    page.wait_for_load_state()
    assert "/accounts/delete/" in page.url
    page.locator("input[name=understood]").check()
    j.submit()
    page.wait_for_url("**/accounts/deleted/")
    j.shot("deleted-grace-period")

    # Locked: the password no longer opens the account.
    j.go("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    j.submit()
    j.go("/accounts/profile/")
    assert "/accounts/login/" in page.url, "a deleted account could still log in"

    # The mail has the restore link.
    mail = stack.wait_for_mail(email, count=2)[-1]
    body = mail.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/accounts/restore/\S+/", body)
    assert link, body
    page.goto(link.group(0))
    j.shot("restore-page")
    j.submit()
    j.shot("restored")
    j.log_in(email)
    j.go("/accounts/profile/")
    assert email in page.content()
    j.shot("logged-in-after-restore")
    assert j.console_errors == [], j.console_errors
