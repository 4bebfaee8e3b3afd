"""J4b: someone deletes their account by mistake, tries to log in, is told the erasure date, asks for the
restore link again and restores the account (issue #19, item 4)."""

from __future__ import annotations

import itertools
import re

import pytest

from tests.e2e.conftest import LANGUAGES, PASSWORD, VIEWPORTS

pytestmark = pytest.mark.e2e
_counter = itertools.count()


def _delete_account(j) -> None:
    page = j.page
    j.go("/accounts/delete/")
    if "/reauthenticate/" in page.url:  # deleting needs the password again
        page.locator("input[name=password]").fill(PASSWORD)
        j.submit()
    page.wait_for_url("**/accounts/delete/")
    page.locator("input[name=understood]").check()
    j.submit()
    page.wait_for_url("**/accounts/deleted/")
    j.shot("deleted")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_deleted_by_mistake_log_in_see_the_date_get_the_link_and_restore(journey, stack, language, viewport):
    j = journey("delete-mistake", language, viewport)
    page = j.page
    email = f"oops{next(_counter)}-{language}-{viewport}@example.org"
    j.sign_up(email)
    _delete_account(j)

    # Weeks later, the restore mail long gone: logging in says when the account will be erased.
    j.go("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    j.submit()
    page.wait_for_url("**/accounts/restore/")
    said = page.locator("main").inner_text()
    assert re.search(j.t(r"将于 .*\d.* 被彻底删除", r"scheduled for erasure on .*\d"), said), said
    assert j.t("账号未激活", "inactive") not in said
    j.fits_the_screen()
    j.shot("told-the-erasure-date")

    page.locator("input[name=email]").fill(email)
    j.submit()
    assert email in page.locator("main").inner_text()
    j.fits_the_screen()
    j.shot("link-sent-again")

    # Sign-up code, deletion notice, and the restore link sent again.
    mail = stack.wait_for_mail(email, count=3)[-1]
    link = re.search(r"https?://\S+/accounts/restore/\S+/", mail.get_body(("plain",)).get_content())
    assert link
    page.goto(link.group(0))
    j.shot("restore-page")
    j.submit()
    j.log_in(email)
    j.go("/accounts/profile/")
    assert email in page.content()
    j.shot("back-in")
    assert j.console_errors == [], j.console_errors
