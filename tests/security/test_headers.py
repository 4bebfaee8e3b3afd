"""Security headers on every route (pages, redirects, files, errors) and production cookies.

tests/core/test_health_and_headers.py checks the CSP of a few pages in depth; this walks all of them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.security.policy import ADMIN_PARAMS, rule_for
from tests.security.test_authorization_matrix import fill, url_patterns, world  # noqa: F401
from tests.security.world import ANON, MEMBER, MODERATOR, ORGANIZER

pytestmark = pytest.mark.django_db


def header_problems(response) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy", "")
    if not csp:
        problems.append("no Content-Security-Policy")
    elif "frame-ancestors 'none'" not in csp and "sandbox" not in csp:
        problems.append(f"CSP lets other sites frame it: {csp}")
    elif "'unsafe-inline'" in csp or "'unsafe-eval'" in csp:
        problems.append(f"CSP allows inline script: {csp}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options is {response.get('X-Frame-Options')!r}")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append(f"Referrer-Policy is {response.get('Referrer-Policy')!r}")
    policy = response.get("Permissions-Policy", "")
    for denied in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        if denied not in policy:
            problems.append(f"Permissions-Policy does not deny {denied}: {policy!r}")
    if "publickey-credentials-get=(self)" not in policy:
        problems.append("Permissions-Policy blocks passkeys")
    if response.get("Content-Disposition", "").startswith("attachment") or "sandbox" in csp:
        # A private file: no other site may embed it (as evidence files already were).
        if response.get("Cross-Origin-Resource-Policy") != "same-origin":
            problems.append(
                f"file without Cross-Origin-Resource-Policy: {response.get('Content-Disposition')}"
            )
        if "sandbox" not in csp:
            problems.append(f"file without a sandbox CSP: {csp}")
    if response.get("Content-Type", "").startswith("text/html") and not hasattr(
        response, "streaming_content"
    ):
        problems += inline_script_problems(response.content.decode("utf-8", "replace"))
    return problems


def inline_script_problems(html: str) -> list[str]:
    """The CSP forbids inline script; a page that relies on it is broken, so none may carry any."""
    problems = []
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        if "src=" not in tag and "application/json" not in tag:
            problems.append(f"inline script: <script{tag[:60]}>")
    for handler in (" onclick=", " onload=", " onerror=", " onsubmit=", " onchange=", "javascript:"):
        if handler in html:
            problems.append(f"inline handler {handler.strip()}")
    return problems


def test_every_route_carries_the_security_headers(world, capsys):  # noqa: F811
    clients = {}
    for role in (ANON, MEMBER, ORGANIZER, MODERATOR):
        client = Client(headers={"Accept-Language": "en"}, raise_request_exception=False)
        if world.users[role] is not None:
            client.force_login(world.users[role])
        clients[role] = client
    failures, checked, statuses = [], 0, set()
    for key, route in url_patterns():
        rule = rule_for(key)
        if rule is None:
            continue
        params = rule.params(world) if rule.params else (ADMIN_PARAMS if key.startswith("admin") else {})
        url = fill(route, params)
        for role, client in clients.items():
            response = client.get(url)
            if response.status_code >= 500:
                continue  # the matrix reports server errors
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            statuses.add(response.status_code)
            checked += 1
            failures += [
                f"GET {url} as {role} ({response.status_code}): {p}" for p in header_problems(response)
            ]
    with capsys.disabled():
        print(f"\nsecurity headers: {checked} responses checked, statuses {sorted(statuses)}")
    assert {200, 302, 403, 404} <= statuses
    assert not failures, "\n".join(failures)


@pytest.fixture
def broken_urls(settings):
    settings.ROOT_URLCONF = "tests.security.urls"
    settings.DEBUG = False


@pytest.mark.parametrize(("path", "status"), [("/__broken__/", 500), ("/no-such-page/", 404)])
def test_error_pages_carry_the_headers_and_no_details(broken_urls, path, status):
    client = Client(headers={"Accept-Language": "en"}, raise_request_exception=False)
    response = client.get(path)
    assert response.status_code == status
    assert not header_problems(response), header_problems(response)
    body = response.content.decode()
    assert "Traceback" not in body and "a bug, on purpose" not in body and "RuntimeError" not in body


def test_forbidden_page_carries_the_headers(world):  # noqa: F811
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(world.users[MEMBER])
    response = client.get(reverse("campaigns:edit", args=[world.campaign.slug]))
    assert response.status_code == 403
    assert not header_problems(response), header_problems(response)


PRODUCTION_ENV = {
    "PATH": "/usr/bin:/bin",
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_DEBUG": "0",
    "TONGSU_HTTPS": "1",
    "TONGSU_EMBEDDED": "1",
}
COOKIE_SETTINGS = [
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_SAMESITE", "LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE", "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT",
]  # fmt: skip


def production_settings(var_dir) -> dict:
    """The cookie settings as a production process (TONGSU_HTTPS=1) computes them."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {COOKIE_SETTINGS!r}}}))"
    )
    env = {**PRODUCTION_ENV, "TONGSU_VAR_DIR": str(var_dir)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False,
        cwd=django_settings.BASE_DIR,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_httponly_and_same_site(settings, user, tmp_path):
    values = production_settings(tmp_path)
    assert (
        values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["LANGUAGE_COOKIE_SECURE"]
    )
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert values["CSRF_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_SSL_REDIRECT"] is True
    # And the cookies a browser receives when signing in over HTTPS carry those flags.
    for name, value in values.items():
        if name != "SECURE_SSL_REDIRECT":
            setattr(settings, name, value)
    client = Client(enforce_csrf_checks=False, headers={"Accept-Language": "en"})
    client.get(reverse("account_login"), secure=True)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery-9"}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] in ("Lax", "Strict")
    csrf = client.cookies[django_settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["samesite"] in ("Lax", "Strict")
