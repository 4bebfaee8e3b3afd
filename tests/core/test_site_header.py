"""The header is rendered once per kind of viewer and filled in per page: what is filled in must be each
page's and each person's own (their CSRF token, the address the language switcher returns to, their bell),
and nothing one visitor sent may reach another's page or break out of its attribute."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.test import Client
from django.urls import reverse

from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NEXT = re.compile(r'<input name="next" type="hidden" value="([^"]*)">')


def _header(page: str) -> str:
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def test_each_visitor_gets_their_own_csrf_token_in_the_header_and_it_is_accepted():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for client in (first, second):
        header = _header(client.get(reverse("home")).content.decode())
        found = set(TOKEN.findall(header))
        assert len(found) == 1, "both header forms (log out / language) carry the same, real token"
        tokens.append(found.pop())
    assert tokens[0] != tokens[1]
    response = first.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[0]}
    )
    assert response.status_code == 302, (
        "the token filled into the header is the one this visitor's cookie expects"
    )


def test_the_language_switcher_returns_to_this_page_and_what_the_address_holds_stays_text(client):
    hostile = '/campaigns/?q="><script>alert(1)</script>'
    page = client.get(hostile).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert NEXT.findall(_header(page)) == ["/campaigns/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"]
    # What the address may still hold as it came (& and ') is escaped for the attribute.
    page = client.get("/campaigns/?q=a&page=2'x").content.decode()
    assert NEXT.findall(_header(page)) == ["/campaigns/?q=a&amp;page=2&#x27;x"]
    assert NEXT.findall(_header(client.get(reverse("campaigns:list") + "?page=2").content.decode())) == [
        "/campaigns/?page=2"
    ]


def test_the_header_speaks_the_page_language_and_knows_who_is_signed_in(client, user):
    zh = _header(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    en = _header(Client().get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "登录" in zh and "Log in" in en and "Log in" not in zh
    NotificationFactory.create_batch(2, recipient=user)
    client.force_login(user)
    signed_in = _header(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Log out" in signed_in and "Log in" not in signed_in
    assert '<span class="bell-count" aria-hidden="true">2</span>' in signed_in
    assert 'aria-label="Notifications, 2 unread"' in signed_in


def test_two_people_signed_in_one_after_the_other_each_see_their_own_header(
    client, user, other_user, moderator
):
    NotificationFactory.create_batch(3, recipient=user)
    seen = {}
    for person in (user, moderator, other_user, user):
        client.force_login(person)
        page = client.get(reverse("notifications:list")).content.decode()
        seen[person.pk] = (
            '<span class="bell-count" aria-hidden="true">3</span>' in page,
            reverse("moderation:index") in page,
        )
    assert seen == {user.pk: (True, False), moderator.pk: (False, True), other_user.pk: (False, False)}


@pytest.mark.parametrize("seconds", [0, 10])
def test_with_the_page_cache_off_no_part_of_the_header_comes_from_a_cache(settings, seconds):
    """TONGSU_PAGE_CACHE_SECONDS=0 renders every page whole, the header too: its cost is part of the page's."""
    settings.TONGSU_PAGE_CACHE_SECONDS = seconds
    caches["fragments"].clear()
    page = Client().get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in" in _header(page)
    kept = caches["fragments"].get(make_template_fragment_key("site_header_visitor", ["en"]))
    assert (kept is not None) == bool(seconds)
