"""The offer pages as people use them: the organizer's form, the member's htmx vote and receipt, the list of
receipts the public may check."""

from __future__ import annotations

import hashlib
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.ballots import services
from complaints.ballots.models import Ballot, Offer, VoterRoll
from complaints.campaigns.models import Membership
from tests.factories import UserFactory, join

pytestmark = pytest.mark.django_db

FORM = {
    "terms": "平台同意退还每人充值金额的80%，30日内到账。",
    "source_label": "平台的书面回复",
    "formula": "percent",
    "formula_value": "80",
    "working_days": "5",
    "quorum_percent": "50",
    "threshold_percent": "60",
}


def _url(name, offer):
    return reverse(name, args=[offer.campaign.slug, offer.pk])


def test_organizer_records_an_offer_and_opens_the_vote(client, campaign, organizer, member):
    client.force_login(organizer)
    response = client.post(reverse("ballots:offer_create", args=[campaign.slug]), FORM)
    offer = Offer.objects.get()
    assert response.status_code == 302 and response["Location"] == offer.get_absolute_url()
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "80% of the amount each member claimed" in page and "Open the vote" in page
    client.post(_url("ballots:offer_open", offer))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.OPEN and offer.electorate_count == 2


def test_a_phone_number_in_the_terms_is_refused(client, campaign, organizer):
    client.force_login(organizer)
    form = {**FORM, "terms": "有问题找张经理，电话 13812345678"}
    response = client.post(reverse("ballots:offer_create", args=[campaign.slug]), form)
    assert response.status_code == 200 and "phone number" in response.content.decode()
    assert not Offer.objects.exists()


def test_a_member_cannot_record_an_offer(client, campaign, member):
    client.force_login(member)
    assert client.post(reverse("ballots:offer_create", args=[campaign.slug]), FORM).status_code == 403


