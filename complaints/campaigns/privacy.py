"""The campaigns app's part in a person's privacy rights (see complaints/core/privacy.py).

Erasure keeps every membership row, so member counts, totals and pseudonym numbers of a campaign stay
right; what identifies the person goes: the private facts of their cases, their consents, and their own
known details (name, email, references) wherever they wrote them into campaign text others still read.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from complaints.campaigns.models import (
    Campaign,
    CampaignUpdate,
    Case,
    Membership,
    MemberTask,
    TaskCompletion,
)
from complaints.campaigns.scrubbing import ERASED_PLACEHOLDER, known_identifiers, scrub
from complaints.campaigns.selectors import organizer_successor
from complaints.campaigns.services import campaigns_erase_person, organizer_handover
from complaints.core.privacy import register_privacy

# Other apps scrub the text they keep with the same rule (complaints/notifications/privacy.py).
__all__ = [
    "ERASED_PLACEHOLDER",
    "erase",
    "export",
    "impact",
    "known_identifiers",
    "on_lock",
    "register",
    "scrub",
]


def _organized(user):
    return Membership.objects.filter(
        user=user, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
    ).select_related("campaign")


def impact(user) -> list[str]:
    lines: list[str] = []
    for membership in _organized(user):
        campaign = membership.campaign
        others = (
            Membership.objects.filter(
                campaign=campaign, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
            )
            .exclude(user=user)
            .exists()
        )
        successor = organizer_successor(campaign, user)
        if others:
            lines.append(
                _("You organize “%(campaign)s”; the other organizers keep running it.")
                % {"campaign": campaign.title}
            )
        elif successor is not None:
            lines.append(
                _("You organize “%(campaign)s”; %(member)s, its longest-standing member, takes it over.")
                % {"campaign": campaign.title, "member": successor.pseudonym}
            )
        else:
            lines.append(
                _("You organize “%(campaign)s” and nobody else is in it: it is left without an organizer.")
                % {"campaign": campaign.title}
            )
    active = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).count()
    if active:
        lines.append(
            ngettext(
                "You are a member of %(count)s campaign: your case there (amount, date, references, your "
                "account of events) is erased; you stay in its figures only as an anonymous count.",
                "You are a member of %(count)s campaigns: your cases there (amounts, dates, references, your "
                "account of events) are erased; you stay in their figures only as an anonymous count.",
                active,
            )
            % {"count": active}
        )
    return lines


def export(user) -> dict:
    return {
        "memberships": _export_memberships(user),
        "cases": _export_cases(user),
        **_export_writings(user),
    }


def _export_memberships(user) -> list[dict]:
    memberships = Membership.objects.filter(user=user).select_related("campaign", "case").order_by("pk")
    return [
        {
            "campaign": m.campaign.title,
            "campaign_url": m.campaign.get_absolute_url(),
            "member_number": m.pseudonym_number,
            "role": m.role,
            "status": m.status,
            "joined_at": m.joined_at.isoformat(),
            "left_at": m.left_at.isoformat() if m.left_at else None,
            "consent": {
                "share_with_group": m.share_with_group,
                "include_in_filings": m.include_in_filings,
                "updated_at": m.consent_updated_at.isoformat() if m.consent_updated_at else None,
            },
            "resolved_at": m.resolved_at.isoformat() if m.resolved_at else None,
        }
        for m in memberships
    ]


def _export_cases(user) -> list[dict]:
    return [
        {
            "campaign": c.membership.campaign.title,
            "amount": str(c.amount) if c.amount is not None else None,
            "currency": c.currency,
            "incident_date": c.incident_date.isoformat() if c.incident_date else None,
            "references": c.references,
            "account": c.account,
            "updated_at": c.updated_at.isoformat(),
        }
        for c in Case.objects.filter(membership__user=user).select_related("membership__campaign")
    ]


def _export_writings(user) -> dict:
    """What the person wrote or did for campaigns: pages they started, updates, tasks and tasks done."""
    return {
        "campaigns_started": [
            {
                "title": c.title,
                "summary": c.summary,
                "demands": c.demands,
                "created_at": c.created_at.isoformat(),
            }
            for c in Campaign.objects.filter(created_by=user).order_by("pk")
        ],
        "updates_written": [
            {
                "campaign": u.campaign.title,
                "title": u.title,
                "text": u.body,
                "posted_at": u.created_at.isoformat(),
            }
            for u in CampaignUpdate.objects.filter(author=user).select_related("campaign").order_by("pk")
        ],
        "tasks_created": [
            {"campaign": t.campaign.title, "title": t.title, "details": t.description}
            for t in MemberTask.objects.filter(created_by=user).select_related("campaign").order_by("pk")
        ],
        "task_completions": [
            {
                "campaign": t.task.campaign.title,
                "task": t.task.title,
                "completed_at": t.completed_at.isoformat(),
            }
            for t in TaskCompletion.objects.filter(membership__user=user)
            .select_related("task__campaign")
            .order_by("pk")
        ],
    }


def on_lock(user) -> None:
    # A locked account runs nothing: its campaigns get another organizer now, not after the grace period.
    organizer_handover(actor=None, user=user, reason="account locked for deletion")


def erase(user) -> None:
    campaigns_erase_person(user=user)


def register() -> None:
    register_privacy("campaigns", impact=impact, export=export, on_lock=on_lock, erase=erase)
