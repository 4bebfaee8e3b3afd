"""The mandates app's part of the "My campaigns" dashboard: where my mandate stands, and a step to sign it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from complaints.campaigns.dashboard import (
    RANK_CONSENT,
    RANK_TASK,
    CampaignProgress,
    StatusLine,
    Step,
    register,
)
from complaints.mandates import selectors

# A new version to sign comes right after the organizers' tasks (the old signature represents nobody now);
# a first signature after the case's own gaps.
RANK_RESIGN = RANK_TASK + 1
RANK_SIGN = RANK_CONSENT + 5


def status_text(status: selectors.MemberMandate) -> str:
    """ "Mandate: not signed / signed (version N) / a new version to sign": the same words on the case page."""
    if status.state == "signed":
        return _("Mandate: signed (version %(version)s)") % {"version": status.version}
    if status.state == "outdated":
        return _("Mandate: a new version to sign")
    return _("Mandate: not signed")


def mandate_progress(user, rows: list[CampaignProgress]) -> None:
    """One status line per campaign with a mandate text, and a step when there is something to sign."""
    statuses = selectors.member_mandates([row.membership for row in rows])
    for row in rows:
        status = statuses.get(row.membership.pk)
        if status is None:
            continue
        slug = row.campaign.slug
        if status.state == "signed":
            row.statuses.append(StatusLine(status_text(status), reverse("accounts:consent")))
            continue
        url = reverse("mandates:text", args=[slug])
        row.statuses.append(StatusLine(status_text(status), url, attention=status.state == "outdated"))
        if row.campaign.is_open:
            if status.state == "outdated":
                row.steps.append(Step(RANK_RESIGN, _("Sign the new version of the mandate"), url))
            else:
                row.steps.append(Step(RANK_SIGN, _("Read and sign the mandate"), url))


def register_progress() -> None:
    register(mandate_progress)