def test_member_votes_with_htmx_and_sees_the_receipt_once(client, offer, voters):
    client.force_login(voters[0].user)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Cast my secret ballot" in page and "for you: ¥80.00" in page
    response = client.post(
        _url("ballots:offer_vote", offer), {"choice": "reject"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="offer-vote"')
    code = body.split('class="receipt-code"><code>')[1].split("</code>")[0]
    assert services.receipt_counted(offer, code)
    # Shown once: not on the page afterwards, not in the session, not in a message.
    again = client.get(offer.get_absolute_url()).content.decode()
    assert code not in again and "You voted on" in again
    assert code not in str(dict(client.session))
    # A replayed vote changes nothing and says why.
    replay = client.post(
        _url("ballots:offer_vote", offer), {"choice": "accept"}, headers={"HX-Request": "true"}
    )
    # htmx swaps only a 2xx answer: the refusal comes as the vote section, in place of the stale form.
    assert replay.status_code == 200 and "already voted" in replay.content.decode()
    assert replay.content.decode().lstrip().startswith('<section id="offer-vote"')
    assert Ballot.objects.filter(offer=offer).count() == 1 and Ballot.objects.get().choice == "reject"


def test_late_joiner_is_told_they_cannot_vote(client, offer, campaign):
    late = join(campaign, amount="10")
    client.force_login(late.user)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "only members who joined before voting opened can" in page
    response = client.post(_url("ballots:offer_vote", offer), {"choice": "accept"})
    assert response.status_code == 400
    assert not VoterRoll.objects.exists()


def test_vote_after_the_deadline_is_refused(client, offer, voters):
    Offer.objects.filter(pk=offer.pk).update(closes_at=timezone.now())
    client.force_login(voters[0].user)
    response = client.post(_url("ballots:offer_vote", offer), {"choice": "accept"})
    assert response.status_code == 400 and "Voting on this offer is closed." in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_vote_from_a_stale_tab_after_the_deadline_shows_why_in_place(client, offer, voters):
    client.force_login(voters[0].user)
    Offer.objects.filter(pk=offer.pk).update(closes_at=timezone.now())
    response = client.post(
        _url("ballots:offer_vote", offer), {"choice": "accept"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="offer-vote"') and "Voting on this offer is closed." in body
    assert 'role="alert"' in body and not Ballot.objects.exists()


def test_forged_offer_id_is_not_found(client, offer, voters):
    client.force_login(voters[0].user)
    url = reverse("ballots:offer_vote", args=[offer.campaign.slug, offer.pk + 999])
    assert client.post(url, {"choice": "accept"}).status_code == 404
    assert not Ballot.objects.exists()


def test_outsider_and_visitor_do_not_see_the_offer(client, offer):
    assert client.get(offer.get_absolute_url()).status_code == 302
    client.force_login(UserFactory())
    assert client.get(offer.get_absolute_url()).status_code == 404


def test_receipts_page_checks_a_code_and_hides_a_list_of_fewer_than_five(client, offer, voters):
    code = services.offer_vote(actor=voters[0].user, offer=offer, membership=voters[0], choice="accept")
    url = _url("ballots:receipts", offer)
    page = client.post(url, {"code": code}).content.decode()
    assert "Counted: a ballot with this receipt code is in the count." in page
    assert "Fewer than 5 ballots" in page and services.receipt_hash(offer.pk, code) not in page
    assert "Not found" in client.post(url, {"code": "AAAA-BBBB-CCCC-DDDD"}).content.decode()
    client.force_login(voters[1].user)
    assert services.receipt_hash(offer.pk, code) in client.get(url).content.decode()


def test_receipts_list_is_public_from_five_ballots(client, offer, campaign):
    for membership in Membership.objects.filter(campaign=campaign):
        services.offer_vote(actor=membership.user, offer=offer, membership=membership, choice="abstain")
    page = client.get(_url("ballots:receipts", offer)).content.decode()
    assert page.count("<li><code>") == 5


def test_member_answers_for_their_own_case_then_confirms_what_they_received(client, offer, voters):
    member = voters[0]
    client.force_login(member.user)
    assert client.post(_url("ballots:offer_accept", offer), {"decision": "accept"}).status_code == 302
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Confirm what I received" in page
    response = client.post(
        _url("ballots:offer_received", offer), {"result": "partly", "amount_received": "80"}
    )
    assert response.status_code == 302
    assert str(member.outcome.amount_received) == "80.00"


def test_campaign_page_tells_members_of_an_open_vote(client, offer, voters, campaign):
    client.force_login(voters[0].user)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "A settlement offer is put to the members&#x27; vote." in page or "put to the members" in page
    assert offer.get_absolute_url() in page


def test_the_receipts_page_says_how_to_compute_each_listed_value_by_hand(client, offer, voters):
    code = services.offer_vote(actor=voters[0].user, offer=offer, membership=voters[0], choice="accept")
    client.force_login(voters[0].user)
    page = html.unescape(client.get(_url("ballots:receipts", offer)).content.decode())
    example = f"tongsu-ballot:{offer.pk}:ABCD-EFGH-JKMN-PQRS"
    assert f"<code>{example}</code>" in page
    # the command is a block of its own, with no full stop after it to wrap onto a line by itself at 390 px
    command = f"<pre class=\"hash-command\"><code>printf '%s' '{example}' | sha256sum</code></pre>"
    assert command in page and "sha256sum</code>." not in page
    zh = html.unescape(
        client.get(_url("ballots:receipts", offer), headers={"Accept-Language": "zh-hans"}).content.decode()
    )
    assert "在电脑上用这条命令可以算出它：</p>" in zh and command in zh and "sha256sum</code>。" not in zh
    # What a voter does by hand: the example text with their own code, then SHA-256.
    by_hand = hashlib.sha256(example.replace("ABCD-EFGH-JKMN-PQRS", code).encode()).hexdigest()
    assert f"<code>{by_hand}</code>" in page


def test_after_the_result_the_page_says_what_happens_next_and_what_the_own_answer_is(client, offer, voters):
    for membership in voters[:3]:
        services.offer_vote(actor=membership.user, offer=offer, membership=membership, choice="accept")
    Offer.objects.filter(pk=offer.pk).update(closes_at=timezone.now())
    services.offers_close_due()
    client.force_login(voters[0].user)
    page = client.get(offer.get_absolute_url(), headers={"Accept-Language": "zh-hans"}).content.decode()
    assert "成员们接受了这个方案" in page or "The members accepted the offer." in page
    assert "接下来：集体的代表人现在可以代表集体接受这个方案" in page
    assert "每位成员仍要在“你的个人回应”中为自己的案件表明是否接受这个方案" in page
    assert "赞成票：3" in page and "票: " not in page  # the full-width colon in Chinese


def test_the_offer_form_says_a_tie_passes_at_50(client, campaign, organizer):
    client.force_login(organizer)
    form = client.get(
        reverse("ballots:offer_create", args=[campaign.slug]), headers={"Accept-Language": "zh-hans"}
    )
    assert "至少占 50%，平票也算通过" in form.content.decode()


def test_the_campaign_page_links_offers_only_once_there_is_one(client, campaign, organizer, member):
    client.force_login(member)
    assert (
        reverse("ballots:offers", args=[campaign.slug])
        not in client.get(campaign.get_absolute_url()).content.decode()
    )
    client.force_login(organizer)
    client.post(reverse("ballots:offer_create", args=[campaign.slug]), FORM)
    client.post(_url("ballots:offer_open", Offer.objects.get()))
    client.force_login(member)
    assert (
        reverse("ballots:offers", args=[campaign.slug])
        in client.get(campaign.get_absolute_url()).content.decode()
    )
