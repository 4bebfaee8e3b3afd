"""Failed logins counted in one process count in another: the limit lives in the shared cache."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.processes import ROOT, child_env

SECOND_PROCESS = """
import django
django.setup()
from django.test import Client
client = Client()
codes = [client.post("/accounts/login/", {"login": "shared@example.org", "password": "wrong-guess-%d" % i}).status_code
         for i in range(3)]
print(codes)
"""


@pytest.mark.django_db(transaction=True)
def test_failed_logins_in_another_process_count_towards_the_limit(client):
    UserFactory(email="shared@example.org")
    result = subprocess.run(
        [sys.executable, "-c", SECOND_PROCESS],
        cwd=ROOT,
        env=child_env(DJANGO_SETTINGS_MODULE="portal.settings"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("[200, 200, 200]")
    for i in range(2):
        client.post(reverse("account_login"), {"login": "shared@example.org", "password": f"again-{i}"})
    # Five failures in all (three elsewhere, two here): even the right password is refused now.
    client.post(reverse("account_login"), {"login": "shared@example.org", "password": PASSWORD})
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_a_few_failures_elsewhere_do_not_lock_the_owner_out(client):
    UserFactory(email="shared@example.org")
    client.post(reverse("account_login"), {"login": "shared@example.org", "password": "typo-1"})
    client.post(reverse("account_login"), {"login": "shared@example.org", "password": PASSWORD})
    assert client.get(reverse("accounts:profile")).status_code == 200
