"""Pages must not slow down as a campaign grows: the same number of queries for 10 members or 1,000."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.campaigns.models import Membership
from complaints.campaigns.services import task_create
from tests.factories import CampaignFactory, PlatformFactory, bulk_members, join

pytestmark = pytest.mark.django_db


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def small_and_large(db):
    platform = PlatformFactory()
    small, large = CampaignFactory(platform=platform), CampaignFactory(platform=platform)
    for campaign, size in ((small, 10), (large, 1000)):
        first = join(campaign, amount=50)
        Membership.objects.filter(pk=first.pk).update(role="organizer")
        task_create(actor=first.user, campaign=campaign, title="上传截图", description="", audience="all")
        bulk_members(campaign, size - 1)
    return small, large


@pytest.mark.parametrize("viewer", ["anonymous", "member", "organizer"])
def test_campaign_page_queries_do_not_grow_with_members(
    client, small_and_large, viewer, django_assert_max_num_queries
):
    small, large = small_and_large
    budgets = []
    for campaign in (small, large):
        membership = campaign.memberships.order_by("pseudonym_number")[0 if viewer == "organizer" else 5]
        if viewer != "anonymous":
            client.force_login(membership.user)
        path = reverse("campaigns:detail", args=[campaign.slug])
        if not budgets:
            budgets.append(count_queries(client, path))
        else:
            with django_assert_max_num_queries(budgets[0]):
                page = client.get(path).content.decode()
            assert "1,000" in page or "1000" in page
    # 20 before the panels of mandates, replies, offers and verified purchases (one or two queries each).
    assert budgets[0] <= 25, "a fixed and small budget (base template, session and user included)"


def test_member_list_queries_do_not_grow_with_members(client, small_and_large, django_assert_max_num_queries):
    small, large = small_and_large
    client.force_login(small.memberships.first().user)
    budget = count_queries(client, reverse("campaigns:members", args=[small.slug]))
    client.force_login(large.memberships.first().user)
    with django_assert_max_num_queries(budget):
        client.get(reverse("campaigns:members", args=[large.slug]) + "?page=40")


def test_campaign_list_queries_do_not_grow_with_campaigns_or_members(
    client, small_and_large, django_assert_max_num_queries
):
    # Two campaigns fit on one page, read in one query; a longer list reads a page's ids first (one query more).
    budget = count_queries(client, reverse("campaigns:list")) + 1
    platform = PlatformFactory()
    for _ in range(30):
        CampaignFactory(platform=platform)
    # A search looks its terms up among the platforms first: one small query, whatever the terms.
    with django_assert_max_num_queries(budget + 1):
        client.get(reverse("campaigns:list") + "?q=top-up&sort=activity")
    with django_assert_max_num_queries(budget):
        client.get(reverse("campaigns:list"))


def test_platform_and_dashboard_pages_have_fixed_budgets(
    client, small_and_large, django_assert_max_num_queries
):
    small, large = small_and_large
    budget = count_queries(client, reverse("campaigns:platform", args=[small.platform.slug]))
    assert budget <= 8
    user = small.memberships.first().user
    client.force_login(user)
    budget = count_queries(client, reverse("campaigns:dashboard"))
    join(large, user)
    with django_assert_max_num_queries(budget):
        client.get(reverse("campaigns:dashboard"))


def test_joining_costs_the_same_few_statements_for_a_campaign_of_10_or_1000(client, small_and_large):
    """Each statement of a join waits its turn for the two cores under load: the lock reads the campaign,
    a first join asks for no membership row (the lock says whether there is one) and writes both
    announcements in one INSERT."""
    from tests.factories import UserFactory

    counts = []
    for campaign in small_and_large:
        person = UserFactory()
        client.force_login(person)
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(
                reverse("campaigns:join", args=[campaign.slug]),
                {"amount": "12.00", "currency": "CNY", "incident_date": "2026-10-01"},
            )
        assert (
            response.status_code == 302 and Membership.objects.filter(campaign=campaign, user=person).exists()
        )
        statements = [
            q["sql"]
            for q in ctx.captured_queries
            if q["sql"] not in ("BEGIN", "COMMIT")
            and not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
            and "django_session" not in q["sql"]  # from the Redis cache where there is one
        ]
        counts.append(len(statements))
        assert sum('INSERT INTO "notifications_broadcast"' in sql for sql in statements) == 1
        assert not [sql for sql in statements if sql.startswith('SELECT "campaigns_membership"')], statements
    # the person; the lock (which reads the campaign), the membership, the case, the figures, the broadcasts
    assert counts[0] == counts[1] == 6, (counts, statements)


@pytest.mark.parametrize("page", ["campaigns:detail", "campaigns:members"])
def test_a_members_campaign_pages_read_the_campaign_and_their_membership_together(
    client, small_and_large, page
):
    """Under load each statement waits its turn: the viewer's own membership (and case) comes with the campaign
    row, so "member? organizer?" costs no second query, and what the page shows stays the viewer's own."""
    small, _ = small_and_large
    membership = small.memberships.order_by("pseudonym_number")[3]
    client.force_login(membership.user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(page, args=[small.slug]))
    assert response.status_code == 200
    reads = [q["sql"] for q in ctx.captured_queries if "django_session" not in q["sql"]]
    own = f'"campaigns_membership"."user_id" = {membership.user_id}'
    assert not [sql for sql in reads if sql.startswith('SELECT "campaigns_membership"') and own in sql], reads
    campaign_reads = [sql for sql in reads if sql.startswith('SELECT "campaigns_campaign"')]
    assert len(campaign_reads) == 1 and "campaigns_case" in campaign_reads[0], campaign_reads
    # and it is their own: the "you" mark sits on their row, the page is not the public one
    assert f"#{membership.pseudonym_number}" in response.content.decode()


def test_a_person_who_is_not_a_member_is_still_refused_the_member_list(client, small_and_large):
    small, large = small_and_large
    client.force_login(large.memberships.first().user)
    assert client.get(reverse("campaigns:members", args=[small.slug])).status_code == 403
