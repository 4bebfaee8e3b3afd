"""Every URL of the portal, requested by every kind of person, against an explicit policy table.

The matrix fills each URL with objects that belong to someone else and checks each answer: an allowed
role gets its page (2xx/3xx, or 400 for an empty form), a denied one gets a redirect to the login page
(anonymous, suspended), 403 or 404 (signed in) — never a 2xx and never a 500. Each request runs in a
savepoint that is rolled back, so one role's POST does not change what the next role sees.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.policy import ADMIN_PARAMS, POLICY, Rule, rule_for
from tests.security.world import ANON, MEMBER, MODERATOR, ORGANIZER, ROLES, SUSPENDED, World, build_world

DENIED = {400, 401, 403, 404, 405, 410}  # 401: a webhook asking for its basic-auth secret
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def url_patterns() -> Iterator[tuple[str, str]]:
    """(key, route) for every pattern: key is the namespaced name, or the route when it has none."""

    def walk(patterns, prefix: str, namespace: str | None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                key = (f"{namespace}:{p.name}" if namespace else p.name) if p.name else route
                yield key, route

    yield from walk(get_resolver().url_patterns, "", None)


def fill(route: str, params: dict) -> str:
    def value(match: re.Match) -> str:
        name = match.group("name") or match.group("rname")
        if name not in params:
            raise KeyError(f"no value for URL parameter {name!r} in {route!r}")
        return str(params[name])

    return "/" + PARAM.sub(value, route).replace("^", "").replace("$", "")


def is_login_redirect(response) -> bool:
    """Sent to sign in: the login page, or sign-up (which links to login) where newcomers are expected."""
    location = response.get("Location", "")
    return response.status_code in (301, 302, 303) and ("/login/" in location or "/signup/" in location)


def check(rule: Rule, role: str, method: str, allowed: bool, response) -> str | None:
    """None when the answer matches the policy, else what went wrong."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if allowed:
        if rule.open_:
            return None
        if is_login_redirect(response):
            return "allowed, but sent to the login page"
        if 200 <= status < 400 or (method == "POST" and status == 400):
            return None
        return f"allowed, but got {status}"
    if 200 <= status < 300:
        return f"DENIED ROLE GOT {status}"
    if is_login_redirect(response) or status in DENIED:
        return None
    if 300 <= status < 400 and "/reauthenticate/" in response.get("Location", ""):
        return None  # allauth asks for the password again before it looks at the object
    if rule.open_ and 300 <= status < 400:
        return None
    return f"denied, but got {status} {response.get('Location', '')}"


@pytest.fixture
def world(db, tmp_path, settings) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return build_world()


def clients(world: World) -> dict[str, Client]:
    out = {}
    for role in ROLES:
        client = Client(headers={"Accept-Language": "en"}, raise_request_exception=False)
        if world.users[role] is not None:
            client.force_login(world.users[role])
        out[role] = client
    return out


def request(client: Client, method: str, url: str):
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return response


def test_every_url_pattern_has_a_policy_entry():
    missing = sorted({key for key, _route in url_patterns() if rule_for(key) is None})
    assert not missing, "URL patterns without an entry in tests/security/policy.py: " + ", ".join(missing)


def test_policy_has_no_entries_for_patterns_that_are_gone():
    keys = {key for key, _route in url_patterns()}
    assert not sorted(set(POLICY) - keys)


def test_authorization_matrix(world, capsys):
    role_clients = clients(world)
    failures: list[str] = []
    checked: Counter = Counter()
    for key, route in url_patterns():
        rule = rule_for(key)
        if rule is None:
            continue  # reported by test_every_url_pattern_has_a_policy_entry
        params = ADMIN_PARAMS if rule.params is None and key.startswith("admin") else {}
        if rule.params is not None:
            params = rule.params(world)
        url = fill(route, params)
        methods = [("GET", rule.get)] + ([("POST", rule.post)] if rule.post is not None else [])
        for method, allowed_roles in methods:
            for role in ROLES:
                response = request(role_clients[role], method, url)
                problem = check(rule, role, method, role in allowed_roles, response)
                checked[method] += 1
                if problem:
                    failures.append(f"{method} {url} ({key}) as {role}: {problem}")
    total = sum(checked.values())
    with capsys.disabled():
        print(f"\nauthorization matrix: {total} (route, role, method) cases checked ({dict(checked)})")
    assert not failures, f"{len(failures)} of {total} cases break the policy:\n" + "\n".join(failures)


# --- Files and links: guessed IDs, another person's token, an expired token -----------------------------------


