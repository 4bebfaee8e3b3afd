"""The open-data API: public content and aggregates only, stable pages, conditional GETs and a rate limit."""

from __future__ import annotations

import json

import pytest

from complaints.rankings import selectors
from complaints.rankings.tasks import snapshots_task
from tests.factories import PlatformFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _get(client, path: str, **params) -> dict:
    response = client.get(f"{API}/{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def _everything(client, path: str) -> list[dict]:
    items, after = [], 0
    while True:
        page = _get(client, path, after=after, limit=2)
        items += page["items"]
        if page["next"] is None:
            return items
        after = page["next"]


def test_no_count_below_five_and_no_member_identity_anywhere(client, world):
    snapshots_task.delay()
    bodies = {
        path: _everything(client, path)
        for path in ("platforms", "campaigns", "filings", "answers", "snapshots")
    }
    text = json.dumps(bodies, ensure_ascii=False)
    for person in world.small_people:
        assert person.display_name not in text and person.email not in text
    assert "@example.org" not in text
    # The regulator's answer text (with a name and a phone number) is not published before redaction.
    assert "王五" not in text and "13800138000" not in text
    small_campaign = next(c for c in bodies["campaigns"] if c["slug"] == "xiaoqian-frozen")
    assert small_campaign["members"] is None and small_campaign["total_claimed_cny"] is None
    small = next(s for s in bodies["snapshots"] if s["platform"] == "xiaoqian")
    # Its only campaign has 3 members: counted in no sum, so its month is not shown (null), not shown as 0.
    assert small["members_joined"] is None and "members_total" not in small
    assert small["resolution_share"] is None and small["money_recovered"] == "0.00"
    for snapshot in bodies["snapshots"]:
        assert (
            snapshot["members_joined"] is None
            or snapshot["members_joined"] == 0
            or snapshot["members_joined"] >= 5
        )
    big_campaign = next(c for c in bodies["campaigns"] if c["slug"] == "haoduo-topup")
    assert big_campaign["members"] == 30 and big_campaign["members_made_whole"] == 0


def test_the_api_agrees_with_the_rankings_on_the_same_data(client, world):
    snapshots_task.delay()
    row = next(r for r in selectors.ranking(period="30d") if r.slug == "haoduo")
    snapshot = next(
        s
        for s in _everything(client, "snapshots")
        if s["platform"] == "haoduo" and s["month"] == f"{world.month:%Y-%m}"
    )
    for key, value in row.figures.items():
        shown = snapshot[key]
        assert (None if shown is None else str(shown)) == (None if value is None else str(value)), key
    assert snapshot["resolution_share"] == "60.0" and snapshot["members_joined"] == 30
    filing = _everything(client, "filings")[0]
    assert filing["answered_on_time"] is True and filing["regulator"] == "samr"
    answer = _everything(client, "answers")[0]
    assert answer["filing"] == filing["id"] and set(answer) == {
        "id",
        "filing",
        "campaign",
        "regulator",
        "received_on",
        "working_days",
        "source",
    }


def test_keyset_pages_neither_repeat_nor_skip_when_rows_are_added_between_pages(client, db):
    for i in range(5):
        PlatformFactory(slug=f"p-{i}")
    first = _get(client, "platforms", limit=2)
    assert [p["slug"] for p in first["items"]] == ["p-0", "p-1"]
    PlatformFactory(slug="p-new")  # a new row lands at the end, never inside a page already read
    seen = [p["slug"] for p in first["items"]]
    after = first["next"]
    while after is not None:
        page = _get(client, "platforms", after=after, limit=2)
        seen += [p["slug"] for p in page["items"]]
        after = page["next"]
    assert seen == ["p-0", "p-1", "p-2", "p-3", "p-4", "p-new"]
    assert _get(client, "platforms", after=10**9)["items"] == []
    assert client.get(f"{API}/platforms", {"limit": 100000}).status_code == 422


def test_a_repeated_request_with_the_etag_or_date_gets_304(client, world):
    snapshots_task.delay()
    response = client.get(f"{API}/snapshots")
    etag, modified = response["ETag"], response["Last-Modified"]
    again = client.get(f"{API}/snapshots", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get(f"{API}/snapshots", headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(f"{API}/snapshots", headers={"If-None-Match": '"stale"'}).status_code == 200
    platforms = client.get(f"{API}/platforms")
    assert client.get(f"{API}/platforms", headers={"If-None-Match": platforms["ETag"]}).status_code == 304


def test_a_client_over_its_rate_gets_429_and_another_client_does_not(client, settings, db):
    settings.TONGSU_API_RATE = "3/m"
    codes = [client.get(f"{API}/platforms").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get(f"{API}/platforms", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_openapi_description_and_docs_are_public(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    assert {
        "/api/v1/platforms",
        "/api/v1/campaigns",
        "/api/v1/filings",
        "/api/v1/answers",
        "/api/v1/snapshots",
    } <= set(schema["paths"])
    assert client.get(f"{API}/docs").status_code == 200


def test_a_page_is_built_once_for_every_client_for_the_minute_it_may_be_kept(client, settings, world):
    settings.TONGSU_PAGE_CACHE_SECONDS = 10
    first = client.get("/api/v1/campaigns", {"limit": 1})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/campaigns", {"limit": 1})
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert len(queries) == 0
    assert client.get("/api/v1/campaigns", {"limit": 1}, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    settings.TONGSU_PAGE_CACHE_SECONDS = 0  # off: every request reads the database
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/campaigns", {"limit": 1})
    assert len(queries) >= 1


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/nothing-here", "/api/v2/campaigns", "/api/"])
def test_an_address_the_api_does_not_have_answers_json_404(client, path):
    """A program reading the API gets JSON it can parse, not the site's HTML page, at a wrong address."""
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not Found"}
