"""Hand-edited addresses and query strings: every URL with a text parameter, and the list pages' filters,
get hostile values; the answer may be 4xx or a page, never a server error."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client

from tests.security.policy import rule_for
from tests.security.test_authorization_matrix import PARAM, fill, url_patterns, world  # noqa: F401
from tests.security.world import ANON, MODERATOR, ORGANIZER

pytestmark = pytest.mark.django_db

HOSTILE = [
    "abc",
    "1e5",
    "-1",
    "99999999999999999999999",
    "%00",
    "..%2F..%2Fetc%2Fpasswd",
    "a" * 600,
    "%E2%80%AE",
]
QUERIES = [
    "/campaigns/?page=abc",
    "/campaigns/?page=-1",
    "/campaigns/?page=99999999999999999999",
    "/campaigns/?q=%00&platform=%00",
    "/campaigns/?q=" + quote("\"'*) OR 1=1 --" * 20),
    "/platforms/autocomplete/?q=" + "a" * 5000,
    "/notifications/?before=99999999999999999999999999",
    "/notifications/?before=-5&unread=%00",
    "/moderation/audit/?actor=abc&since=notadate&before=zz&target_id=%00",
    "/moderation/accounts/?q=%00",
    "/moderation/accounts/?q=99999999999999999999999",
    "/evidence/moderation/?page=%00",
    "/filings/review/?page=zz",
]


def _client(world, role) -> Client:  # noqa: F811
    client = Client(headers={"Accept-Language": "en"}, raise_request_exception=False)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def test_text_parameters_never_cause_a_server_error(world, capsys):  # noqa: F811
    clients = {role: _client(world, role) for role in (ANON, ORGANIZER, MODERATOR)}
    failures, checked = [], 0
    for key, route in url_patterns():
        rule = rule_for(key)
        if rule is None or key.startswith("admin") or rule.params is None:
            continue
        params = rule.params(world)
        text_params = [
            m.group("name") for m in PARAM.finditer(route) if m.group("conv") in ("str", "slug", "path", None)
        ]
        for name in text_params:
            for value in HOSTILE:
                url = fill(route, {**params, name: value})
                for role, client in clients.items():
                    for method in ("GET", "POST"):
                        response = client.get(url) if method == "GET" else client.post(url, {})
                        checked += 1
                        if response.status_code >= 500:
                            failures.append(f"{method} {url[:120]} as {role}: {response.status_code}")
    with capsys.disabled():
        print(f"\nhostile URL parameters: {checked} requests")
    assert not failures, "\n".join(failures)


def test_hostile_query_strings_never_cause_a_server_error(world):  # noqa: F811
    clients = [_client(world, role) for role in (ANON, ORGANIZER, MODERATOR)]
    failures = [
        f"{url[:100]}: {status}"
        for url in QUERIES
        for client in clients
        if (status := client.get(url).status_code) >= 500
    ]
    assert not failures, failures
