"""Services of the mandates app: publish a mandate text, sign it, revoke it, and erase a person's mandates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.campaigns.models import Campaign, Membership
from complaints.core.services import audit_record
from complaints.mandates import pdf, sealing, selectors
from complaints.mandates.models import MAX_REPRESENTATIVES, Mandate, MandateIdentity, MandateText
from complaints.mandates.permissions import can_publish_mandate
from complaints.notifications.kinds import Kind
from complaints.notifications.services import Target, notify

RESIGN_AUDIENCE = "mandate_resign"
# What a new version can change, in the words the re-sign notice uses.
CHANGED_PARTS = {
    "matters": gettext_lazy("the matters"),
    "powers": gettext_lazy("the powers"),
    "term": gettext_lazy("the term"),
    "representatives": gettext_lazy("the representatives"),
    "revocable_until": gettext_lazy("the revocation cutoff"),
}


class MandateError(Exception):
    """A refusal the person is shown as it is (a sentence in their language)."""


@dataclass(frozen=True)
class MandateTerms:
    """What an organizer publishes as one version of the mandate text."""

    matters_zh: str
    matters_en: str
    may_settle: bool
    may_drop: bool
    term_ends_on: date
    representatives: list[int]
    revocable_until: date
    changes_zh: str = ""
    changes_en: str = ""


def _check_terms(campaign: Campaign, terms: MandateTerms) -> list[int]:
    numbers = sorted(set(terms.representatives))
    if not 1 <= len(numbers) <= MAX_REPRESENTATIVES:
        raise MandateError(_("Name one or two representatives."))
    organizers = set(
        Membership.objects.filter(
            campaign=campaign,
            role=Membership.Role.ORGANIZER,
            status=Membership.Status.ACTIVE,
            pseudonym_number__in=numbers,
        ).values_list("pseudonym_number", flat=True)
    )
    if organizers != set(numbers):
        raise MandateError(
            _("A representative must be an organizer of this campaign, named by member number.")
        )
    today = timezone.localdate()
    if terms.term_ends_on <= today:
        raise MandateError(_("The mandate must end after today."))
    if not today <= terms.revocable_until <= terms.term_ends_on:
        raise MandateError(_("The revocation cutoff must be between today and the end of the mandate."))
    return numbers


def _changed_parts(old: MandateText, new: MandateText) -> list[str]:
    changed = {
        "matters": (old.matters_zh, old.matters_en) != (new.matters_zh, new.matters_en),
        "powers": (old.may_settle, old.may_drop) != (new.may_settle, new.may_drop),
        "term": old.term_ends_on != new.term_ends_on,
        "representatives": sorted(old.representatives) != sorted(new.representatives),
        "revocable_until": old.revocable_until != new.revocable_until,
    }
    return [part for part, yes in changed.items() if yes]


def _resign_params(campaign: Campaign, text: MandateText, parts: list[str]) -> dict:
    """What the re-sign notice says changed, in each language: the parts, and the organizers' own words."""
    changed = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            changed[code] = ", ".join(str(CHANGED_PARTS[p]) for p in parts) or _("the wording")
    return {
        "campaign": campaign.title,
        "version": str(text.version),
        "changed": changed,
        "note": {code: text.changes_for(code) for code, _name in settings.LANGUAGES},
    }


