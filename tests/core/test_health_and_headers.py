from __future__ import annotations

import pytest
from django.urls import reverse

from portal.celery import app as celery_app
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_healthz_tells_a_stranger_only_ok(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}, "which database and broker is not a stranger's business"


def test_healthz_details_for_a_moderator_and_for_the_monitor_token(client, settings):
    settings.TONGSU_HEALTH_TOKEN = "monitor-token-7731"
    body = client.get(reverse("healthz"), headers={"Authorization": "Bearer monitor-token-7731"}).json()
    assert body["status"] == "ok" and body["database"]["ok"] is True and body["broker"]["ok"] is True
    wrong = client.get(reverse("healthz"), headers={"Authorization": "Bearer guessed"}).json()
    assert wrong == {"status": "ok"}
    client.force_login(ModeratorFactory())
    assert client.get(reverse("healthz")).json()["database"]["ok"] is True
    client.force_login(UserFactory())
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_healthz_reports_a_broken_broker(client, settings):
    settings.TONGSU_HEALTH_TOKEN = "monitor-token-7731"
    conf = celery_app.conf
    original = (conf.broker_url, conf.broker_transport, conf.broker_transport_options)
    conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    conf.broker_transport = None  # the URL's own transport (the embedded one is named by class path)
    conf.broker_transport_options = {}
    try:
        anonymous = client.get(reverse("healthz"))
        response = client.get(reverse("healthz"), headers={"Authorization": "Bearer monitor-token-7731"})
    finally:
        conf.broker_url, conf.broker_transport, conf.broker_transport_options = original
    assert anonymous.status_code == 503 and anonymous.json() == {"status": "error"}
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["broker"]["ok"] is False
    assert body["database"]["ok"] is True


@pytest.mark.parametrize("name", ["home", "account_login", "account_signup", "account_reset_password"])
def test_pages_carry_a_strict_csp_and_security_headers(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    # No inline script anywhere in the page: only <script src=...> and JSON data blocks.
    html = response.content.decode()
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag or "application/json" in tag, f"inline script found: <script{tag}>"
    assert " onclick=" not in html and " onload=" not in html


def test_error_page_carries_csp(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_request_id_is_returned_and_a_forged_one_is_replaced(client):
    response = client.get(reverse("home"), HTTP_X_REQUEST_ID="abc\r\nInjected: yes")
    assert response["X-Request-ID"] != "abc\r\nInjected: yes"
    assert len(response["X-Request-ID"]) == 32
    good = client.get(reverse("home"), HTTP_X_REQUEST_ID="proxy-req-12345678")
    assert good["X-Request-ID"] == "proxy-req-12345678"
