"""The filings app's part of the "My campaigns" dashboard: the filings my evidence is in."""

from __future__ import annotations

from django.db.models import F, Min
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from complaints.campaigns.dashboard import CampaignProgress, FilingLine, register
from complaints.evidence.selectors import evidence_released_for_filings
from complaints.filings import delivery, selectors
from complaints.filings.models import Filing

FILINGS_SHOWN = 5


def filing_progress(user, rows: list[CampaignProgress]) -> None:
    """Filings that carry (or, once sent, will carry) my released evidence; two queries for the whole page.

    A sent filing is listed only if my earliest exhibit was approved before the sent version was generated:
    what was sent is frozen, and the exhibits are read when a version is generated.
    """
    by_campaign = {row.campaign.pk: row for row in rows if row.membership.include_in_filings}
    if not by_campaign:
        return
    first_approved = dict(
        evidence_released_for_filings()
        .filter(owner=user, campaign_id__in=by_campaign)
        .values("campaign_id")
        .annotate(first=Min("approved_at"))
        .values_list("campaign_id", "first")
    )
    if not first_approved:
        return
    language = get_language() or "zh-hans"
    filings = (
        Filing.objects.filter(campaign_id__in=first_approved)
        .select_related("regulator")
        .annotate(generated_at=F("approved_version__created_at"))
    )
    filings = list(filings.order_by("-created_at", "-id"))
    latest = selectors.latest_submissions([f for f in filings if f.is_submitted])
    for filing in filings:
        row = by_campaign[filing.campaign_id]
        title = filing.regulator.display_name(language)
        first = first_approved[filing.campaign_id]
        if filing.is_submitted:
            cut_off = filing.generated_at or filing.submitted_at
            if first and cut_off and first <= cut_off:
                # What it says is the one delivery state: "with your evidence" only once it arrived.
                state = delivery.member_state(latest.get(filing.pk))
                status = (
                    _("%(state)s, with your evidence") % {"state": state.label}
                    if state.delivered
                    else _("%(state)s, your evidence goes with it") % {"state": state.label}
                )
                line = FilingLine(title, status, filing.get_absolute_url())
            else:
                continue
        else:
            # Drafts are for organizers and moderators; a member sees the filing once it is sent.
            url = filing.get_absolute_url() if row.membership.is_organizer else ""
            line = FilingLine(
                title, _("in preparation: each new version takes in the evidence you released"), url
            )
        if len(row.filings) < FILINGS_SHOWN:
            row.filings.append(line)


def register_progress() -> None:
    register(filing_progress)