def mandate_text_publish(*, actor: Any, campaign: Campaign, terms: MandateTerms) -> MandateText:
    """Publish the next version of the campaign's mandate text; signers of the older one are asked to re-sign."""
    if not can_publish_mandate(actor, campaign):
        raise PermissionError("only an organizer publishes the mandate text")
    numbers = _check_terms(campaign, terms)
    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        previous = selectors.current_text(campaign)
        text = MandateText.objects.create(
            campaign=campaign,
            version=(previous.version + 1) if previous else 1,
            matters_zh=terms.matters_zh,
            matters_en=terms.matters_en,
            may_settle=terms.may_settle,
            may_drop=terms.may_drop,
            term_ends_on=terms.term_ends_on,
            representatives=numbers,
            revocable_until=terms.revocable_until,
            changes_zh=terms.changes_zh if previous else "",
            changes_en=terms.changes_en if previous else "",
        )
        parts = _changed_parts(previous, text) if previous else []
        audit_record(
            actor=actor,
            action="mandate.publish",
            target=campaign,
            data={"version": text.version, "changed": parts},
        )
        if previous is not None:
            notify(
                actor=actor,
                kind=Kind.MANDATE_NEW_VERSION,
                audience=RESIGN_AUDIENCE,
                audience_args={"campaign": campaign.pk, "version": text.version},
                params=_resign_params(campaign, text, parts),
                target=Target(
                    type="mandates.mandatetext",
                    id=str(text.pk),
                    url=reverse("mandates:sign", args=[campaign.slug]),
                ),
                dedupe_key=f"mandate:{text.pk}",
            )
    return text


def resign_audience(args: dict, after_id: int, limit: int) -> list[int]:
    """Members whose mandate in force is on an older version than `version` of the campaign's text."""
    return list(
        Mandate.objects.filter(
            selectors.IN_FORCE,
            text__campaign_id=int(args["campaign"]),
            text__version__lt=int(args["version"]),
            membership__status=Membership.Status.ACTIVE,
            membership__user_id__gt=after_id,
        )
        .order_by("membership__user_id")
        .values_list("membership__user_id", flat=True)[:limit]
    )


@dataclass(frozen=True)
class Signature:
    """What the member typed when signing (validated by the form)."""

    legal_name: str
    id_kind: str
    id_number: str
    signature: str


def _pdf_context(membership: Membership, text: MandateText, signed: Signature, signed_at) -> dict:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "campaign_title": membership.campaign.text_for(language).title,
        "text": text,
        "matters_lines": [line for line in text.matters_for(language).splitlines() if line.strip()],
        "legal_name": signed.legal_name,
        "id_kind": MandateIdentity.IdKind(signed.id_kind).label,
        "id_number": signed.id_number,
        "pseudonym": membership.pseudonym,
        "signature": signed.signature,
        "signed_at": signed_at,
        "time_zone": _("Beijing time") if settings.TIME_ZONE == "Asia/Shanghai" else settings.TIME_ZONE,
    }


def mandate_sign(*, actor: Any, membership: Membership, text: MandateText, signed: Signature) -> Mandate:
    """Sign the current mandate text: a sealed identity, a sealed PDF with its SHA-256, an audit event."""
    if membership.user_id != actor.pk or not membership.is_active:
        raise PermissionError("only the member signs their own mandate")
    with transaction.atomic():
        Membership.objects.select_for_update().filter(pk=membership.pk).first()
        current = selectors.current_text(membership.campaign)
        if current is None or current.pk != text.pk:
            raise MandateError(
                _("The organizers published a newer version meanwhile. Please read it and sign again.")
            )
        if text.term_ends_on < timezone.localdate():
            raise MandateError(_("This mandate's term has ended; it can no longer be signed."))
        already = Mandate.objects.filter(selectors.IN_FORCE, membership=membership, text=text).first()
        if already is not None:
            raise MandateError(
                _("You signed this version on %(date)s; it is in force. There is nothing more to sign.")
                % {"date": date_format(timezone.localtime(already.signed_at), "DATE_FORMAT")}
            )
        digests = sealing.id_digests(signed.id_kind, signed.id_number)
        if selectors.id_signed_by_another(membership, digests):
            raise MandateError(
                _(
                    "This ID number already signs this campaign's mandate from another account. One person "
                    "signs once: sign in with that account, or revoke its mandate there first."
                )
            )
        now = timezone.now()
        Mandate.objects.filter(selectors.IN_FORCE, membership=membership).update(superseded_at=now)
        data, sha256 = pdf.render_pdf(
            _pdf_context(membership, text, signed, now), title=f"{_('Mandate')} v{text.version}"
        )
        mandate = Mandate.objects.create(text=text, membership=membership, pdf_sha256=sha256)
        MandateIdentity.objects.create(
            mandate=mandate,
            id_kind=signed.id_kind,
            id_digest=digests[0],
            sealed=sealing.seal_json(
                {
                    "legal_name": signed.legal_name,
                    "id_number": signed.id_number,
                    "signature": signed.signature,
                }
            ),
        )
        mandate.pdf.save(f"mandate-{mandate.pk}.pdf.sealed", ContentFile(sealing.seal(data)), save=True)
        # No name or number in the audit log: it says who signed which version, and the PDF's hash.
        audit_record(
            actor=actor,
            action="mandate.sign",
            target=membership.campaign,
            data={"mandate": mandate.pk, "version": text.version, "sha256": sha256},
        )
    return mandate


