"""Reads of the mandates app: the current text, who is represented, and a member's own mandates."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.db.models.expressions import Combinable
from django.utils import timezone

from complaints.campaigns.figures import small
from complaints.campaigns.models import Campaign, Membership
from complaints.mandates import sealing
from complaints.mandates.models import Mandate, MandateIdentity, MandateText

logger = logging.getLogger(__name__)
IN_FORCE = Q(revoked_at__isnull=True, superseded_at__isnull=True)


def current_text(campaign: Campaign) -> MandateText | None:
    """The newest version of the campaign's mandate text, or None when the organizers published none."""
    return texts_newest_first(campaign.pk).first()


def texts_newest_first(campaign) -> QuerySet[MandateText]:
    """The campaign's mandate texts (`campaign`: its id, or an OuterRef to it), the current one first."""
    return MandateText.objects.filter(campaign_id=campaign).order_by("-version")


def page_figures() -> dict:
    """The campaign page's mandates figure (whether a text is published), read with the other panels' in one
    query (`campaigns.panels`)."""
    return {"mandates_text": lambda campaign, _midnight: Exists(texts_newest_first(campaign))}


def _valid_mandates(campaign: Campaign, text: MandateText | None = None) -> QuerySet[Mandate]:
    """Mandates in force on the current version, of active members, whose term has not ended."""
    text = text or current_text(campaign)
    if text is None or text.term_ends_on < timezone.localdate():
        return Mandate.objects.none()
    return Mandate.objects.filter(IN_FORCE, text=text, membership__status=Membership.Status.ACTIVE)


def mandate_signers(campaign: Campaign) -> QuerySet:
    """Membership ids with a valid, unrevoked mandate of the current version (a subquery for `__in=`).

    The one rule for "represented by a signed mandate": filings attach only these members' identity annexes,
    and ballots give these members a vote when the campaign uses mandates.
    """
    return _valid_mandates(campaign).values_list("membership_id", flat=True)


def represented(signed_by: datetime | Combinable | None = None) -> Q:
    """A filter of memberships: their campaign uses no mandate, or they are among its `mandate_signers`.

    With `signed_by` (a time, or an expression for one as seen from the membership, like
    `OuterRef("opened_at")` of an offer), a signer must also have been represented without a gap since
    then: a mandate signed by that time and not revoked by it, and none revoked after it (signing a newer
    version replaces a mandate without a gap; revoking and signing again leaves one). A signature after
    that time does not count. One query for many campaigns at once; the same rule as `_valid_mandates`.
    """
    newer = MandateText.objects.filter(
        campaign_id=OuterRef("text__campaign_id"), version__gt=OuterRef("text__version")
    )
    valid = Mandate.objects.filter(
        IN_FORCE, membership_id=OuterRef("pk"), text__term_ends_on__gte=timezone.localdate()
    ).exclude(Exists(newer))
    signer = Q(Exists(valid))
    if signed_by is not None:
        if isinstance(signed_by, Combinable):
            signed_by = OuterRef(signed_by)  # one query deeper: the mandate's, inside the membership's
        mine = Mandate.objects.filter(membership_id=OuterRef("pk"))
        held = mine.filter(Q(revoked_at__isnull=True) | Q(revoked_at__gt=signed_by), signed_at__lte=signed_by)
        signer &= Q(Exists(held)) & ~Q(Exists(mine.filter(revoked_at__gt=signed_by)))
    return Q(~Exists(MandateText.objects.filter(campaign_id=OuterRef("campaign_id")))) | signer


def signing_open(campaign: Campaign) -> bool:
    """A member can sign now: the campaign is open and its current mandate text's term has not ended."""
    return _signable(campaign, current_text(campaign))


def _signable(campaign: Campaign, text: MandateText | None) -> bool:
    return bool(campaign.is_open and text is not None and text.term_ends_on >= timezone.localdate())


def signed_count(campaign: Campaign, text: MandateText | None = None) -> int:
    return _valid_mandates(campaign, text).count()


def public_signed_count(campaign: Campaign, text: MandateText | None = None) -> int | None:
    """The count for public pages (`text`: the current one, when the caller has it): None below 5 people."""
    count = signed_count(campaign, text)
    return None if small(count) else count


def id_signed_by_another(membership: Membership, digests: list[str]) -> bool:
    """Whether another active member of the campaign holds a mandate in force signed with this ID number."""
    return (
        Mandate.objects.filter(
            IN_FORCE,
            membership__campaign_id=membership.campaign_id,
            membership__status=Membership.Status.ACTIVE,
            identity__id_digest__in=digests,
        )
        .exclude(membership=membership)
        .exists()
    )


def mandate_in_force(membership: Membership) -> Mandate | None:
    return (
        Mandate.objects.filter(IN_FORCE, membership=membership).select_related("text").first()
        if membership is not None
        else None
    )


def mandates_of_member(user) -> QuerySet[Mandate]:
    """The person's own signed mandates, newest first (the consent page)."""
    return Mandate.objects.filter(membership__user=user).select_related("text", "membership__campaign")


