"""Ballots with the apps above and beside them: a campaign that uses mandates lets only its signers vote, and
an organizer starts an offer from the platform's own settlement offer in the reply thread."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from complaints.ballots import services
from complaints.ballots.selectors import offer_electorate
from complaints.mandates.services import mandate_text_publish
from complaints.replies.models import PlatformDomain, Reply
from complaints.replies.services import reply_hide, reply_post
from tests.ballots.conftest import record_offer, voters  # noqa: F401
from tests.campaigns.conftest import campaign, client, member, organizer, platform  # noqa: F401
from tests.factories import ModeratorFactory
from tests.mandates.conftest import reauthenticated, sign, terms
from tests.replies.conftest import approved_representative

pytestmark = pytest.mark.django_db


def test_a_campaign_that_uses_mandates_lets_only_its_signers_vote(campaign, organizer, voters):  # noqa: F811
    signer, other = voters[0], voters[1]
    text = mandate_text_publish(actor=organizer, campaign=campaign, terms=terms())
    sign(signer, text)
    offer = services.offer_open(actor=organizer, offer=record_offer(campaign, organizer))
    assert set(offer_electorate(offer).values_list("pk", flat=True)) == {signer.pk}
    with pytest.raises(services.BallotError):
        services.offer_vote(actor=other.user, offer=offer, membership=other, choice="accept")
    services.offer_vote(actor=signer.user, offer=offer, membership=signer, choice="accept")


def _platform_offer(campaign, text: str = "我们愿意退还每位用户充值金额的八成，30日内到账。") -> Reply:  # noqa: F811
    PlatformDomain.objects.create(platform=campaign.platform, domain="shop.example.cn")
    rep = approved_representative(campaign.platform, email="legal@shop.example.cn")
    return reply_post(actor=rep.user, campaign=campaign, kind=Reply.Kind.OFFER, text=text)


def test_an_organizer_puts_the_platforms_offer_to_a_vote_from_the_thread(client, campaign, organizer, member):  # noqa: F811
    reply = _platform_offer(campaign)
    thread = reverse("replies:thread", args=[campaign.slug])
    start = reverse("ballots:offer_create", args=[campaign.slug]) + f"?source=reply&ref={reply.pk}"
    client.force_login(member)
    assert start.replace("&", "&amp;") not in client.get(thread).content.decode(), (
        "members do not start votes"
    )
    client.force_login(organizer)
    assert start.replace("&", "&amp;") in client.get(thread).content.decode()
    form = client.get(start).content.decode()
    assert "我们愿意退还每位用户充值金额的八成" in form and "settlement offer of" in form


def test_a_hidden_or_foreign_reply_starts_an_empty_offer(client, campaign, organizer):  # noqa: F811
    reply = _platform_offer(campaign, "愿意补偿五十元。")
    reply_hide(actor=ModeratorFactory(), reply=reply, reason="重复")
    client.force_login(organizer)
    for ref in (str(reply.pk), "999999", "x"):
        page = client.get(reverse("ballots:offer_create", args=[campaign.slug]) + f"?source=reply&ref={ref}")
        assert page.status_code == 200 and "愿意补偿五十元" not in page.content.decode()


def test_only_signers_vote_says_the_page(client, campaign, organizer, voters):  # noqa: F811
    """The offer page and the refusal say the mandate rule; the link to sign is there only before voting opens."""
    signer, other = voters[0], voters[1]
    text = mandate_text_publish(actor=organizer, campaign=campaign, terms=terms())
    sign(signer, text)
    draft = record_offer(campaign, organizer)
    sign_url = reverse("mandates:sign", args=[campaign.slug])
    client.force_login(organizer)  # an organizer who has not signed: a draft tells them to, in time
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Members who joined and signed the mandate (授权委托书) before voting opens" in page
    assert "Only members who signed the mandate (授权委托书) before voting opens can vote:" in page
    assert sign_url in page
    offer = services.offer_open(actor=organizer, offer=draft)
    client.force_login(other.user)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "1 member who had joined and signed the mandate (授权委托书) when voting opened" in page
    assert "Only members who had signed the mandate (授权委托书) when voting opened can vote." in page
    assert sign_url not in page, "signing now would not give a vote: no link to sign"
    refused = client.post(
        reverse("ballots:offer_vote", args=[campaign.slug, offer.pk]), {"choice": "accept"}
    ).content.decode()
    assert "Only members who had signed the mandate (授权委托书) when voting opened can vote." in refused
    with (
        translation.override("zh-hans"),
        pytest.raises(services.BallotError, match="只有投票开始时已签署授权委托书的成员可以投票"),
    ):
        services.offer_vote(actor=other.user, offer=offer, membership=other, choice="accept")


def test_a_member_off_the_roll_is_not_asked_to_vote_and_hears_the_refusal_once(
    client,  # noqa: F811
    campaign,  # noqa: F811
    organizer,  # noqa: F811
    voters,  # noqa: F811
):
    signer, other = voters[0], voters[1]
    text = mandate_text_publish(actor=organizer, campaign=campaign, terms=terms())
    sign(signer, text)
    offer = services.offer_open(actor=organizer, offer=record_offer(campaign, organizer))
    client.force_login(other.user)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert offer.get_absolute_url() in page
    assert "Read the offer and vote" not in page
    assert "Read the offer<" in page
    client.force_login(signer.user)
    assert "Read the offer and vote" in client.get(campaign.get_absolute_url()).content.decode()
    client.force_login(other.user)
    refused = client.post(
        reverse("ballots:offer_vote", args=[campaign.slug, offer.pk]), {"choice": "accept"}
    ).content.decode()
    assert (
        refused.count("Only members who had signed the mandate (授权委托书) when voting opened can vote.")
        == 1
    )


def test_the_sign_page_says_an_open_vote_counts_only_earlier_signers(campaign, organizer, voters):  # noqa: F811
    late = voters[1]
    sign(voters[0], mandate_text_publish(actor=organizer, campaign=campaign, terms=terms()))
    sign_url = reverse("mandates:sign", args=[campaign.slug])
    line = "The settlement offer being voted on now counts only the members who had signed when voting opened"
    draft = record_offer(campaign, organizer)
    assert line not in reauthenticated(late.user).get(sign_url).content.decode()
    services.offer_open(actor=organizer, offer=draft)
    assert line in reauthenticated(late.user).get(sign_url).content.decode()
