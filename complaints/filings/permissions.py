"""Who may see and change filings.

Organizers of a campaign draft, regenerate and submit its filings; moderators review and approve;
members see a filing once it is submitted (and choose, before that, whether to disclose their identity);
everyone else gets a 404, so nobody learns that a draft exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from complaints.campaigns.models import Campaign
from complaints.campaigns.permissions import is_active_member, is_moderator, is_organizer
from complaints.filings.models import Filing, FilingVersion, InboundEmail, Submission


def can_draft_filing(user, campaign: Campaign) -> bool:
    return campaign.is_open and is_organizer(user, campaign)


def can_view_filing(user, filing: Filing) -> bool:
    campaign = filing.campaign
    if is_organizer(user, campaign) or is_moderator(user):
        return True
    return filing.is_submitted and is_active_member(user, campaign)


def can_view_draft(user, filing: Filing) -> bool:
    """Drafts, versions and annexes: organizers and moderators only."""
    return is_organizer(user, filing.campaign) or is_moderator(user)


def can_manage_filing(user, filing: Filing) -> bool:
    return can_draft_filing(user, filing.campaign)


def can_approve_filing(user, filing: Filing | None = None) -> bool:
    return is_moderator(user)


def can_consent_filing(user, filing: Filing) -> bool:
    return not filing.is_submitted and is_active_member(user, filing.campaign)


def can_download_version(user, version: FilingVersion) -> bool:
    """The PDF: organizers and moderators; members once this very version was submitted."""
    filing = version.filing
    if can_view_draft(user, filing):
        return True
    return version.frozen_at is not None and is_active_member(user, filing.campaign)


def _filing(pk: int) -> Filing:
    return get_object_or_404(
        Filing.objects.select_related("campaign__platform", "regulator", "current_version"), pk=pk
    )


def get_filing_for_user(user, pk: int, *, write: bool = False) -> Filing:
    filing = _filing(pk)
    if not can_view_filing(user, filing):
        raise Http404
    if write and not can_manage_filing(user, filing):
        raise PermissionDenied
    return filing


def get_filing_for_pdf(user, pk: int) -> Filing:
    filing = _filing(pk)
    if not (can_view_draft(user, filing) or is_active_member(user, filing.campaign)):
        raise Http404
    return filing


def get_filing_for_review(user, pk: int) -> Filing:
    filing = _filing(pk)
    if not can_view_filing(user, filing):
        raise Http404
    if not can_approve_filing(user, filing):
        raise PermissionDenied
    return filing


def get_filing_for_consent(user, pk: int) -> Filing:
    filing = _filing(pk)
    if not (can_consent_filing(user, filing) or can_view_filing(user, filing)):
        raise Http404
    if not can_consent_filing(user, filing):
        raise PermissionDenied
    return filing


def get_version_for_user(user, filing: Filing, number: int) -> FilingVersion:
    version = get_object_or_404(
        FilingVersion.objects.filter(filing=filing, status=FilingVersion.Status.READY), number=number
    )
    version.filing = filing
    if not can_download_version(user, version):
        raise Http404
    return version


def get_submission_for_user(user, filing: Filing, pk: int, *, write: bool = False) -> Submission:
    if not can_view_draft(user, filing):
        raise Http404
    submission = get_object_or_404(Submission.objects.filter(version__filing=filing), pk=pk)
    if write and not can_manage_filing(user, filing):
        raise PermissionDenied
    return submission


def can_decide_inbound_email(user) -> bool:
    """Replies held because their sender is not the regulator on file: moderators only."""
    return is_moderator(user)


def get_inbound_email_for_moderator(user, pk: int) -> InboundEmail:
    if not can_decide_inbound_email(user):
        raise Http404
    return get_object_or_404(
        InboundEmail.objects.select_related("submission__regulator", "submission__version__filing__campaign"),
        pk=pk,
    )
