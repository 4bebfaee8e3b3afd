"""The ballots app's part of the "My campaigns" dashboard: an open vote the member is on the roll of."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from complaints.ballots import selectors
from complaints.campaigns.dashboard import CampaignProgress, StatusLine, register


def vote_progress(user, rows: list[CampaignProgress]) -> None:
    """One line per open vote: until when, and a link to vote (or that they voted); one query in all."""
    by_membership = {row.membership.pk: row for row in rows}
    if not by_membership:
        return
    for vote in selectors.open_votes([row.membership for row in rows]):
        row = by_membership[vote.membership_id]
        url = reverse("ballots:offer", args=[row.campaign.slug, vote.offer_id])
        if vote.voted:
            row.statuses.append(StatusLine(_("Settlement offer vote: you voted"), url))
            continue
        text = _("Settlement offer vote open: until %(date)s · Vote") % {
            "date": date_format(vote.last_day, "DATE_FORMAT")
        }
        row.statuses.append(StatusLine(text, url, attention=True))


def register_progress() -> None:
    register(vote_progress)