def _login(user) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def test_guessed_evidence_ids_answer_like_missing_ones(world):
    """A member cannot tell someone's private item from an id that was never used: both are 404."""
    client = _login(world.users[MEMBER])
    private, never_used = world.private_item.pk, world.private_item.pk + 10_000
    files = ("evidence:original", "evidence:normalized", "evidence:redacted", "evidence:thumbnail")
    for name in files:
        for pk in (private, never_used, *range(private + 1, private + 4)):
            if pk in (world.item.pk, world.pdf_item.pk) and name in (
                "evidence:redacted",
                "evidence:thumbnail",
            ):
                continue  # shared with the group: the member may see these
            assert client.get(reverse(name, args=[pk])).status_code == 404, (name, pk)
    # The shared item's original and normalized file stay the owner's alone, even for its group.
    for name in ("evidence:original", "evidence:normalized"):
        assert client.get(reverse(name, args=[world.item.pk])).status_code == 404
    moderator = _login(world.users[MODERATOR])
    assert moderator.get(reverse("evidence:moderate", args=[private])).status_code == 404
    assert moderator.get(reverse("evidence:original", args=[world.item.pk])).status_code == 404
    assert (
        moderator.get(reverse("filings:response_attachment", args=[world.filing.pk, 999_999])).status_code
        == 404
    )
    other_filing = world.draft_filing.pk
    member_b = _login(world.users[MEMBER])
    assert (
        member_b.get(
            reverse("filings:response_attachment", args=[other_filing, world.response.pk])
        ).status_code
        == 404
    )


def test_file_answers_are_downloads_or_sniff_proof(world):
    client = _login(world.users[MEMBER])
    for url in (
        reverse("evidence:redacted", args=[world.item.pk]),
        reverse("evidence:thumbnail", args=[world.item.pk]),
        reverse("evidence:page", args=[world.pdf_item.pk, "redacted", 1]),
        reverse("filings:pdf", args=[world.filing.pk, world.version.number]),
        reverse("filings:response_attachment", args=[world.filing.pk, world.response.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert "sandbox" in response["Content-Security-Policy"] or response["Content-Type"].startswith(
            "image/"
        ), url


def test_moderator_original_link_is_for_that_moderator_only_and_expires(world, settings):
    from django.contrib.auth.models import Group

    from complaints.evidence import services
    from tests.factories import ModeratorFactory

    moderator = world.users[MODERATOR]
    token = services.evidence_open_original(
        actor=moderator, item=world.item, reason="Reported as a forged receipt"
    )
    url = reverse("evidence:original_link", args=[token])
    response = _login(moderator).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    b"".join(response.streaming_content)

    other_moderator = ModeratorFactory()
    assert Group.objects.filter(user=other_moderator).exists()
    assert _login(other_moderator).get(url).status_code == 404  # another moderator's link
    assert _login(world.users[ORGANIZER]).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert _login(moderator).get(reverse("evidence:original_link", args=[tampered])).status_code == 404

    with _later(days=2):
        assert _login(moderator).get(url).status_code == 404  # expired


class _later:
    """Move signing's clock forward (time.time) for expiry checks."""

    def __init__(self, **delta):
        self.seconds = timedelta(**delta).total_seconds()

    def __enter__(self):
        import time
        from unittest import mock

        real = time.time
        self.patch = mock.patch("django.core.signing.time.time", lambda: real() + self.seconds)
        self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()


def test_export_download_needs_its_own_token_and_owner(world):
    from complaints.accounts import lifecycle

    owner = _login(world.owner)
    url = reverse("accounts:export_download", args=[world.export.pk, world.export_token])
    response = owner.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    b"".join(response.streaming_content)
    # Someone else holding the owner's link; the owner with another export's token; a guessed id.
    assert _login(world.users[ORGANIZER]).get(url).status_code == 404
    assert _login(world.users[MODERATOR]).get(url).status_code == 404
    from complaints.accounts.models import DataExport

    mine = DataExport.objects.create(
        user=world.users[MEMBER], status="ready", expires_at=world.export.expires_at
    )
    member_token = lifecycle.export_download_token(mine)
    assert (
        _login(world.users[MEMBER])
        .get(reverse("accounts:export_download", args=[world.export.pk, member_token]))
        .status_code
        == 404
    )
    assert (
        owner.get(
            reverse("accounts:export_download", args=[world.export.pk + 99, world.export_token])
        ).status_code
        == 404
    )
    with _later(days=400):
        assert owner.get(url).status_code == 404  # the link expired


def test_response_link_is_one_time_and_expires(world):
    from complaints.filings.models import Submission
    from complaints.filings.responses import response_link_token

    submission = Submission.objects.get(pk=world.submission.pk)
    token = response_link_token(submission)
    url = reverse("filings:respond", args=[token])
    anon = Client(headers={"Accept-Language": "en"})
    assert anon.get(url).status_code == 200
    with _later(days=400):
        assert anon.get(url).status_code == 410
    guessed = reverse("filings:respond", args=[token[:-4] + "abcd"])
    assert anon.get(guessed).status_code == 410
    assert anon.post(url, {"text": "We will look into it."}).status_code == 200
    assert anon.post(url, {"text": "Second answer"}).status_code == 410  # used once
    assert submission.responses.count() == 2  # the organizer's recorded one + the regulator's


def test_signed_in_people_cannot_answer_for_the_regulator_without_the_link(world):
    for role in (ANON, MEMBER, ORGANIZER, MODERATOR):
        client = Client() if role == ANON else _login(world.users[role])
        response = client.post(
            reverse("filings:respond", args=[str(world.submission.response_token)]), {"text": "x"}
        )
        assert response.status_code == 410


def test_a_suspended_account_cannot_sign_in_again(world):
    from tests.factories import PASSWORD

    suspended = world.users[SUSPENDED]
    client = Client(headers={"Accept-Language": "en"})
    client.post(reverse("account_login"), {"login": suspended.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    response = client.get(reverse("campaigns:case", args=[world.campaign.slug]))
    assert is_login_redirect(response)
