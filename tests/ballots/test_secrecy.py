"""The secret ballot: nothing an organizer, a moderator, the audit log, the admin or a reader of the database
sees links a ballot to the member who cast it."""

from __future__ import annotations

import difflib
import logging
import re

import pytest
from django.contrib.admin.sites import site
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone

from complaints.ballots import privacy as ballots_privacy
from complaints.ballots import services
from complaints.ballots.models import Acceptance, Ballot, Offer, VoterRoll
from complaints.campaigns.models import Membership
from complaints.core.models import AuditEvent
from tests.ballots.conftest import record_offer
from tests.factories import CampaignFactory, ModeratorFactory, PlatformFactory, join, organize

pytestmark = pytest.mark.django_db


def test_no_foreign_key_or_column_links_a_ballot_to_the_roll():
    ballot_columns = {f.column for f in Ballot._meta.concrete_fields}
    roll_columns = {f.column for f in VoterRoll._meta.concrete_fields}
    assert ballot_columns & roll_columns == {"id", "offer_id"}
    # The shared "id" is a random UUID in both tables, never a sequence that orders them alike.
    assert isinstance(Ballot._meta.pk, models.UUIDField) and isinstance(VoterRoll._meta.pk, models.UUIDField)
    for field in Ballot._meta.get_fields():
        assert not isinstance(field, models.DateTimeField | models.DateField), field
        related = getattr(field, "related_model", None)
        assert related in (None, Offer), f"a ballot refers to {related}"
    assert not any(f.related_model is Ballot for f in VoterRoll._meta.get_fields() if f.is_relation)
    # In the database as well, not just in the models.
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, Ballot._meta.db_table)
    assert {ref[1] for ref in relations.values()} == {Offer._meta.db_table}


def test_ballots_have_no_admin_page():
    assert Ballot not in site._registry and VoterRoll not in site._registry


def _campaign_with_voters():
    campaign = CampaignFactory(platform=PlatformFactory(slug="p", name="P"), slug="secret-vote", title="Vote")
    organizer = organize(campaign, amount="300").user
    alice = join(campaign, amount="100")
    bob = join(campaign, amount="200")
    offer = services.offer_open(actor=organizer, offer=record_offer(campaign, organizer))
    return campaign, organizer, alice, bob, offer


def _normalize(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r"tongsu-ballot:\d+:", "tongsu-ballot:OFFER:", html)  # the two runs' offers differ
    return re.sub(r'nonce="[^"]+"', "", html)


def _pages(client, organizer, moderator, offer, choices, alice, bob):
    for membership, choice in zip((alice, bob), choices, strict=True):
        services.offer_vote(actor=membership.user, offer=offer, membership=membership, choice=choice)
    Offer.objects.filter(pk=offer.pk).update(closes_at=timezone.now())
    services.offers_close_due()
    out = []
    for person in (organizer, moderator):
        client.force_login(person)
        for name in ("ballots:offer", "ballots:receipts"):
            response = client.get(reverse(name, args=[offer.campaign.slug, offer.pk]))
            assert response.status_code == 200
            out.append(_normalize(response.content.decode()))
    assert (
        "Ballots to accept: 1" in out[0] and "Ballots to reject: 1" in out[0]
    )  # the count is there, just not whose
    return out


def test_organizer_and_moderator_pages_are_the_same_whoever_voted_what(client):
    """Alice accepts and Bob rejects, or the other way round: what the organizer and a moderator see is the
    same apart from the receipt hashes (which are random)."""
    moderator = ModeratorFactory()
    seen = []
    for choices in (("accept", "reject"), ("reject", "accept")):
        Offer.objects.all().delete()
        Membership.objects.all().delete()
        campaign, organizer, alice, bob, offer = _campaign_with_voters()
        pages = _pages(client, organizer, moderator, offer, choices, alice, bob)
        hashes = services_hashes(offer)
        seen.append([_without(page, hashes) for page in pages])
        campaign.delete()
    for first, second in zip(seen[0], seen[1], strict=True):
        assert first == second, "\n".join(
            difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm="")
        )


def services_hashes(offer) -> list[str]:
    return list(Ballot.objects.filter(offer=offer).values_list("receipt_hash", flat=True))


def _without(page: str, hashes: list[str]) -> str:
    for value in hashes:
        page = page.replace(value, "HASH")
    page = re.sub(r"/offers/\d+/", "/offers/N/", page)
    return re.sub(r"(Member #)\d+", r"\1N", page)


def test_audit_log_and_logs_say_who_voted_never_how(offer, voters, caplog):
    caplog.set_level(logging.DEBUG)
    services.offer_vote(actor=voters[0].user, offer=offer, membership=voters[0], choice="reject")
    event = AuditEvent.objects.get(action="offer.vote")
    assert "reject" not in str(event.data) and "reject" not in event.reason
    assert "reject" not in caplog.text


def test_ballots_are_rewritten_in_random_order_at_the_close(offer, campaign):
    voters = list(Membership.objects.filter(campaign=campaign))
    for membership in voters:
        services.offer_vote(actor=membership.user, offer=offer, membership=membership, choice="abstain")
    before = set(Ballot.objects.filter(offer=offer).values_list("id", flat=True))
    Offer.objects.filter(pk=offer.pk).update(closes_at=timezone.now())
    services.offers_close_due()
    after = set(Ballot.objects.filter(offer=offer).values_list("id", flat=True))
    # New rows with new random ids: the insertion order of the ballots no longer follows the roll's.
    assert len(after) == len(voters) and not (before & after)
    assert Offer.objects.get(pk=offer.pk).abstain_count == len(voters)


def test_erasing_a_voter_keeps_the_anonymous_ballot(offer, voters):
    code = services.offer_vote(actor=voters[0].user, offer=offer, membership=voters[0], choice="accept")
    services.offer_accept(actor=voters[0].user, offer=offer, membership=voters[0], decision="accept")
    exported = ballots_privacy.export(voters[0].user)
    assert exported["voted"][0]["offer"] == offer.pk and "accept" not in str(exported["voted"])
    ballots_privacy.erase(voters[0].user)
    assert not VoterRoll.objects.filter(membership_id=voters[0].pk).exists()
    assert not Acceptance.objects.filter(membership_id=voters[0].pk).exists()
    assert services.receipt_counted(offer, code)
    assert Ballot.objects.filter(offer=offer).count() == 1
