"""Becoming a platform's representative: a work email on its domain, a code mailed over real SMTP, a moderator's
audited decision; revocable by a moderator, resignable by the person, several per platform."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from complaints.core.models import AuditEvent, OutboundEmail
from complaints.replies.models import Representative
from complaints.replies.permissions import is_representative
from complaints.replies.services import (
    RepliesError,
    representative_approve,
    representative_confirm,
    representative_reject,
    representative_request,
    representative_resign,
    representative_revoke,
)
from tests.factories import ModeratorFactory, UserFactory
from tests.replies.conftest import approved_representative, code_from

pytestmark = pytest.mark.django_db


def test_the_code_arrives_by_smtp_and_confirms_the_work_email(
    client, platform, smtp, django_capture_on_commit_callbacks
):
    person = UserFactory()
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("replies:represent", args=[platform.slug]), {"work_email": "li.na@kefu.haoduo.com"}
        )
    rep = Representative.objects.get(user=person)
    assert response.status_code == 302 and response["Location"] == reverse(
        "replies:representation", args=[rep.pk]
    )
    (message,) = smtp.messages
    assert message["To"] == "li.na@kefu.haoduo.com"
    code = re.search(r"\b(\d{6})\b", message.get_body(("plain",)).get_content()).group(1)
    assert code in message["Subject"]
    assert code not in rep.code_hash, "only a keyed hash of the code is stored"

    wrong = "000000" if code != "000000" else "111111"
    response = client.post(reverse("replies:confirm", args=[rep.pk]), {"code": wrong})
    assert response.status_code == 400
    assert Representative.objects.get(pk=rep.pk).code_attempts == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("replies:confirm", args=[rep.pk]), {"code": code})
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.status == Representative.Status.AWAITING and rep.confirmed_at is not None
    assert not is_representative(person, platform), "a confirmed email alone does not make a representative"


def test_an_address_off_the_platforms_domains_gets_no_code(client, platform):
    client.force_login(UserFactory())
    response = client.post(
        reverse("replies:represent", args=[platform.slug]), {"work_email": "li.na@haoduo.com.evil.cn"}
    )
    assert response.status_code == 200
    assert not Representative.objects.exists()
    assert not OutboundEmail.objects.exists()


@translation.override("en")
def test_five_wrong_codes_end_the_code_and_an_old_code_expires(platform):
    person = UserFactory()
    rep = representative_request(actor=person, platform=platform, work_email="a@haoduo.com")
    code = code_from(OutboundEmail.objects.get(to="a@haoduo.com"))
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(RepliesError):
            representative_confirm(actor=person, representative=rep, code=wrong)
    with pytest.raises(RepliesError, match="Too many"):
        representative_confirm(actor=person, representative=rep, code=code)

    other = UserFactory()
    rep2 = representative_request(actor=other, platform=platform, work_email="b@haoduo.com")
    code2 = code_from(OutboundEmail.objects.get(to="b@haoduo.com"))
    Representative.objects.filter(pk=rep2.pk).update(code_sent_at=timezone.now() - timedelta(minutes=31))
    with pytest.raises(RepliesError, match="expired"):
        representative_confirm(actor=other, representative=rep2, code=code2)


def test_someone_elses_code_confirms_nothing(platform):
    person, intruder = UserFactory(), UserFactory()
    rep = representative_request(actor=person, platform=platform, work_email="a@haoduo.com")
    code = code_from(OutboundEmail.objects.get(to="a@haoduo.com"))
    with pytest.raises(RepliesError):
        representative_confirm(actor=intruder, representative=rep, code=code)


def test_a_moderator_approves_and_every_decision_is_audited(platform):
    rep = approved_representative(platform)
    assert rep.status == Representative.Status.APPROVED
    assert is_representative(rep.user, platform)
    actions = list(
        AuditEvent.objects.filter(target_type="replies.representative")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["representative.request", "representative.confirm_email", "representative.approve"]
    assert OutboundEmail.objects.filter(to=rep.work_email, kind="representative_decided").exists()

    moderator = ModeratorFactory()
    with pytest.raises(RepliesError):
        representative_revoke(actor=moderator, representative=rep, reason="  ")
    representative_revoke(actor=moderator, representative=rep, reason="Left the company.")
    assert not is_representative(rep.user, platform)
    event = AuditEvent.objects.get(action="representative.revoke")
    assert event.actor_id == moderator.pk and event.reason == "Left the company."
    assert rep.work_email not in event.target_label, "no email address in the audit log"


def test_only_a_moderator_decides(platform):
    person = UserFactory()
    rep = representative_request(actor=person, platform=platform, work_email="a@haoduo.com")
    representative_confirm(
        actor=person, representative=rep, code=code_from(OutboundEmail.objects.get(to="a@haoduo.com"))
    )
    with pytest.raises(PermissionDenied):
        representative_approve(actor=person, representative=rep)
    with pytest.raises(RepliesError):
        representative_reject(actor=ModeratorFactory(), representative=rep, reason="")
    representative_reject(
        actor=ModeratorFactory(), representative=rep, reason="Not a company address we know."
    )
    rep.refresh_from_db()
    assert rep.status == Representative.Status.REJECTED


def test_an_unconfirmed_request_cannot_be_approved(platform):
    rep = representative_request(actor=UserFactory(), platform=platform, work_email="a@haoduo.com")
    with pytest.raises(RepliesError):
        representative_approve(actor=ModeratorFactory(), representative=rep)


def test_several_representatives_per_platform_and_one_resigns(platform):
    first, second = approved_representative(platform), approved_representative(platform)
    assert Representative.objects.filter(platform=platform, status="approved").count() == 2
    representative_resign(actor=second.user, representative=second)
    assert is_representative(first.user, platform) and not is_representative(second.user, platform)
    with pytest.raises(RepliesError):
        representative_request(actor=first.user, platform=platform, work_email="again@haoduo.com")


def test_the_moderator_queue_lists_confirmed_requests_and_decides_them(client, platform):
    person = UserFactory()
    rep = representative_request(actor=person, platform=platform, work_email="li.na@haoduo.com")
    representative_confirm(
        actor=person, representative=rep, code=code_from(OutboundEmail.objects.get(to="li.na@haoduo.com"))
    )
    moderator = ModeratorFactory()
    client.force_login(moderator)
    page = client.get(reverse("replies:moderation_queue")).content.decode()
    assert "li.na@haoduo.com" in page
    index = client.get(reverse("moderation:index")).content.decode()
    assert reverse("replies:moderation_queue") in index
    response = client.post(
        reverse("replies:moderation_review", args=[rep.pk]), {"decision": "approve", "reason": ""}
    )
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.status == Representative.Status.APPROVED and rep.decided_by == moderator

    client.force_login(person)
    response = client.get(reverse("replies:moderation_queue"))
    assert response.status_code == 403
