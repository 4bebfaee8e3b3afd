"""A member signs the mandate after confirming their password; their legal name and ID number are sealed at
rest, shown to nobody but them, and the PDF's SHA-256 is the hash of the file they download."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pymupdf
import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from complaints.campaigns.models import Membership
from complaints.core.models import AuditEvent
from complaints.mandates import services
from complaints.mandates.forms import SignForm
from complaints.mandates.models import Mandate, MandateIdentity
from tests.factories import CampaignFactory, ModeratorFactory, UserFactory, join, organize
from tests.mandates.conftest import ID_NUMBER, LEGAL_NAME, reauthenticated, sign, terms
from tests.privacy import database_hits, raw_file_hits, storage_hits

SIGN_FORM = {
    "legal_name": LEGAL_NAME,
    "id_kind": "cn_resident",
    "id_number": ID_NUMBER,
    "true_and_complete": "on",
    "signature": LEGAL_NAME,
}


def _membership(user, campaign) -> Membership:
    return Membership.objects.get(user=user, campaign=campaign)


def test_signing_asks_for_the_password_again(campaign, member, text):
    browser = Client()
    browser.force_login(member)
    response = browser.post(reverse("mandates:sign", args=[campaign.slug]), SIGN_FORM)
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response.url
    assert not Mandate.objects.exists()


def test_member_signs_and_downloads_the_pdf_whose_hash_is_recorded(campaign, member, text):
    browser = reauthenticated(member)
    response = browser.post(reverse("mandates:sign", args=[campaign.slug]), SIGN_FORM)
    assert response.status_code == 302 and response.url == reverse("accounts:consent")
    mandate = Mandate.objects.get(membership__user=member)
    assert mandate.text == text and mandate.in_force

    consent = browser.get(reverse("accounts:consent")).content.decode()
    assert LEGAL_NAME in consent and "2316" in consent and ID_NUMBER not in consent
    assert mandate.pdf_sha256 in consent

    download = browser.get(reverse("mandates:pdf", args=[mandate.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    data = download.content
    assert hashlib.sha256(data).hexdigest() == mandate.pdf_sha256
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        words = "".join(page.get_text() for page in doc)
        fonts = [font for number in range(doc.page_count) for font in doc.get_page_fonts(number)]
    assert ID_NUMBER in words and LEGAL_NAME in words.replace("\n", "")
    assert all(font[1] != "n/a" for font in fonts), "every font is embedded"

    event = AuditEvent.objects.get(action="mandate.sign")
    assert event.actor == member and event.data["sha256"] == mandate.pdf_sha256
    assert ID_NUMBER not in str(event.data) and LEGAL_NAME not in event.target_label


def test_nobody_else_reaches_a_signed_mandate(campaign, organizer, member, text):
    mandate = sign(_membership(member, campaign), text)
    other_member = join(campaign).user
    for person in (organizer, other_member, ModeratorFactory(), UserFactory()):
        browser = reauthenticated(person)
        assert browser.get(reverse("mandates:pdf", args=[mandate.pk])).status_code == 404
        assert browser.post(reverse("mandates:revoke", args=[mandate.pk])).status_code == 404
        assert LEGAL_NAME not in browser.get(reverse("accounts:consent")).content.decode()
        for page in (campaign.get_absolute_url(), reverse("mandates:text", args=[campaign.slug])):
            assert LEGAL_NAME not in browser.get(page).content.decode()
    mandate.refresh_from_db()
    assert mandate.in_force


def test_hostile_signatures_are_refused_with_a_reason_and_change_nothing(campaign, member, text):
    browser = reauthenticated(member)
    url = reverse("mandates:sign", args=[campaign.slug])
    cases = {
        "legal_name": SIGN_FORM | {"legal_name": "名" * 500, "signature": "名" * 500},
        "id_number": SIGN_FORM | {"id_number": "110101199003072317"},  # wrong check digit
        "signature": SIGN_FORM | {"signature": "Somebody Else"},
        "true_and_complete": {k: v for k, v in SIGN_FORM.items() if k != "true_and_complete"},
    }
    for field, data in cases.items():
        response = browser.post(url, data)
        assert response.status_code == 200, field
        assert field in response.context["form"].errors, field
    assert not Mandate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_identity_is_sealed_at_rest_in_the_database_and_in_storage():
    campaign = CampaignFactory()
    organizer = organize(campaign).user
    member = join(campaign)
    text = services.mandate_text_publish(actor=organizer, campaign=campaign, terms=terms())
    mandate = sign(member, text, id_number=ID_NUMBER)

    sealed = bytes(MandateIdentity.objects.get(mandate=mandate).sealed)
    assert ID_NUMBER.encode() not in sealed and LEGAL_NAME.encode() not in sealed
    assert database_hits([ID_NUMBER, LEGAL_NAME]) == []
    with connection.cursor() as cursor:  # every column of every table, binary ones included
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the database itself
            for row in cursor.fetchall():
                for value in row:
                    raw = bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
                    assert ID_NUMBER.encode() not in raw, table
    assert storage_hits([ID_NUMBER, LEGAL_NAME]) == []
    if connection.vendor == "sqlite":
        database_file = Path(connection.settings_dict["NAME"])
        assert raw_file_hits([ID_NUMBER, LEGAL_NAME], database_file.parent) == []


def test_a_rotated_key_still_opens_and_a_wrong_key_hides_instead_of_failing(settings, campaign, member, text):
    mandate = sign(_membership(member, campaign), text)
    with open(settings.TONGSU_MANDATE_KEY_FILE) as key_file:
        old_key = key_file.read().strip()
    new_key = Fernet.generate_key().decode()
    browser = reauthenticated(member)

    settings.TONGSU_MANDATE_KEY = f"{new_key},{old_key}"  # the new key seals, both open
    assert LEGAL_NAME in browser.get(reverse("accounts:consent")).content.decode()
    assert browser.get(reverse("mandates:pdf", args=[mandate.pk])).status_code == 200

    settings.TONGSU_MANDATE_KEY = new_key  # the old key was lost
    page = browser.get(reverse("accounts:consent"))
    assert page.status_code == 200 and LEGAL_NAME not in page.content.decode()
    assert browser.get(reverse("mandates:pdf", args=[mandate.pk])).status_code == 302


@pytest.mark.parametrize(
    "typed", ["１１０１０１１９９００３０７２３１６", "110101 19900307 2316", "110101-19900307-2316"]
)
def test_an_id_number_typed_full_width_or_grouped_is_taken_as_the_same_number(typed):
    form = SignForm(
        data={
            "legal_name": "王 秀兰",
            "id_kind": MandateIdentity.IdKind.RESIDENT,
            "id_number": typed,
            "true_and_complete": "on",
            "signature": "王秀兰",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_number"] == "110101199003072316"


def test_a_wrong_check_digit_and_a_wrong_length_get_different_messages():
    def errors(number: str) -> list[str]:
        data = {
            "legal_name": "王秀兰",
            "id_kind": MandateIdentity.IdKind.RESIDENT,
            "id_number": number,
            "signature": "王秀兰",
        }
        with translation.override("en"):
            form = SignForm(data={**data, "true_and_complete": "on"})
            form.is_valid()
            return [str(e) for e in form.errors.get("id_number", [])]

    assert errors("110101199003072317") == [
        "These 18 characters are not a valid resident identity card number: check each digit (the last one may be X)."
    ]
    assert errors("1101011990030723") == ["A resident identity card number has 18 characters; you typed 16."]
    assert len(errors("")) == 1, "an empty number is one error, not two"


def test_a_new_version_shows_the_old_mandate_as_no_longer_representing_and_signing_twice_is_refused(
    client, campaign, organizer, member
):
    text = services.mandate_text_publish(actor=organizer, campaign=campaign, terms=terms())
    membership = Membership.objects.get(campaign=campaign, user=member)
    sign(membership, text)
    with translation.override("en"), pytest.raises(services.MandateError, match="You signed this version on"):
        sign(membership, text)
    assert Mandate.objects.filter(membership=membership).count() == 1
    services.mandate_text_publish(
        actor=organizer, campaign=campaign, terms=terms(matters_en="Also the fees.")
    )
    client.force_login(member)
    page = client.get(reverse("accounts:consent"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No longer represents you: the organizers published version 2." in page
    assert "In force" not in page


def test_one_id_number_signs_a_campaigns_mandate_once_whatever_the_account(campaign, member, text):
    """Two accounts of one person would give them two votes: the second signature with the same number is
    refused and writes nothing, until the first is revoked. Another campaign is another matter."""
    sign(_membership(member, campaign), text, id_number=ID_NUMBER)
    second = join(campaign).user
    with pytest.raises(services.MandateError, match=r"另一个账号|another account"):
        sign(_membership(second, campaign), text, legal_name="欧阳二号", id_number=ID_NUMBER.lower())
    assert Mandate.objects.filter(membership__user=second).count() == 0

    services.mandate_revoke(actor=member, mandate=Mandate.objects.get(membership__user=member))
    assert sign(_membership(second, campaign), text, id_number=ID_NUMBER).in_force

    elsewhere = CampaignFactory()
    its_text = services.mandate_text_publish(
        actor=organize(elsewhere).user, campaign=elsewhere, terms=terms()
    )
    assert sign(join(elsewhere, member), its_text, id_number=ID_NUMBER).in_force, (
        "the same person signs another campaign's mandate"
    )


def test_the_id_digest_is_keyed_and_holds_no_number(campaign, member, text):
    mandate = sign(_membership(member, campaign), text, id_number=ID_NUMBER)
    digest = mandate.identity.id_digest
    assert len(digest) == 64 and ID_NUMBER not in digest
    assert digest != hashlib.sha256(ID_NUMBER.encode()).hexdigest()
    assert database_hits([ID_NUMBER]) == []
