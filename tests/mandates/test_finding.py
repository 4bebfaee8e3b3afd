"""A member finds their mandate where they look: the case page of the campaign and the "My campaigns"
dashboard say whether it is signed, which version, or that a new version waits, and link to it."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.campaigns.models import Membership
from complaints.mandates import selectors, services
from tests.mandates.conftest import reauthenticated, sign, terms


def _pages(member, campaign) -> tuple[str, str]:
    browser = reauthenticated(member)
    case = browser.get(reverse("campaigns:case", args=[campaign.slug])).content.decode()
    dashboard = browser.get(reverse("campaigns:dashboard")).content.decode()
    return case, dashboard


def test_no_mandate_line_while_the_organizers_published_no_text(campaign, member):
    case, dashboard = _pages(member, campaign)
    assert "Mandate:" not in case and "Mandate:" not in dashboard


def test_case_page_and_dashboard_follow_the_mandate_from_unsigned_to_a_new_version(
    campaign, organizer, member, text
):
    text_url = reverse("mandates:text", args=[campaign.slug])
    case, dashboard = _pages(member, campaign)
    assert "Mandate: not signed" in case and text_url in case
    assert f'<a href="{text_url}">Mandate: not signed</a>' in dashboard

    sign(Membership.objects.get(user=member, campaign=campaign), text)
    case, dashboard = _pages(member, campaign)
    assert "Mandate: signed (version 1)" in case and reverse("accounts:consent") in case
    assert "Mandate: signed (version 1)" in dashboard

    services.mandate_text_publish(actor=organizer, campaign=campaign, terms=terms(may_settle=True))
    case, dashboard = _pages(member, campaign)
    assert "Mandate: a new version to sign" in case and "Read and sign the new version" in case
    assert "Mandate: a new version to sign" in dashboard
    # The old signature represents nobody now: signing again is the next step, before the case's gaps.
    assert "data-next-action>Sign the new version of the mandate</a>" in dashboard


def test_the_dashboard_reads_mandates_in_two_queries_for_many_campaigns(campaign, member, text):
    memberships = list(Membership.objects.filter(user=member))
    with CaptureQueriesContext(connection) as queries:
        statuses = selectors.member_mandates(memberships)
    assert len(queries) == 2
    assert {status.state for status in statuses.values()} == {"unsigned"}
