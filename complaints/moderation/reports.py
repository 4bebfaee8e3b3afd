"""What can be reported ("Report this"): for each kind of content, who may report it, where it is shown,
and what hiding it means. One mechanism for campaigns, organizer updates, evidence and regulator responses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from complaints.campaigns.models import Campaign, CampaignUpdate
from complaints.campaigns.permissions import can_view_campaign
from complaints.campaigns.services import campaign_hide, campaign_update_hide
from complaints.core.review import HIDDEN_NOTICE, HIDDEN_TEXT
from complaints.evidence.models import EvidenceItem
from complaints.evidence.permissions import can_report_evidence
from complaints.evidence.services import evidence_moderate, evidence_reported
from complaints.filings.models import Response
from complaints.filings.permissions import can_view_filing
from complaints.filings.services import response_hide
from complaints.replies.models import Reply
from complaints.replies.services import reply_hide

__all__ = ["HIDDEN_NOTICE", "HIDDEN_TEXT", "ReportTarget", "get_report_target", "register_report_target"]


@dataclass(frozen=True)
class ReportTarget:
    label: str
    noun: str | Promise
    # The object as the reporter may see it (None: not there, or not theirs to report).
    fetch: Callable[[Any, str], models.Model | None]
    url: Callable[[models.Model], str]
    describe: Callable[[models.Model], str]
    author: Callable[[models.Model], Any]
    hide: Callable[[Any, models.Model, str], None]
    on_report: Callable[[Any, models.Model], None] | None = None
    on_dismiss: Callable[[Any, models.Model, str], None] | None = None


_TARGETS: dict[str, ReportTarget] = {}


def register_report_target(target: ReportTarget) -> ReportTarget:
    _TARGETS[target.label] = target
    return target


def get_report_target(label: str) -> ReportTarget | None:
    return _TARGETS.get(label)


def _pk(value: str) -> int | None:
    return int(value) if str(value).isdigit() else None


# --- Campaigns ---------------------------------------------------------------------------------------------------


def _campaign(user, pk: str):
    campaign = Campaign.objects.filter(pk=_pk(pk), status__in=Campaign.PUBLIC_STATUSES).first()
    return campaign


def _campaign_hide(actor, campaign, reason: str) -> None:
    campaign_hide(actor=actor, campaign=campaign, reason=reason)


def _update(user, pk: str):
    update = CampaignUpdate.objects.select_related("campaign").filter(pk=_pk(pk), kind="post").first()
    if update is None or not can_view_campaign(user, update.campaign):
        return None
    return update


def _update_hide(actor, update, reason: str) -> None:
    campaign_update_hide(actor=actor, update=update, reason=reason)


# --- Evidence ----------------------------------------------------------------------------------------------------


def _evidence(user, pk: str):
    item = EvidenceItem.objects.select_related("campaign").filter(pk=_pk(pk)).first()
    if item is None or not can_report_evidence(user, item):
        return None
    return item


def _evidence_reported(actor, item) -> None:
    evidence_reported(actor=actor, item=item)


def _evidence_decide(decision: str):
    def decide(actor, item, reason: str) -> None:
        fresh = EvidenceItem.objects.filter(pk=item.pk).first()
        if fresh is not None and fresh.needs_moderation and fresh.status == EvidenceItem.Status.APPROVED:
            evidence_moderate(actor=actor, item=fresh, decision=decision, reason=reason)

    return decide


# --- Filings -----------------------------------------------------------------------------------------------------


def _response(user, pk: str):
    response = (
        Response.objects.select_related("submission__version__filing__campaign").filter(pk=_pk(pk)).first()
    )
    if response is None or not can_view_filing(user, response.submission.version.filing):
        return None
    return response


def _response_hide(actor, response, reason: str) -> None:
    response_hide(actor=actor, response=response, reason=reason)


# --- Platform replies --------------------------------------------------------------------------------------------


def _reply(user, pk: str):
    reply = Reply.objects.select_related("campaign").filter(pk=_pk(pk), hidden_at__isnull=True).first()
    if reply is None or not reply.campaign.is_public:
        return None
    return reply


def _reply_hide(actor, reply, reason: str) -> None:
    reply_hide(actor=actor, reply=reply, reason=reason)


def register_defaults() -> None:
    register_report_target(
        ReportTarget(
            label="campaigns.campaign",
            noun=_("campaign"),
            fetch=_campaign,
            url=lambda c: c.get_absolute_url(),
            describe=lambda c: c.title,
            author=lambda c: c.created_by,
            hide=_campaign_hide,
        )
    )
    register_report_target(
        ReportTarget(
            label="campaigns.campaignupdate",
            noun=_("organizer update"),
            fetch=_update,
            url=lambda u: reverse("campaigns:updates", args=[u.campaign.slug]) + f"#update-{u.pk}",
            describe=lambda u: u.title,
            author=lambda u: u.author,
            hide=_update_hide,
        )
    )
    register_report_target(
        ReportTarget(
            label="evidence.evidenceitem",
            noun=_("evidence"),
            fetch=_evidence,
            url=lambda i: reverse("evidence:moderate", args=[i.pk]),
            describe=lambda i: str(i),
            author=lambda i: i.owner,
            hide=_evidence_decide("remove"),
            on_report=_evidence_reported,
            on_dismiss=_evidence_decide("keep"),
        )
    )
    register_report_target(
        ReportTarget(
            label="filings.response",
            noun=_("regulator response"),
            fetch=_response,
            url=lambda r: reverse("filings:detail", args=[r.submission.version.filing_id]),
            describe=lambda r: r.text[:120],
            author=lambda r: None,
            hide=_response_hide,
        )
    )
    register_report_target(
        ReportTarget(
            label="replies.reply",
            noun=_("platform reply"),
            fetch=_reply,
            url=lambda r: r.get_absolute_url(),
            describe=lambda r: r.text[:120],
            author=lambda r: r.author,
            hide=_reply_hide,
        )
    )
