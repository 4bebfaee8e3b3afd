"""Revoking (until the cutoff, then explained), new versions that ask signers to sign again, the public count
(suppressed below 5), who counts as represented, and erasure with the account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from complaints.accounts import services as account_services
from complaints.accounts.models import User
from complaints.campaigns import services as campaign_services
from complaints.campaigns.models import Membership
from complaints.core.models import AuditEvent
from complaints.mandates import selectors, services
from complaints.mandates.models import Mandate, MandateIdentity, MandateText
from complaints.notifications.kinds import Kind, render
from complaints.notifications.models import Notification
from tests.factories import join
from tests.mandates.conftest import ID_NUMBER, LEGAL_NAME, reauthenticated, sign, terms
from tests.privacy import storage_hits


@pytest.fixture
def signed(campaign, member, text):
    return sign(Membership.objects.get(user=member, campaign=campaign), text, id_number=ID_NUMBER)


def test_member_revokes_before_the_cutoff_from_the_consent_page(member, signed):
    browser = reauthenticated(member)
    page = browser.get(reverse("accounts:consent")).content.decode()
    assert reverse("mandates:revoke", args=[signed.pk]) in page
    # The link asks first: opening it changes nothing and says what revoking means.
    confirm = browser.get(reverse("mandates:revoke", args=[signed.pk]))
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "no longer act for you" in text and "You can sign again later" in text
    assert f'<form method="post" action="{reverse("mandates:revoke", args=[signed.pk])}"' in text
    signed.refresh_from_db()
    assert signed.in_force and not AuditEvent.objects.filter(action="mandate.revoke").exists()
    response = browser.post(reverse("mandates:revoke", args=[signed.pk]), follow=True)
    assert "Your mandate is revoked" in response.content.decode()
    signed.refresh_from_db()
    assert signed.revoked_at is not None
    assert AuditEvent.objects.filter(action="mandate.revoke", actor=member).count() == 1
    assert not selectors.mandate_signers(signed.membership.campaign).exists()


def test_revoking_after_the_cutoff_is_refused_with_an_explanation(member, signed):
    yesterday = timezone.localdate() - timedelta(days=1)
    MandateText.objects.filter(pk=signed.text_id).update(revocable_until=yesterday)
    browser = reauthenticated(member)
    assert (
        reverse("mandates:revoke", args=[signed.pk])
        not in browser.get(reverse("accounts:consent")).content.decode()
    )
    # A saved link to the confirmation explains why it is too late, without a button.
    confirm = browser.get(reverse("mandates:revoke", args=[signed.pk])).content.decode()
    assert "could be revoked until" in confirm and "stays in force" in confirm
    assert "Revoke my mandate" not in confirm
    response = browser.post(reverse("mandates:revoke", args=[signed.pk]), follow=True)
    assert "could be revoked until" in response.content.decode()
    signed.refresh_from_db()
    assert signed.in_force
    assert not AuditEvent.objects.filter(action="mandate.revoke").exists()


def test_revoke_confirmation_says_when_it_cannot_be_signed_again(campaign, member, signed):
    campaign.status = campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    page = reauthenticated(member).get(reverse("mandates:revoke", args=[signed.pk])).content.decode()
    assert "You could not sign it again" in page and "You can sign again later" not in page


def test_someone_elses_mandate_has_no_revoke_page(campaign, organizer, signed):
    browser = reauthenticated(organizer)
    assert browser.get(reverse("mandates:revoke", args=[signed.pk])).status_code == 404


def test_a_new_version_asks_signers_to_sign_again_and_says_what_changed(
    campaign, organizer, member, signed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        second = services.mandate_text_publish(
            actor=organizer,
            campaign=campaign,
            terms=terms(
                may_settle=True, changes_en="Settling is now a listed power.", changes_zh="新增和解权限。"
            ),
        )
    assert second.version == 2
    notice = Notification.objects.get(recipient=member)
    # Its own kind (not "your membership changed"), pointing at the page where the new version is signed.
    assert notice.kind == Kind.MANDATE_NEW_VERSION
    assert notice.target_url == reverse("mandates:sign", args=[campaign.slug])
    with translation.override("en"):
        shown = render(notice.kind, notice.params)
    assert "Version 2 of the mandate" in shown.title and "is ready to sign" in shown.title
    assert "the powers" in shown.body and "Settling is now a listed power." in shown.body
    assert "no longer act for you" in shown.body and shown.action == "Read and sign the new version"
    with translation.override("zh-hans"):
        shown = render(notice.kind, notice.params)
    assert "新增和解权限" in shown.body and "委托权限" in shown.body and "Version" not in shown.title
    assert not Notification.objects.filter(recipient=organizer).exists()
    # The old signature no longer represents the member until they sign version 2.
    assert not selectors.mandate_signers(campaign).exists()
    browser = reauthenticated(member)
    page = browser.get(reverse("mandates:text", args=[campaign.slug])).content.decode()
    assert "Settling is now a listed power." in page and "Sign this mandate" in page
    again = sign(signed.membership, second)
    signed.refresh_from_db()
    assert signed.superseded_at is not None and again.in_force
    assert list(selectors.mandate_signers(campaign)) == [signed.membership_id]


def test_only_organizers_publish_and_representatives_must_be_organizers(campaign, organizer, member):
    with pytest.raises(PermissionError):
        services.mandate_text_publish(actor=member, campaign=campaign, terms=terms())
    number = Membership.objects.get(user=member, campaign=campaign).pseudonym_number
    with pytest.raises(services.MandateError):
        services.mandate_text_publish(
            actor=organizer, campaign=campaign, terms=terms(representatives=[number])
        )
    with pytest.raises(services.MandateError):
        services.mandate_text_publish(
            actor=organizer, campaign=campaign, terms=terms(representatives=[1, 2, 3])
        )
    assert not MandateText.objects.exists()


def test_the_published_text_is_checked_for_personal_data(campaign, organizer):
    browser = reauthenticated(organizer)
    today = timezone.localdate()
    response = browser.post(
        reverse("mandates:publish", args=[campaign.slug]),
        {
            "matters_zh": "有事找张经理，电话 13812345678",
            "matters_en": "Complain about top-ups.",
            "representatives": ["1"],
            "term_ends_on": (today + timedelta(days=90)).isoformat(),
            "revocable_until": (today + timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "matters_zh" in response.context["form"].errors
    assert not MandateText.objects.exists()
    response = browser.post(
        reverse("mandates:publish", args=[campaign.slug]),
        {
            "matters_zh": "就充值未到账一事投诉。",
            "matters_en": "Complain about top-ups.",
            "representatives": ["1"],
            "term_ends_on": (today + timedelta(days=90)).isoformat(),
            "revocable_until": (today + timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert MandateText.objects.get().representatives == [1]


def test_public_count_is_suppressed_below_five(client, campaign, text):
    members = [join(campaign) for _ in range(5)]
    for membership in members[:4]:
        sign(membership, text)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Fewer than 5 signed mandates." in page
    sign(members[4], text)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "5 signed mandates" in page and "Fewer than 5 signed mandates." not in page
    assert selectors.public_signed_count(campaign) == 5


def test_signers_are_members_in_the_campaign_with_a_mandate_in_force(campaign, member, signed, text):
    other = sign(join(campaign), text)
    assert set(selectors.mandate_signers(campaign)) == {signed.membership_id, other.membership_id}
    campaign_services.membership_leave(actor=other.membership.user, membership=other.membership)
    assert list(selectors.mandate_signers(campaign)) == [signed.membership_id]
    other.refresh_from_db()
    assert other.revoked_at is not None  # coming back later does not bring the old mandate back
    MandateText.objects.filter(pk=text.pk).update(term_ends_on=timezone.localdate() - timedelta(days=1))
    assert not selectors.mandate_signers(campaign).exists()


def test_erasure_removes_the_identity_and_the_pdf(campaign, organizer, member, signed):
    assert signed.pdf and MandateIdentity.objects.filter(mandate=signed).exists()
    pdf_name = signed.pdf.name
    assert services.mandates_impact(member)  # the deletion page warns that the mandate ends
    exported = services.mandates_export(member)
    assert exported[0]["pdf_sha256"] == signed.pdf_sha256 and ID_NUMBER not in str(exported)
    account_services.account_deletion_request(actor=member, user=member)
    User.objects.filter(pk=member.pk).update(erase_after=timezone.now() - timedelta(seconds=1))
    assert account_services.account_erase(user_id=member.pk)
    signed.refresh_from_db()
    assert not MandateIdentity.objects.exists()
    assert not signed.pdf and signed.revoked_at is not None
    assert not signed.pdf.storage.exists(pdf_name)
    assert storage_hits([ID_NUMBER, LEGAL_NAME]) == []
    assert Mandate.objects.filter(pk=signed.pk).exists()  # the count of what happened stays, without a person
