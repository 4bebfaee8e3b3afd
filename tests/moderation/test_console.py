"""Claims, account suspension and the audit log, as moderators, members and attackers meet them."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from complaints.campaigns.models import Campaign, Membership
from complaints.core.models import AuditEvent
from complaints.core.services import audit_record
from complaints.moderation.models import Claim
from tests.factories import PASSWORD, CampaignFactory, ModeratorFactory, UserFactory, join

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(platform):
    campaign = CampaignFactory(platform=platform, status="open")
    starter = join(campaign, amount=500)
    Membership.objects.filter(pk=starter.pk).update(role="organizer")
    Campaign.objects.filter(pk=campaign.pk).update(status="pending")
    campaign.refresh_from_db()
    return campaign


def _claim_url(name: str, obj) -> str:
    return reverse(f"moderation:{name}", args=[obj._meta.label_lower, obj.pk])


# --- Claims -------------------------------------------------------------------------------------------------


def test_a_claimed_item_is_refused_to_another_moderator_with_a_clear_message(client, pending):
    first, second = ModeratorFactory(display_name="Mod Li"), ModeratorFactory()
    client.force_login(first)
    client.post(_claim_url("claim", pending), {"next": reverse("moderation:campaigns")})
    assert Claim.objects.get().moderator == first
    assert "You are working on this" in client.get(reverse("moderation:campaigns")).content.decode()

    client.force_login(second)
    page = client.get(reverse("moderation:campaigns")).content.decode()
    assert "Claimed by Mod Li" in page
    response = client.post(_claim_url("claim", pending), follow=True)
    assert "Mod Li is working on this item" in response.content.decode()
    response = client.post(
        reverse("moderation:campaign_approve", args=[pending.slug]), {"approve-reason": "ok"}, follow=True
    )
    assert "Mod Li is working on this item" in response.content.decode()
    assert Campaign.objects.get(pk=pending.pk).status == "pending"


def test_deciding_releases_the_claim_and_an_expired_claim_frees_the_item(client, pending):
    first, second = ModeratorFactory(), ModeratorFactory()
    client.force_login(first)
    client.post(_claim_url("claim", pending))
    Claim.objects.update(
        claimed_at=timezone.now() - timedelta(seconds=settings.TONGSU_MODERATION_CLAIM_SECONDS + 5)
    )
    client.force_login(second)
    client.post(reverse("moderation:campaign_approve", args=[pending.slug]), {"approve-reason": "fine"})
    assert Campaign.objects.get(pk=pending.pk).status == "open"
    assert not Claim.objects.exists()
    actions = list(AuditEvent.objects.filter(actor=second).values_list("action", flat=True))
    assert {"moderation.claim", "campaign.approve", "moderation.release"} <= set(actions)


def test_release_gives_the_item_back_and_nobody_but_moderators_can_claim(client, pending):
    moderator = ModeratorFactory()
    client.force_login(UserFactory())
    assert client.post(_claim_url("claim", pending)).status_code == 404
    client.force_login(moderator)
    assert client.get(_claim_url("claim", pending)).status_code == 405
    client.post(_claim_url("claim", pending))
    client.post(_claim_url("release", pending))
    assert not Claim.objects.exists()
    bogus = reverse("moderation:claim", args=["accounts.user", moderator.pk])
    assert client.post(bogus).status_code == 404


def test_the_index_links_every_queue(client):
    client.force_login(ModeratorFactory())
    page = client.get(reverse("moderation:index")).content.decode()
    for name in ("moderation:campaigns", "evidence:moderation_queue", "filings:queue", "moderation:audit"):
        assert reverse(name) in page


# --- Suspension ---------------------------------------------------------------------------------------------


def test_a_suspended_person_is_signed_out_and_cannot_sign_in_and_their_campaign_keeps_running(client):
    campaign = CampaignFactory()
    organizer = join(campaign, amount=10)
    Membership.objects.filter(pk=organizer.pk).update(role="organizer")
    successor = join(campaign, amount=20)
    person = organizer.user
    person_client = client.__class__(headers={"Accept-Language": "en"})
    person_client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert person_client.get(reverse("campaigns:dashboard")).status_code == 200

    moderator = ModeratorFactory()
    client.force_login(moderator)
    response = client.post(reverse("moderation:user_suspend", args=[person.pk]), {"reason": ""})
    person.refresh_from_db()
    assert person.suspended_at is None, "no suspension without a reason"
    client.post(reverse("moderation:user_suspend", args=[person.pk]), {"reason": "spam\nFAKE line"})
    person.refresh_from_db()
    assert person.suspended_at is not None and not person.is_active

    assert person_client.get(reverse("campaigns:dashboard")).status_code == 302, "the open session ended"
    response = person_client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}, follow=True
    )
    assert "suspended by a moderator" in response.content.decode()
    assert Membership.objects.get(pk=successor.pk).role == "organizer"
    event = AuditEvent.objects.get(action="account.suspend")
    assert event.actor == moderator and event.reason == "spam FAKE line"

    client.post(reverse("moderation:user_restore", args=[person.pk]), {"reason": "appeal accepted"})
    person.refresh_from_db()
    assert person.suspended_at is None and person.is_active
    response = person_client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="account.restore", reason="appeal accepted").exists()


def test_members_cannot_suspend(client, user, other_user):
    client.force_login(user)
    response = client.post(reverse("moderation:user_suspend", args=[other_user.pk]), {"reason": "x"})
    assert response.status_code == 404
    other_user.refresh_from_db()
    assert other_user.suspended_at is None


# --- Audit log ----------------------------------------------------------------------------------------------


def test_audit_log_lists_newest_first_filters_and_pages_by_keyset(client, django_assert_max_num_queries):
    moderator = ModeratorFactory()
    actor = UserFactory()
    for n in range(60):
        audit_record(actor=actor, action="campaign.edit", reason=f"edit {n}")
    audit_record(actor=moderator, action="account.suspend", target=actor, reason="spam")
    client.force_login(moderator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("moderation:audit")).content.decode()
    assert page.index("account.suspend") < page.index("edit 59") < page.index("edit 11")
    assert "edit 10" not in page and "Older entries" in page
    older = AuditEvent.objects.filter(reason="edit 11").get().pk
    page = client.get(reverse("moderation:audit"), {"before": older}, headers={"HX-Request": "true"})
    assert "edit 10" in page.content.decode() and "<html" not in page.content.decode()

    filtered = client.get(reverse("moderation:audit"), {"action": "account.", "actor": moderator.pk}).content
    assert b"account.suspend" in filtered and b"edit 59" not in filtered
    by_target = client.get(
        reverse("moderation:audit"), {"target_type": "accounts.user", "target_id": actor.pk}
    ).content
    assert b"account.suspend" in by_target and b"campaign.edit" not in by_target
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert b"No entries match" in client.get(reverse("moderation:audit"), {"since": tomorrow}).content

    client.force_login(actor)
    assert client.get(reverse("moderation:audit")).status_code == 404


def test_nobody_can_add_change_or_delete_audit_entries_in_the_admin():
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    event = audit_record(actor=None, action="x")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(PermissionError):
        event.delete()


def test_newlines_in_names_and_reasons_cannot_forge_audit_or_log_lines(client, caplog):
    forger = UserFactory(display_name="Eve\n2026-01-01 admin account.restore user #1")
    moderator = ModeratorFactory()
    forged_reason = "ok\r\n2026-01-01 00:00 user #1 account.restore\u2028x\x1b[31m"
    campaign = CampaignFactory(title="Title\nfake.action by user #1")
    with caplog.at_level(logging.DEBUG):
        audit_record(actor=forger, action="campaign.edit\nforged", target=campaign, reason=forged_reason)
        client.force_login(moderator)
        client.post(
            reverse("moderation:user_suspend", args=[forger.pk]),
            {"reason": forged_reason},
            headers={"X-Request-ID": "abcdefgh\nFAKE 2026 admin"},
        )
    logged = [r.getMessage() for r in caplog.records if "account.suspend" in r.getMessage()]
    assert logged and all("\n" not in line and "\x1b" not in line for line in logged), logged
    assert "FAKE" not in AuditEvent.objects.get(action="account.suspend").request_id
    for event in AuditEvent.objects.all():
        for text in (event.actor_label, event.action, event.target_label, event.reason, str(event)):
            assert not any(ch in text for ch in "\r\n\u2028\x1b"), repr(text)
    page = client.get(reverse("moderation:audit")).content.decode()
    assert "\x1b" not in page


def test_every_queue_shows_who_holds_an_item_in_chinese_too(client, pending):
    from django.test import Client

    holder = ModeratorFactory(display_name="李版主")
    client.force_login(holder)
    client.post(_claim_url("claim", pending))
    other = Client(headers={"Accept-Language": "zh-hans"})
    other.force_login(ModeratorFactory())
    for name in ("moderation:campaigns", "evidence:moderation_queue", "filings:queue", "moderation:reports"):
        assert other.get(reverse(name)).status_code == 200
    page = other.get(reverse("moderation:campaigns")).content.decode()
    assert "已被 李版主 认领" in page
    for name in ("moderation:index", "moderation:audit", "moderation:users"):
        assert "审计日志" in other.get(reverse(name)).content.decode() or name == "moderation:users"


def test_claiming_with_htmx_swaps_only_the_claim_box(client, pending):
    from django.test import Client

    client.force_login(ModeratorFactory(display_name="Mod Zhao"))
    response = client.post(_claim_url("claim", pending), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "You are working on this" in body and "<html" not in body and "csrfmiddlewaretoken" in body
    other = Client(headers={"Accept-Language": "en"})
    other.force_login(ModeratorFactory())
    body = other.post(_claim_url("claim", pending), headers={"HX-Request": "true"}).content.decode()
    assert "Mod Zhao is working on this item" in body and "Claimed by Mod Zhao" in body
