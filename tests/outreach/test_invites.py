"""Invite links and the goal: joins counted per invite, seen only by the inviter and only from 5, never who."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints.outreach.models import CampaignGoal, Invite, InviteJoin
from tests.factories import UserFactory, join

pytestmark = pytest.mark.django_db
JOIN = {"amount": "10", "currency": "CNY", "incident_date": "2025-06-01"}


def _invite_link(client, member, campaign) -> str:
    client.force_login(member)
    response = client.post(reverse("outreach:invite_create", args=[campaign.slug]))
    assert response.status_code == 302
    return reverse("outreach:invite_open", args=[Invite.objects.get(inviter=member).token])


def _join_through(link: str, campaign, client_class) -> object:
    newcomer = UserFactory()
    visitor = client_class(headers={"Accept-Language": "en"})
    assert visitor.get(link).status_code == 302  # opened before signing in
    visitor.force_login(newcomer)
    assert visitor.post(reverse("campaigns:join", args=[campaign.slug]), JOIN).status_code in (200, 302)
    return newcomer


def test_a_join_through_an_invite_link_is_counted_once(client, campaign, organizer, member):
    from django.test import Client

    link = _invite_link(client, member, campaign)
    newcomer = _join_through(link, campaign, Client)
    invite = Invite.objects.get(inviter=member)
    assert campaign.memberships.filter(user=newcomer, status="active").exists()
    assert invite.joins_count == 1
    assert InviteJoin.objects.count() == 1


def test_inviter_sees_fewer_than_five_then_the_count_and_nobody_sees_who(client, campaign, organizer, member):
    from django.test import Client

    link = _invite_link(client, member, campaign)
    fewer = "Fewer than 5 people have joined through your link so far."
    before = client.get(campaign.get_absolute_url()).content.decode()
    assert fewer in before, "no join yet reads the same as 1 to 4: one friend's join cannot be told apart"
    newcomers = [_join_through(link, campaign, Client) for _ in range(4)]
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert fewer in page
    newcomers.append(_join_through(link, campaign, Client))
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "5 people have joined through your link." in page
    # The organizer sees an aggregate for the campaign, never the inviter or the people invited.
    client.force_login(organizer)
    for url in (campaign.get_absolute_url(), reverse("campaigns:members", args=[campaign.slug])):
        page = client.get(url).content.decode()
        assert "joined through your link" not in page
        assert member.display_name not in page and member.email not in page
    assert "5 joined through members" in client.get(campaign.get_absolute_url()).content.decode()


def test_own_link_and_other_campaigns_do_not_count(client, campaign, organizer, member):
    from django.test import Client

    from tests.factories import CampaignFactory

    link = _invite_link(client, member, campaign)
    other = CampaignFactory()
    visitor = Client()
    visitor.get(link)
    visitor.force_login(UserFactory())
    visitor.post(reverse("campaigns:join", args=[other.slug]), JOIN)
    assert Invite.objects.get(inviter=member).joins_count == 0


def test_unknown_token_is_not_found(client, campaign):
    assert client.get(reverse("outreach:invite_open", args=["not-a-token"])).status_code == 404


def test_only_members_create_invite_links(client, campaign, organizer):
    client.force_login(UserFactory())
    assert client.post(reverse("outreach:invite_create", args=[campaign.slug])).status_code == 403
    assert not Invite.objects.exists()


def test_goal_progress_and_joined_today_hide_small_counts(client, campaign, organizer):
    client.force_login(organizer)
    response = client.post(reverse("outreach:goal_set", args=[campaign.slug]), {"members_wanted": "100"})
    assert response.status_code == 302 and CampaignGoal.objects.get(campaign=campaign).members_wanted == 100
    client.logout()
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Goal: 100 members before the next filing" in page
    assert "Fewer than 5 members so far" in page and "joined today" not in page
    for _ in range(5):
        join(campaign)
    client.force_login(UserFactory())
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'value="6" max="100"' in page and "6 of 100 members" in page
    assert "6 joined today" in page


def test_only_organizers_set_the_goal(client, campaign, organizer, member):
    client.force_login(member)
    assert (
        client.post(reverse("outreach:goal_set", args=[campaign.slug]), {"members_wanted": "50"}).status_code
        == 403
    )
    assert not CampaignGoal.objects.exists()


def test_an_invited_newcomer_who_signs_up_from_any_button_comes_back_to_the_campaign(
    client, campaign, member, django_capture_on_commit_callbacks, mailoutbox
):
    import re

    from django.test import Client

    from tests.factories import PASSWORD

    link = _invite_link(client, member, campaign)
    friend = Client()
    assert friend.get(link)["Location"] == campaign.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        response = friend.post(  # the header's "Sign up": no next
            reverse("account_signup"),
            {"email": "friend@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response["Location"] == reverse("account_email_verification_sent")
    (mail,) = [m for m in mailoutbox if m.to == ["friend@example.org"]]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.body, re.MULTILINE).group(1)
    response = friend.post(reverse("account_email_verification_sent"), {"code": code})
    assert response["Location"] == campaign.get_absolute_url(), "back to the campaign they were invited to"
