"""Small things a reader notices on the mandate pages: the revoke page names the representatives inside its
sentence, and the signed PDF says which time zone its signing time is in."""

from __future__ import annotations

import pymupdf
from django.urls import reverse

from complaints.campaigns.models import Membership
from complaints.mandates import services
from tests.mandates.conftest import reauthenticated, sign


def test_the_revoke_page_names_the_representatives_in_its_sentence(campaign, member, text):
    mandate = sign(Membership.objects.get(user=member, campaign=campaign), text)
    page = reauthenticated(member).get(reverse("mandates:revoke", args=[mandate.pk])).content.decode()
    assert "From now on, the representatives (Member #1) no longer act for you" in page
    assert "(Member #1)</small>" not in page


def test_the_signed_pdf_says_the_time_zone_of_its_signing_time(campaign, member, text):
    mandate = sign(Membership.objects.get(user=member, campaign=campaign), text)
    with pymupdf.open(stream=services.mandate_pdf_bytes(mandate), filetype="pdf") as doc:
        words = " ".join("".join(page.get_text() for page in doc).split())
    assert "北京时间" in words or "Beijing time" in words


def test_one_representative_is_named_in_the_singular(campaign, member, text):
    """The terms named "Member #1 (organizers of this campaign)": one person, called several."""
    page = reauthenticated(member).get(reverse("mandates:sign", args=[campaign.slug])).content.decode()
    assert "(organizer of this campaign)" in page
    assert "(organizers of this campaign)" not in page
