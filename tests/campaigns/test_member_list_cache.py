"""The member list is kept for every member of a campaign (a cached fragment in
templates/campaigns/_member_rows.html, keyed by the campaign's roster_version): whatever changes a row shows at
once on the next member's view, each viewer's "you" mark is their own, and organizers' rows (with their forms)
are never shared."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.campaigns import privacy, services
from complaints.campaigns.models import Membership
from tests.evidence.support import picture_item, private_dir  # noqa: F401 - private_dir is a fixture
from tests.factories import join

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def viewer(campaign, organizer):
    return join(campaign, amount="80").user


@pytest.fixture
def looks(campaign, viewer, django_capture_on_commit_callbacks):
    """What the viewer sees in one member's row on the member list, right now."""
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(viewer)
    url = reverse("campaigns:members", args=[campaign.slug])

    def row(number: int) -> str | None:
        page = client.get(url).content.decode()
        found = re.search(rf'<tr id="member-{number}">(.*?)</tr>', page, re.S)
        return " ".join(found.group(1).split()) if found else None

    return row


def _commit(django_capture_on_commit_callbacks, action):
    # The version moves when the change commits; the test transaction never does, so run its callbacks.
    with django_capture_on_commit_callbacks(execute=True):
        return action()


def test_a_second_look_is_served_from_what_was_kept(client, campaign, viewer):
    client.force_login(viewer)
    url = reverse("campaigns:members", args=[campaign.slug])
    first = client.get(url).content.decode()

    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url).content.decode()
    # The viewer's own membership (with their case) is still read: it is what lets them see the list.
    queries = [
        q for q in ctx.captured_queries if "campaigns_case" in q["sql"] and '"user_id" =' not in q["sql"]
    ]
    assert page.count("<tr id=") == first.count("<tr id=") == 2
    assert queries == [], "the rows came from the cache, not from the memberships and their cases"


def test_joining_leaving_and_changing_a_case_show_at_once(
    campaign, viewer, looks, django_capture_on_commit_callbacks
):
    newcomer = _commit(
        django_capture_on_commit_callbacks, lambda: join(campaign, amount="66", share_with_group=True)
    )
    number = newcomer.pseudonym_number
    assert "¥66.00" in looks(number)
    _commit(
        django_capture_on_commit_callbacks,
        lambda: services.case_update(
            actor=newcomer.user, membership=newcomer, facts=services.CaseFacts(amount=77)
        ),
    )
    assert "¥77.00" in looks(number)
    _commit(
        django_capture_on_commit_callbacks,
        lambda: services.membership_leave(actor=newcomer.user, membership=newcomer),
    )
    assert looks(number) is None


def test_withdrawing_consent_and_becoming_organizer_show_at_once(
    campaign, viewer, looks, django_capture_on_commit_callbacks
):
    other = _commit(
        django_capture_on_commit_callbacks, lambda: join(campaign, amount="55", share_with_group=True)
    )
    assert "¥55.00" in looks(other.pseudonym_number)
    _commit(
        django_capture_on_commit_callbacks,
        lambda: services.membership_consent_update(
            actor=other.user, membership=other, share_with_group=False, include_in_filings=False
        ),
    )
    row = looks(other.pseudonym_number)
    assert "55.00" not in row and "not shared" in row
    assert "organizer" not in row
    _commit(
        django_capture_on_commit_callbacks,
        lambda: services.membership_promote(actor=other.user, membership=other),
    )
    assert "organizer" in looks(other.pseudonym_number)


@pytest.mark.usefixtures("private_dir")
def test_approved_evidence_and_an_erased_account_show_at_once(
    campaign,
    viewer,
    looks,
    django_capture_on_commit_callbacks,
):
    other = _commit(
        django_capture_on_commit_callbacks, lambda: join(campaign, amount="44", share_with_group=True)
    )
    number = other.pseudonym_number
    evidence_cell = lambda: re.findall(r"<td>(.*?)</td>", looks(number))[2]  # noqa: E731
    assert "–" in evidence_cell()
    _commit(django_capture_on_commit_callbacks, lambda: picture_item(other, approve=True))
    assert "✓" in evidence_cell()
    _commit(django_capture_on_commit_callbacks, lambda: privacy.erase(other.user))
    assert "44.00" not in looks(number) and "not shared" in looks(number)


def test_each_member_sees_the_you_mark_on_their_own_row_only(campaign, organizer, viewer):
    third = join(campaign, amount="10").user
    url = reverse("campaigns:members", args=[campaign.slug])
    for person in (viewer, third, viewer):
        client = Client(headers={"Accept-Language": "en"})
        client.force_login(person)
        page = client.get(url).content.decode()
        own = Membership.objects.get(campaign=campaign, user=person).pseudonym_number
        marked = re.findall(
            r'<tr id="member-(\d+)">\s*<th scope="row">[^<]*(?:<span class="badge">organizer</span>)?\s*<span class="badge you">',
            page,
        )
        assert marked == [str(own)], (person, marked)


def test_organizers_get_their_own_rows_with_their_own_token(campaign, organizer, viewer):
    url = reverse("campaigns:members", args=[campaign.slug])
    member_client = Client(headers={"Accept-Language": "en"})
    member_client.force_login(viewer)
    member_client.get(url)  # fills the cache
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(organizer)
    page = client.get(url).content.decode()
    assert "Make organizer" in page
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 1
    assert "Make organizer" not in member_client.get(url).content.decode()


def test_evidence_counts_changed_by_another_app_through_the_services_show_at_once(
    campaign, viewer, looks, django_capture_on_commit_callbacks
):
    other = _commit(
        django_capture_on_commit_callbacks, lambda: join(campaign, amount="44", share_with_group=True)
    )
    evidence_cell = lambda: re.findall(r"<td>(.*?)</td>", looks(other.pseudonym_number))[2]  # noqa: E731
    assert "–" in evidence_cell()
    _commit(
        django_capture_on_commit_callbacks,
        lambda: services.membership_evidence_count_move(
            membership_id=other.pk, campaign_id=campaign.pk, delta=1
        ),
    )
    assert "✓" in evidence_cell()
    _commit(
        django_capture_on_commit_callbacks,
        lambda: services.memberships_evidence_count_set(counts={other.pk: 0}),
    )
    assert "–" in evidence_cell()
    assert Membership.objects.get(pk=other.pk).evidence_count == 0