def mandate_pdf_bytes(mandate: Mandate) -> bytes:
    """The PDF as signed (unsealed); callers fetch the mandate through permissions.get_mandate_for_user."""
    with mandate.pdf.open("rb") as sealed:
        return sealing.unseal(sealed.read())


def mandate_revoke(*, actor: Any, mandate: Mandate) -> Mandate:
    """The member takes back their mandate, until the organizer-set cutoff; after it, the refusal says why."""
    if mandate.membership.user_id != actor.pk:
        raise PermissionError("only the signer revokes a mandate")
    if not mandate.in_force:
        raise MandateError(_("This mandate is no longer in force."))
    cutoff = mandate.text.revocable_until
    if mandate.past_cutoff:
        raise MandateError(
            _(
                "This mandate could be revoked until %(date)s. The representatives may already be acting on "
                "it, so it stays in force until it ends on %(end)s. Write to the organizers if something is wrong."
            )
            % {
                "date": date_format(cutoff, "DATE_FORMAT"),
                "end": date_format(mandate.text.term_ends_on, "DATE_FORMAT"),
            }
        )
    with transaction.atomic():
        updated = Mandate.objects.filter(selectors.IN_FORCE, pk=mandate.pk).update(revoked_at=timezone.now())
        if updated:
            audit_record(
                actor=actor,
                action="mandate.revoke",
                target=mandate.membership.campaign,
                data={"mandate": mandate.pk, "version": mandate.text.version},
            )
    mandate.refresh_from_db()
    return mandate


def mandates_end_on_leave(*, actor: Any, membership: Membership) -> int:
    """A member who leaves the campaign is no longer represented: their mandate ends (whatever the cutoff)."""
    ended = Mandate.objects.filter(selectors.IN_FORCE, membership=membership).update(
        revoked_at=timezone.now()
    )
    if ended:
        audit_record(actor=actor, action="mandate.end_on_leave", target=membership.campaign, data={})
    return ended


def mandates_erase(user) -> None:
    """At erasure: the sealed identities and PDFs go, and the person's mandates end."""
    with transaction.atomic():
        mandates = Mandate.objects.filter(membership__user=user)
        MandateIdentity.objects.filter(mandate__in=mandates).delete()
        for mandate in mandates.exclude(pdf=""):
            mandate.pdf.delete(save=False)
        mandates.update(pdf="")
        mandates.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def mandates_export(user) -> list[dict]:
    """The person's mandates for their export (versions, dates, hashes; the PDF is on the consent page)."""
    return [
        {
            "campaign": mandate.membership.campaign.slug,
            "version": mandate.text.version,
            "signed_at": mandate.signed_at.isoformat(),
            "revoked_at": mandate.revoked_at.isoformat() if mandate.revoked_at else None,
            "replaced_at": mandate.superseded_at.isoformat() if mandate.superseded_at else None,
            "pdf_sha256": mandate.pdf_sha256,
        }
        for mandate in selectors.mandates_of_member(user)
    ]


def mandates_impact(user) -> list[str]:
    count = Mandate.objects.filter(selectors.IN_FORCE, membership__user=user).count()
    if not count:
        return []
    return [
        _("Your %(count)s signed mandate(s) end, and the name and ID number you signed with are erased.")
        % {"count": count}
    ]
