"""Reads of the filings app, scoped to who is looking."""

from __future__ import annotations

from django.db.models import Min, QuerySet

from complaints.campaigns.models import Campaign
from complaints.campaigns.permissions import is_moderator, is_organizer
from complaints.filings.models import Filing, FilingVersion, InboundEmail, Regulator, Response, Submission


def filings_visible_to(user, campaign: Campaign) -> QuerySet[Filing]:
    """All filings for organizers and moderators; submitted ones for everyone else allowed on the page."""
    filings = Filing.objects.filter(campaign=campaign).select_related("regulator", "current_version")
    if is_organizer(user, campaign) or is_moderator(user):
        return filings
    return filings.filter(status=Filing.Status.SUBMITTED)


def unsent_filing(
    campaign: Campaign, *, regulator: Regulator, language: str, requires_mandates: bool = False
) -> Filing | None:
    """The campaign's filing to this regulator, in this language, that is not sent yet (the newest), if any:
    pressing "Generate the filing" again opens it rather than starting a second draft of the same filing."""
    return (
        Filing.objects.filter(
            campaign=campaign,
            regulator=regulator,
            language=language,
            requires_mandates=requires_mandates,
            status__in=Filing.EDITABLE_STATUSES,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def submitted_filings(campaign: Campaign, *, limit: int = 5) -> list[Filing]:
    """For the campaign timeline: filings that arrived (a submission confirmed), with `delivered_at`."""
    return list(
        Filing.objects.filter(
            campaign=campaign,
            status=Filing.Status.SUBMITTED,
            versions__submissions__status=Submission.Status.SENT,
        )
        .annotate(delivered_at=Min("versions__submissions__sent_at"))
        .select_related("regulator")
        .order_by("-delivered_at")[:limit]
    )


def filings_in_delivery(campaign: Campaign, *, limit: int = 5) -> list[Filing]:
    """Filings handed to a channel that has not confirmed them yet: members hear "being sent", not "submitted"."""
    return list(
        Filing.objects.filter(campaign=campaign, status=Filing.Status.SUBMITTED)
        .exclude(versions__submissions__status=Submission.Status.SENT)
        .select_related("regulator")
        .order_by("-submitted_at")[:limit]
    )


def latest_submissions(filings) -> dict[int, Submission]:
    """The newest submission of each of these filings, in one query."""
    latest: dict[int, Submission] = {}
    rows = Submission.objects.filter(version__filing__in=[f.pk for f in filings]).select_related("version")
    for submission in rows.order_by("-id"):
        latest.setdefault(submission.version.filing_id, submission)
    return latest


def filing_versions(filing: Filing) -> QuerySet[FilingVersion]:
    return filing.versions.defer("content").order_by("-number")


def filing_submissions(filing: Filing) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(version__filing=filing)
        .select_related("version", "regulator")
        .order_by("-id")
    )


def filings_awaiting_approval() -> QuerySet[Filing]:
    return (
        Filing.objects.filter(status=Filing.Status.AWAITING_APPROVAL)
        .select_related("campaign", "regulator")
        .order_by("updated_at")
    )


def regulators_for(campaign: Campaign) -> QuerySet[Regulator]:
    return Regulator.objects.all()


def filing_responses(filing: Filing) -> QuerySet[Response]:
    return Response.objects.filter(submission__version__filing=filing).order_by("-received_at", "-id")


def campaign_responses(campaign: Campaign, *, limit: int = 5) -> list[Response]:
    """For the campaign timeline: the latest answers to its filings."""
    return list(
        Response.objects.filter(submission__version__filing__campaign=campaign)
        .select_related("submission__regulator", "submission__version")
        .order_by("-received_at", "-id")[:limit]
    )


def filing_needing_names(campaign: Campaign | int) -> Filing | None:
    """The newest filing not yet sent whose regulator needs a named complainant."""
    return (
        Filing.objects.filter(campaign=campaign, regulator__requires_named_complainants=True)
        .exclude(status=Filing.Status.SUBMITTED)
        .order_by("-created_at", "-id")
        .first()
    )


def inbound_emails_held() -> QuerySet[InboundEmail]:
    """Replies by email whose sender is not the regulator on file, oldest first: a moderator decides."""
    return (
        InboundEmail.objects.filter(status=InboundEmail.Status.HELD)
        .select_related("submission__regulator", "submission__version__filing__campaign")
        .order_by("received_at", "id")
    )
