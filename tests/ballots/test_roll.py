# ruff: noqa: F811 - the fixtures imported below are used by name
"""The roll of a vote is fixed when voting opens: with mandates, only those who had signed by then vote, the
page's numbers are the roll's, and a member on the roll sees the open vote on their dashboard."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from complaints.ballots import services
from complaints.ballots.models import Ballot
from complaints.ballots.selectors import offer_electorate
from complaints.campaigns.services import membership_promote
from complaints.mandates.services import mandate_revoke, mandate_text_publish
from tests.ballots.conftest import record_offer, voters  # noqa: F401
from tests.campaigns.conftest import campaign, client, member, organizer, platform  # noqa: F401
from tests.factories import CampaignFactory, join
from tests.mandates.conftest import sign, terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def mandated(campaign, organizer, voters):
    """A mandate text; two voters sign it before the vote opens, two do not."""
    text = mandate_text_publish(actor=organizer, campaign=campaign, terms=terms())
    sign(voters[0], text)
    sign(voters[1], text)
    return text


def test_a_member_who_signs_after_voting_opened_is_refused_and_not_counted(
    client, campaign, organizer, voters, mandated
):
    offer = services.offer_open(actor=organizer, offer=record_offer(campaign, organizer))
    late = voters[2]
    sign(late, mandated)
    with translation.override("zh-hans"), pytest.raises(services.BallotError, match="投票开始时已签署"):
        services.offer_vote(actor=late.user, offer=offer, membership=late, choice="accept")
    client.force_login(late.user)
    refused = client.post(reverse("ballots:offer_vote", args=[campaign.slug, offer.pk]), {"choice": "reject"})
    assert refused.status_code == 400
    assert "Only members who had signed the mandate (授权委托书) when voting opened can vote." in (
        refused.content.decode()
    )
    page = client.get(offer.get_absolute_url()).content.decode()
    assert 'name="choice"' not in page and reverse("mandates:sign", args=[campaign.slug]) not in page
    offer.refresh_from_db()
    assert offer.voted_count == 0 and not Ballot.objects.filter(offer=offer).exists()
    assert late.pk not in set(offer_electorate(offer).values_list("pk", flat=True))


def test_signers_before_opening_vote_and_the_page_counts_the_same_roll(
    client, campaign, organizer, voters, mandated
):
    offer = services.offer_open(actor=organizer, offer=record_offer(campaign, organizer, quorum_percent=100))
    sign(voters[2], mandated)  # too late: not on the roll, not in the quorum's base
    roll = set(offer_electorate(offer).values_list("pk", flat=True))
    assert roll == {voters[0].pk, voters[1].pk} and offer.electorate_count == 2
    for voter in voters[:2]:
        services.offer_vote(actor=voter.user, offer=offer, membership=voter, choice="accept")
    client.force_login(voters[0].user)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "2 members who had joined and signed the mandate (授权委托书) when voting opened" in page
    assert "at least 2 ballots" in page and "2 ballots cast so far." in page
    closed = services.offer_close(offer_id=offer.pk, everyone_voted=True)
    assert closed is not None and closed.passed, "everyone on the roll voted: it closes, and passes"
    assert "Turnout: 2 of 2 (quorum 2)" in client.get(offer.get_absolute_url()).content.decode()


def test_the_roll_keeps_a_signer_who_signs_a_new_version_but_not_one_who_revoked(
    campaign, organizer, voters, mandated
):
    offer = services.offer_open(actor=organizer, offer=record_offer(campaign, organizer))
    newer = mandate_text_publish(actor=organizer, campaign=campaign, terms=terms(may_settle=True))
    kept, revoked = voters[0], voters[1]
    assert not offer_electorate(offer).exists(), "the old version represents nobody now"
    sign(kept, newer)  # no gap: they were represented when voting opened and are again now
    mandate = sign(revoked, newer)
    mandate_revoke(actor=revoked.user, mandate=mandate)
    sign(revoked, newer)  # signed again after voting opened: a new signature, too late for this vote
    assert set(offer_electorate(offer).values_list("pk", flat=True)) == {kept.pk}
    services.offer_vote(actor=kept.user, offer=offer, membership=kept, choice="accept")
    with pytest.raises(services.BallotError):
        services.offer_vote(actor=revoked.user, offer=offer, membership=revoked, choice="accept")


def _status_lines(client, membership) -> str:
    client.force_login(membership.user)
    page = client.get(reverse("campaigns:dashboard")).content.decode()
    return "".join(line for line in page.splitlines() if "dashboard-status" in line)


def test_the_dashboard_shows_an_open_vote_to_the_members_on_its_roll(
    client, campaign, organizer, voters, mandated
):
    offer = services.offer_open(actor=organizer, offer=record_offer(campaign, organizer))
    signer, late = voters[0], voters[2]
    sign(late, mandated)
    lines = _status_lines(client, signer)
    assert "Settlement offer vote open: until" in lines and offer.get_absolute_url() in lines
    assert "Settlement offer vote" not in _status_lines(client, late), "not on the roll: nothing to vote on"
    services.offer_vote(actor=signer.user, offer=offer, membership=signer, choice="abstain")
    lines = _status_lines(client, signer)
    assert "Settlement offer vote: you voted" in lines and "open: until" not in lines
    client.force_login(signer.user)
    with translation.override("zh-hans"):
        page = client.get(reverse("campaigns:dashboard"), headers={"Accept-Language": "zh-hans"})
    assert "和解方案投票：已投票" in page.content.decode()


def test_the_dashboards_vote_lines_cost_one_query_however_many_campaigns(
    client, campaign, organizer, voters, django_assert_max_num_queries
):
    person = voters[0]
    services.offer_open(actor=organizer, offer=record_offer(campaign, organizer))
    client.force_login(person.user)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("campaigns:dashboard"))
    budget = len(ctx.captured_queries)
    for _ in range(3):
        other = CampaignFactory(platform=campaign.platform)
        boss = join(other, amount="10")
        membership_promote(actor=boss.user, membership=boss)
        join(other, person.user, amount="20")
        services.offer_open(actor=boss.user, offer=record_offer(other, boss.user))
    with django_assert_max_num_queries(budget):
        page = client.get(reverse("campaigns:dashboard")).content.decode()
    assert page.count("Settlement offer vote open: until") == 4
