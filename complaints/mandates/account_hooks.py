"""The mandates app's part in the consent page (complaints.accounts.consent), in a person's privacy rights
(complaints.core.privacy: the deletion warning, the export, erasure), in leaving a campaign (a member who
leaves is no longer represented) and the re-sign audience. Registered in MandatesConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass

from complaints.accounts.consent import ConsentRow, ConsentSection, register_consent
from complaints.campaigns import hooks as campaign_hooks
from complaints.core.demo import register_demo
from complaints.core.privacy import register_privacy
from complaints.mandates import selectors, services
from complaints.mandates.models import Mandate
from complaints.notifications.audiences import register_audience


@dataclass
class SignedMandate:
    mandate: Mandate
    identity: selectors.ShownIdentity | None
    revocable: bool
    # Signed, not revoked, but of an older version than the campaign's current one: it represents nobody
    # (mandate_signers counts the current version only), and the member is asked to sign again.
    newer_version: int | None = None


def consent_fill(user, rows: list[ConsentRow]) -> None:
    """Each membership's signed mandates with the name and ID ending they signed with (the member's eyes only)."""
    by_membership = {row.membership.pk: row for row in rows}
    found: dict[int, list[SignedMandate]] = {}
    current: dict[int, int] = {}  # campaign id -> its newest version
    for mandate in (
        selectors.mandates_of_member(user)
        .filter(membership_id__in=by_membership)
        .select_related("identity", "text", "membership__campaign")
    ):
        campaign = by_membership[mandate.membership_id].membership.campaign
        if campaign.pk not in current:
            newest = selectors.current_text(campaign)
            current[campaign.pk] = newest.version if newest else 0
        outdated = mandate.in_force and mandate.text.version < current[campaign.pk]
        found.setdefault(mandate.membership_id, []).append(
            SignedMandate(
                mandate=mandate,
                identity=selectors.identity_for_member(user, mandate),
                revocable=mandate.in_force and not mandate.past_cutoff,
                newer_version=current[campaign.pk] if outdated else None,
            )
        )
    for membership_id, mandates in found.items():
        by_membership[membership_id].sections.append(ConsentSection("mandates/_consent.html", mandates))


def _membership_left(sender, *, actor, membership, **kwargs) -> None:
    services.mandates_end_on_leave(actor=actor, membership=membership)


def register() -> None:
    campaign_hooks.membership_left.connect(_membership_left, dispatch_uid="mandates.membership_left")
    register_consent("mandates", fill=consent_fill, order=40)
    register_demo("complaints.mandates.demo")
    register_privacy(
        "mandates",
        impact=services.mandates_impact,
        export=services.mandates_export,
        erase=services.mandates_erase,
    )
    register_audience(services.RESIGN_AUDIENCE, services.resign_audience)