@dataclass(frozen=True)
class ShownIdentity:
    legal_name: str
    id_number_end: str


def identity_for_member(user, mandate: Mandate) -> ShownIdentity | None:
    """The name and the last digits of the ID number a member signed with, for that member's eyes only."""
    if mandate.membership.user_id != getattr(user, "pk", None):
        return None
    identity = getattr(mandate, "identity", None) if mandate.pk else None
    if identity is None:
        return None
    try:
        opened = sealing.unseal_json(identity.sealed)
    except sealing.SealError:  # a lost or wrong TONGSU_MANDATE_KEY: the page still opens, without it
        logger.exception("mandate %s: the identity cannot be opened with the configured key", mandate.pk)
        return None
    return ShownIdentity(legal_name=opened["legal_name"], id_number_end=opened["id_number"][-4:])


def organizer_choices(campaign: Campaign) -> list[tuple[int, str]]:
    """(member number, "Member #N") of the campaign's active organizers: who may be named representative."""
    organizers = Membership.objects.filter(
        campaign_id=campaign.pk, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
    ).order_by("pseudonym_number")
    return [(m.pseudonym_number, m.pseudonym) for m in organizers]


@dataclass(frozen=True)
class RevokeOutlook:
    """What revoking a mandate means for its signer: whether they may, and whether they could sign again."""

    revocable: bool
    can_sign_again: bool
    # The last day the current version can be signed (its term's end), when signing again is possible.
    sign_again_until: date | None


def revoke_outlook(mandate: Mandate) -> RevokeOutlook:
    """The same rules as the services: revoking until the cutoff, signing while open and the term runs."""
    membership = mandate.membership
    text = current_text(membership.campaign)
    can_sign = membership.is_active and _signable(membership.campaign, text)
    return RevokeOutlook(
        revocable=mandate.in_force and not mandate.past_cutoff,
        can_sign_again=can_sign,
        sign_again_until=text.term_ends_on if can_sign and text else None,
    )


@dataclass(frozen=True)
class MemberMandate:
    """Where a member's mandate stands: `state` is "unsigned", "signed" (the current `version`) or "outdated"
    (they signed an older version, which no longer represents them, and `version` waits to be signed)."""

    state: str
    version: int


def _state(current: int, signed: int | None) -> MemberMandate:
    if signed is None:
        return MemberMandate("unsigned", current)
    return MemberMandate("signed" if signed >= current else "outdated", current)


def member_mandate(membership: Membership | None) -> MemberMandate | None:
    """The member's mandate status in their campaign; None when the organizers published no mandate text."""
    if membership is None or not membership.is_active:
        return None
    return member_mandates([membership]).get(membership.pk)


def member_mandates(memberships: list[Membership]) -> dict[int, MemberMandate]:
    """member_mandate for many memberships (by membership id) in two queries; campaigns without a text left out."""
    campaign_ids = {m.campaign_id for m in memberships}
    current = dict(
        MandateText.objects.filter(campaign_id__in=campaign_ids)
        .values("campaign_id")
        .annotate(newest=Max("version"))
        .values_list("campaign_id", "newest")
    )
    if not current:
        return {}
    signed = dict(
        Mandate.objects.filter(IN_FORCE, membership__in=[m.pk for m in memberships]).values_list(
            "membership_id", "text__version"
        )
    )
    return {
        m.pk: _state(current[m.campaign_id], signed.get(m.pk))
        for m in memberships
        if m.campaign_id in current
    }


@dataclass(frozen=True)
class SignerIdentity:
    """A signer's identity as sealed in their mandate, opened only for the regulator's identity annex."""

    membership_id: int
    legal_name: str
    id_kind: str
    id_number: str
    version: int
    signed_at: datetime


def signer_identities(campaign: Campaign, membership_ids: QuerySet) -> Iterator[SignerIdentity]:
    """The sealed identities of the valid mandates of these members, in member-number order.

    Only a filing that requires mandates calls this, to write the identity annex that goes to its regulator
    alone (what the sign page tells the signer). A mandate whose identity cannot be opened is left out, logged.
    """
    mandates = (
        _valid_mandates(campaign)
        .filter(membership_id__in=membership_ids, identity__isnull=False)
        .select_related("identity", "text")
        .order_by("membership__pseudonym_number")
    )
    for mandate in mandates.iterator(chunk_size=500):
        try:
            opened = sealing.unseal_json(mandate.identity.sealed)
        except sealing.SealError:
            logger.exception("mandate %s: the identity cannot be opened with the configured key", mandate.pk)
            continue
        yield SignerIdentity(
            membership_id=mandate.membership_id,
            legal_name=opened["legal_name"],
            id_kind=str(MandateIdentity.IdKind(mandate.identity.id_kind).label),
            id_number=opened["id_number"],
            version=mandate.text.version,
            signed_at=mandate.signed_at,
        )
