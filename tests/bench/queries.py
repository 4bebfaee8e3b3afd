"""Count the queries of the campaign page and list for a 10-member and the big campaign (prints JSON).

Run by tests/bench/run.py through tests/bench/task.py (`task.py queries`)."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from complaints.campaigns.models import Campaign, Membership


def count(client: Client, url: str) -> int:
    client.get(url)  # warm caches the way a running site has them
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def main(argv: list[str]) -> None:
    # Count what rendering the pages costs, not the anonymous page cache in front of them.
    with override_settings(TONGSU_PAGE_CACHE_SECONDS=0):
        result = counts()
    print(json.dumps(result))


def counts() -> dict:
    dataset = json.loads((Path(settings.VAR_DIR) / "bench" / "dataset.json").read_text())
    big = Campaign.objects.get(slug=dataset["big_campaign"])
    small = Campaign.objects.filter(
        slug__startswith="bench-", members_count=10
    ).first() or Campaign.objects.get(slug=dataset["small_campaign"])
    public = Client()
    result = {
        "campaign page": [
            count(public, f"/campaigns/{small.slug}/"),
            count(public, f"/campaigns/{big.slug}/"),
        ],
        "campaign list": [count(public, "/campaigns/?page=1"), count(public, "/campaigns/?page=2")],
    }
    member_small = Membership.objects.filter(campaign=small).select_related("user").first()
    member_big = Membership.objects.filter(campaign=big).select_related("user").first()
    views = []
    for membership in (member_small, member_big):
        client = Client()
        client.force_login(membership.user)
        views.append(count(client, f"/campaigns/{membership.campaign.slug}/members/"))
    result["member view"] = views
    result["members"] = [small.members_count, big.members_count]
    return result
