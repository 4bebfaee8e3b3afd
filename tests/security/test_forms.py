"""The main forms against over-long values, wrong types, forged hidden fields and double submits:
a clear error on the page, nothing changed, and one record where one was meant."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from complaints.campaigns.models import Campaign, CampaignUpdate, Case, Membership, MemberTask
from complaints.filings.models import Filing, FilingConsent
from tests.factories import CampaignFactory, PlatformFactory, RegulatorFactory, UserFactory, join, organize

pytestmark = pytest.mark.django_db


def browser(user=None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def platform(db):
    return PlatformFactory(slug="haoduo", name="好多商城", name_en="Haoduo Mall")


@pytest.fixture
def campaign(platform):
    return CampaignFactory(platform=platform, slug="camp-a", title="Top-up not credited")


@pytest.fixture
def other_campaign(platform):
    return CampaignFactory(platform=platform, slug="camp-b", title="Balance wiped")


@pytest.fixture
def organizer(campaign):
    return organize(campaign, amount="300", include_in_filings=True)


@pytest.fixture
def member(campaign, organizer):
    return join(campaign, amount="50", include_in_filings=True)


@pytest.fixture
def other_member(other_campaign):
    return join(other_campaign, amount="20")


def errors_of(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# --- Over-long values and wrong types ---------------------------------------------------------------------------


def test_over_long_campaign_edit_is_refused_and_changes_nothing(campaign, organizer):
    response = browser(organizer.user).post(
        reverse("campaigns:edit", args=[campaign.slug]),
        {"title": "T" * 161, "summary": "S" * 5001, "demands": "D" * 3001},
    )
    assert response.status_code == 200
    text = errors_of(response)
    assert "at most 160 characters" in text and "at most 5000 characters" in text
    campaign.refresh_from_db()
    assert campaign.title == "Top-up not credited"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "lots", "Enter a number"),
        ("amount", "-5", "greater than or equal to"),
        ("amount", "1e30", "digits in total"),
        ("amount", "12.345", "decimal places"),
        ("incident_date", "2999-01-01", "cannot be in the future"),
        ("incident_date", "yesterday", "Enter a valid date"),
        ("currency", "BTC", "Select a valid choice"),
        ("references", "R" * 2001, "at most 2000 characters"),
    ],
)
def test_case_edit_rejects_bad_values(campaign, member, field, value, message):
    before = Case.objects.get(membership=member)
    data = {
        "amount": "50",
        "currency": "CNY",
        "incident_date": "",
        "references": "",
        "account": "",
        field: value,
    }
    response = browser(member.user).post(reverse("campaigns:case", args=[campaign.slug]), data)
    assert response.status_code == 200
    assert message in errors_of(response)
    after = Case.objects.get(membership=member)
    assert (after.amount, after.currency, after.references) == (
        before.amount,
        before.currency,
        before.references,
    )


def test_wrong_types_on_join_create_no_membership(campaign, organizer):
    user = UserFactory()
    response = browser(user).post(
        reverse("campaigns:join", args=[campaign.slug]),
        {"amount": ["1", "2"], "currency": "CNY", "incident_date": "31/31/2024", "share_with_group": "maybe"},
    )
    assert response.status_code == 200
    assert "Enter a valid date" in errors_of(response)
    assert not Membership.objects.filter(user=user).exists()


def test_over_long_update_and_task_create_nothing(campaign, organizer):
    client = browser(organizer.user)
    response = client.post(
        reverse("campaigns:update_create", args=[campaign.slug]), {"title": "x" * 161, "body": "b"}
    )
    assert response.status_code == 200 and "at most 160 characters" in errors_of(response)
    response = client.post(
        reverse("campaigns:tasks", args=[campaign.slug]),
        {"title": "t", "description": "", "audience": "everyone!"},
    )
    assert response.status_code == 200 and "Select a valid choice" in errors_of(response)
    assert not CampaignUpdate.objects.filter(campaign=campaign, title__startswith="xxx").exists()
    assert not MemberTask.objects.filter(campaign=campaign).exists()


def test_filing_draft_with_an_unknown_regulator_is_refused(campaign, organizer):
    response = browser(organizer.user).post(
        reverse("filings:new", args=[campaign.slug]), {"regulator": "999999", "language": "klingon"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in errors_of(response)
    assert not Filing.objects.exists()


# --- Forged hidden fields ----------------------------------------------------------------------------------------


def test_forged_role_and_campaign_on_join_are_ignored(campaign, other_campaign, organizer):
    user = UserFactory()
    response = browser(user).post(
        reverse("campaigns:join", args=[campaign.slug]),
        {
            "amount": "10", "currency": "CNY", "role": "organizer", "status": "active", "is_organizer": "on",
            "campaign": other_campaign.pk, "campaign_id": other_campaign.pk, "pseudonym_number": "1",
            "user": organizer.user.pk,
        },
    )  # fmt: skip
    assert response.status_code == 302
    membership = Membership.objects.get(user=user)
    assert membership.campaign_id == campaign.pk
    assert membership.role == Membership.Role.MEMBER
    assert membership.pseudonym_number != 1
    assert not Membership.objects.filter(user=user, campaign=other_campaign).exists()


def test_forged_status_on_campaign_edit_is_ignored(campaign, organizer):
    browser(organizer.user).post(
        reverse("campaigns:edit", args=[campaign.slug]),
        {"title": "New title", "summary": "New summary", "demands": "", "status": "merged", "slug": "hijack",
         "members_count": "9999", "platform": "other"},
    )  # fmt: skip
    campaign.refresh_from_db()
    assert campaign.title == "New title"
    assert campaign.status == Campaign.Status.OPEN and campaign.slug == "camp-a"
    assert campaign.members_count == 1


def test_update_and_task_cannot_be_aimed_at_another_campaign(campaign, other_campaign, organizer):
    client = browser(organizer.user)
    client.post(
        reverse("campaigns:update_create", args=[campaign.slug]),
        {"title": "News", "body": "Body", "campaign": other_campaign.pk},
    )
    client.post(
        reverse("campaigns:tasks", args=[campaign.slug]),
        {"title": "Upload", "description": "", "audience": "all", "campaign": other_campaign.pk},
    )
    assert not CampaignUpdate.objects.filter(campaign=other_campaign).exists()
    assert not MemberTask.objects.filter(campaign=other_campaign).exists()
    # And an organizer of A posting to B's address is refused.
    response = client.post(
        reverse("campaigns:update_create", args=[other_campaign.slug]), {"title": "x", "body": "y"}
    )
    assert response.status_code in (403, 404)
    assert not CampaignUpdate.objects.filter(campaign=other_campaign).exists()


def test_case_edit_cannot_reach_another_members_case(campaign, member, other_member):
    browser(member.user).post(
        reverse("campaigns:case", args=[campaign.slug]),
        {"amount": "77", "currency": "CNY", "membership": other_member.pk, "case": other_member.case.pk},
    )
    assert Case.objects.get(membership=other_member).amount == other_member.case.amount
    assert Case.objects.get(membership=member).amount == 77


def test_started_campaign_waits_for_a_moderator_whatever_the_form_says(platform):
    user = UserFactory()
    client = browser(user)
    session = client.session
    session["campaigns.intake"] = {
        "platform": platform.slug, "category": "not_credited", "description": "Charged, never credited.",
        "amount": "35", "currency": "CNY",
    }  # fmt: skip
    session.save()
    data = {"title": "Haoduo top-ups", "summary": "Charged but never credited.", "status": "open",
            "created_by": "1", "slug": "hijack"}  # fmt: skip
    assert client.post(reverse("campaigns:start"), data).status_code == 302
    campaign = Campaign.objects.get(title="Haoduo top-ups")
    assert campaign.status == Campaign.Status.PENDING and campaign.slug != "hijack"
    # Double submit: the intake is used up, the second POST creates nothing.
    client.post(reverse("campaigns:start"), data)
    assert Campaign.objects.filter(title="Haoduo top-ups").count() == 1


def test_profile_cannot_make_anyone_staff(member):
    client = browser(member.user)
    client.post(
        reverse("accounts:profile"),
        {"display_name": "Lily", "preferred_language": "en", "is_staff": "on", "is_superuser": "on",
         "email": "attacker@example.org", "groups": "1"},
    )  # fmt: skip
    member.user.refresh_from_db()
    assert not member.user.is_staff and not member.user.is_superuser
    assert member.user.email != "attacker@example.org"
    assert not member.user.groups.exists()


def test_filing_consent_is_only_ever_the_members_own(campaign, organizer, member):
    from tests.filings.conftest import make_filing

    filing = make_filing(campaign, organizer, RegulatorFactory())
    browser(member.user).post(
        reverse("filings:consent", args=[filing.pk]),
        {"disclose_identity": "on", "membership": organizer.pk, "filing": "999"},
    )
    assert FilingConsent.objects.get(filing=filing, membership=member).disclose_identity is True
    assert not FilingConsent.objects.filter(membership=organizer).exists()
    # Double submit: still one consent row.
    browser(member.user).post(reverse("filings:consent", args=[filing.pk]), {"disclose_identity": "on"})
    assert FilingConsent.objects.filter(filing=filing, membership=member).count() == 1


# --- Double submits ----------------------------------------------------------------------------------------------


def test_double_join_makes_one_membership(campaign, organizer):
    user = UserFactory()
    client = browser(user)
    for _ in range(2):
        assert (
            client.post(
                reverse("campaigns:join", args=[campaign.slug]), {"amount": "10", "currency": "CNY"}
            ).status_code
            == 302
        )
    assert Membership.objects.filter(user=user, campaign=campaign).count() == 1
    campaign.refresh_from_db()
    assert campaign.members_count == 2


def test_double_case_edit_and_consent_keep_one_case(campaign, member):
    client = browser(member.user)
    for _ in range(2):
        client.post(reverse("campaigns:case", args=[campaign.slug]), {"amount": "60", "currency": "CNY"})
        client.post(reverse("campaigns:consent", args=[campaign.slug]), {"share_with_group": "on"})
    assert Case.objects.filter(membership=member).count() == 1
    campaign.refresh_from_db()
    assert campaign.total_claimed == 360  # 300 + 60, counted once


@pytest.mark.parametrize(
    ("route", "data", "model"),
    [
        ("campaigns:update_create", {"title": "Filing sent", "body": "We sent it today."}, CampaignUpdate),
        (
            "campaigns:tasks",
            {"title": "Upload your receipt", "description": "", "audience": "all"},
            MemberTask,
        ),
    ],
)
def test_double_submit_of_an_organizer_form_makes_one_record(campaign, organizer, route, data, model):
    client = browser(organizer.user)
    before = model.objects.filter(campaign=campaign).count()
    for _ in range(2):
        assert client.post(reverse(route, args=[campaign.slug]), data).status_code == 302
    assert model.objects.filter(campaign=campaign).count() == before + 1


def test_double_submit_of_a_filing_draft_makes_one_filing(
    campaign, organizer, django_capture_on_commit_callbacks
):
    regulator = RegulatorFactory()
    client = browser(organizer.user)
    for _ in range(2):
        response = client.post(
            reverse("filings:new", args=[campaign.slug]), {"regulator": regulator.pk, "language": "zh-hans"}
        )
        assert response.status_code == 302
    assert Filing.objects.filter(campaign=campaign).count() == 1
