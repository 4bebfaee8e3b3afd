"""A signed-in person's pick in the header's language switcher lasts: it is saved to their profile and
their next login opens in it, even in a browser that had been switched to the other language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, ModeratorFactory

pytestmark = pytest.mark.django_db


def _login(browser: Client, email: str) -> None:
    answer = browser.post(
        reverse("account_login"), {"login": email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]


def test_a_moderators_language_switch_is_saved_and_used_at_the_next_login():
    moderator = ModeratorFactory(preferred_language="en")
    first = Client()
    _login(first, moderator.email)
    first.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    moderator.refresh_from_db()
    assert moderator.preferred_language == "zh-hans"
    first.post(reverse("account_logout"))

    # Another browser, English by its headers and by an earlier visitor's pick.
    second = Client()
    second.post(reverse("set_language"), {"language": "en", "next": "/"})
    _login(second, moderator.email)
    page = second.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="zh-hans"' in page


def test_a_signed_out_switch_changes_no_profile():
    moderator = ModeratorFactory(preferred_language="en")
    Client().post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    moderator.refresh_from_db()
    assert moderator.preferred_language == "en"


def test_an_unknown_language_is_not_saved():
    moderator = ModeratorFactory(preferred_language="en")
    browser = Client()
    browser.force_login(moderator)
    browser.post(reverse("set_language"), {"language": "xx", "next": "/"})
    moderator.refresh_from_db()
    assert moderator.preferred_language == "en"


def test_same_as_my_browser_undoes_an_earlier_pick_in_the_switcher():
    moderator = ModeratorFactory(preferred_language="en")
    browser = Client()
    _login(browser, moderator.email)
    browser.post(reverse("set_language"), {"language": "en", "next": "/"})
    browser.post(
        reverse("accounts:profile"),
        {"display_name": "Mod", "preferred_language": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    moderator.refresh_from_db()
    assert moderator.preferred_language == ""
    page = browser.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="zh-hans"' in page, (
        "a Chinese browser reads Chinese once the person chose their browser's"
    )
