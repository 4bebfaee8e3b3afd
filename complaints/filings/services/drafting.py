"""Drafting and approval of filings: versions generated from the campaign, reviewed by a moderator."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from complaints.accounts.permissions import is_moderator
from complaints.campaigns.models import Campaign, Membership, MemberTask
from complaints.campaigns.services import task_create
from complaints.core import heartbeat
from complaints.core.services import audit_record
from complaints.core.text import single_line
from complaints.evidence.pipeline.run import anonymize_text
from complaints.evidence.selectors import evidence_not_in_filings
from complaints.filings import generation
from complaints.filings.models import (
    Filing,
    FilingConsent,
    FilingVersion,
    Regulator,
)
from complaints.filings.selection import represented_members
from complaints.filings.services.common import BUILD_TASK, FilingError, _announce, _lock, enqueue, logger
from complaints.notifications.kinds import Kind
from complaints.notifications.services import notifications_settle

# --- Drafting ----------------------------------------------------------------------------------------------


def filing_create(
    *, actor, campaign: Campaign, regulator: Regulator, language: str, requires_mandates: bool = False
) -> Filing:
    """Start a filing for a campaign and a regulator, and generate its first version."""
    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        # A double click sends the form twice: the draft started a moment ago is the one meant.
        recent = Filing.objects.filter(
            campaign=campaign, regulator=regulator, language=language, created_by=actor,
            status=Filing.Status.DRAFT, created_at__gte=timezone.now() - timedelta(seconds=60),
        ).first()  # fmt: skip
        if recent is not None:
            return recent
        filing = Filing.objects.create(
            campaign=campaign,
            regulator=regulator,
            language=language,
            created_by=actor,
            requires_mandates=requires_mandates,
        )
        audit_record(
            actor=actor,
            action="filing.create",
            target=filing,
            data={"regulator": regulator.slug, "requires_mandates": requires_mandates},
        )
        filing_generate(actor=actor, filing=filing, narrative=campaign.summary, demands=campaign.demands)
    return filing


def filing_generate(*, actor, filing: Filing, narrative: str, demands: str) -> FilingVersion:
    """Create the next version and generate it in the background from the campaign's current state."""
    with transaction.atomic():
        filing = _lock(filing)
        if filing.is_submitted:
            raise FilingError(_("This filing was submitted; start a new filing instead."))
        last = filing.versions.aggregate(n=models.Max("number"))["n"] or 0
        version = FilingVersion.objects.create(
            filing=filing, number=last + 1, narrative=narrative, demands=demands, created_by=actor
        )
        # A new version needs a new approval: what was approved is not what will be sent.
        Filing.objects.filter(pk=filing.pk).update(status=Filing.Status.DRAFT, updated_at=timezone.now())
        audit_record(actor=actor, action="filing.generate", target=filing, data={"version": version.number})
        transaction.on_commit(partial(enqueue, BUILD_TASK, version.pk))
    return version


def _version_claim(version_id: int) -> bool:
    """Take a version's build: one not started yet, or one whose builder went silent (its worker died)."""
    now = timezone.now()
    return (
        FilingVersion.objects.filter(pk=version_id, status=FilingVersion.Status.GENERATING)
        .filter(
            models.Q(build_started_at__isnull=True) | models.Q(updated_at__lt=heartbeat.stale_before(now))
        )
        .update(build_started_at=now, updated_at=now)
        == 1
    )


def _version_beat(version_id: int) -> int:
    return FilingVersion.objects.filter(pk=version_id, status=FilingVersion.Status.GENERATING).update(
        updated_at=timezone.now()
    )


def filing_version_build(*, version_id: int) -> FilingVersion | None:
    """Generate one version (worker, filings queue); safe to run twice: only a version still generating is built."""
    if not _version_claim(version_id):
        return None  # built already, or another worker is building it and still beats
    version = FilingVersion.objects.select_related("filing__campaign__platform", "filing__regulator").get(
        pk=version_id
    )

    def progress(percent: int) -> None:
        FilingVersion.objects.filter(pk=version_id).update(
            progress=min(percent, 99), updated_at=timezone.now()
        )

    try:
        with heartbeat.beating(partial(_version_beat, version_id)):
            built = generation.build(version, progress=progress)
    except Exception as exc:
        logger.exception("filing version %s failed to generate", version_id)
        FilingVersion.objects.filter(pk=version_id).update(
            status=FilingVersion.Status.FAILED, error=single_line(exc, limit=300)
        )
        return None
    previous = (
        FilingVersion.objects.filter(
            filing_id=version.filing_id, number__lt=version.number, status=FilingVersion.Status.READY
        )
        .order_by("-number")
        .first()
    )
    prefix = f"filings/{version.filing_id}/v{version.number}-{built.pdf_sha256[:12]}"
    storage = version.pdf.storage
    version.pdf.name = storage.save(f"{prefix}.pdf", _content(built.pdf))
    version.annex_csv.name = storage.save(f"{prefix}-annex.csv", built.annex_csv)
    version.annex_json.name = storage.save(f"{prefix}-annex.json", built.annex_json)
    if built.identity_annex is not None:
        version.identity_annex.name = storage.save(
            f"{prefix}-{built.identity_annex.name}", built.identity_annex
        )
    version.pdf_sha256 = built.pdf_sha256
    version.content = built.content
    version.diff_summary = generation.diff_summary(previous, version, built.content)
    version.status = FilingVersion.Status.READY
    version.progress = 100
    with transaction.atomic():
        version.save()
        # Only the newest version becomes current: a slow older build never overtakes a newer one.
        Filing.objects.filter(pk=version.filing_id).filter(
            models.Q(current_version__isnull=True) | models.Q(current_version__number__lt=version.number)
        ).update(current_version=version, updated_at=timezone.now())
    return version


def _content(data: bytes):
    return ContentFile(data)


def filing_consent_update(
    *, actor, filing: Filing, membership: Membership, disclose_identity: bool
) -> FilingConsent:
    """A member chooses whether this regulator may learn their name; takes effect in the next version."""
    if membership.user_id != actor.pk:
        raise FilingError(_("Only the member can change their own consent."))
    with transaction.atomic():
        consent, _created = FilingConsent.objects.update_or_create(
            filing=filing, membership=membership, defaults={"disclose_identity": disclose_identity}
        )
        audit_record(
            actor=actor, action="filing.consent", target=filing, data={"disclose_identity": disclose_identity}
        )
    return consent


# --- Approval ----------------------------------------------------------------------------------------------


def review_checklist(filing: Filing) -> dict:
    """What a moderator checks before approving: evidence, consents, personal data in the organizer's text."""
    version = filing.current_version
    if version is None or not version.is_ready:
        return {"ready": False}
    findings = []
    for field in ("narrative", "demands"):
        _text, found = anonymize_text(getattr(version, field) or "", lang=filing.language)
        for finding in found:
            findings.append(
                {"field": field, "type": getattr(finding, "type", None) or getattr(finding, "kind", "")}
            )
    figs = version.content.get("figures", {})
    consents_unchanged = version.content.get("consent_fingerprint") == generation.consent_fingerprint(filing)
    return {
        "ready": True,
        "problems": filing_problems(filing, version),
        "findings": findings,
        "members": figs.get("members", 0),
        "exhibits": figs.get("exhibits", 0),
        "consents_unchanged": consents_unchanged,
        "requires_mandates": filing.requires_mandates,
        "represented": represented_members(filing.campaign),
        # Exhibits are drawn only from approved, cleared, released redacted files (the one rule:
        # evidence.selectors.evidence_for_filing); the index must still match, or an item was withdrawn,
        # flagged or re-redacted since generation.
        "only_approved_evidence": version.content.get("exhibit_index_sha256")
        == generation.exhibit_index_digest(filing),
    }


def filing_problems(filing: Filing, version: FilingVersion) -> list[dict]:
    """What would make a filing empty or incomplete, with numbers; a `blocking` one stops it being sent.

    The version's own figures say what it contains; the live counts say what a new version would contain,
    so the organizer sees the numbers move as members answer.
    """
    content = version.content or {}
    problems = []
    if not content.get("figures", {}).get("exhibits"):
        problems.append(
            {"code": "no_exhibits", "blocking": True, "now": generation.filing_exhibits(filing).count()}
        )
    if filing.regulator.requires_named_complainants and not content.get("identity_disclosed"):
        problems.append(
            {
                "code": "no_named_complainant",
                "blocking": True,
                "now": generation.identity_annex_rows(filing),
            }
        )
    if filing.requires_mandates and not content.get("figures", {}).get("represented"):
        # A filing that acts only for signers, with none: it would speak for nobody.
        problems.append(
            {"code": "no_mandates", "blocking": True, "now": represented_members(filing.campaign)}
        )
    unreleased = evidence_not_in_filings().filter(campaign_id=filing.campaign_id)
    items = unreleased.count()
    if items:
        members = unreleased.values("membership_id").distinct().count()
        problems.append(
            {"code": "evidence_not_released", "blocking": False, "items": items, "members": members}
        )
    return problems


def filing_send_for_approval(*, actor, filing: Filing) -> Filing:
    with transaction.atomic():
        filing = _lock(filing)
        version = filing.current_version
        if filing.status not in (Filing.Status.DRAFT, Filing.Status.RETURNED) or version is None:
            raise FilingError(_("Only a generated draft can be sent for approval."))
        if not version.is_ready or filing.versions.filter(status=FilingVersion.Status.GENERATING).exists():
            raise FilingError(_("Wait until the newest version has been generated."))
        codes = {p["code"] for p in filing_problems(filing, version) if p["blocking"]}
        if "no_mandates" in codes:
            raise FilingError(
                _(
                    "This filing acts only for members who signed the mandate, and this version has none; "
                    "it would speak for nobody."
                )
            )
        if "no_exhibits" in codes:
            raise FilingError(
                _("This version has no exhibits; a regulator cannot act on a filing without evidence.")
            )
        if "no_named_complainant" in codes:
            raise FilingError(
                _(
                    "%(regulator)s only accepts complaints with a named complainant; no member agreed to be named."
                )
                % {"regulator": filing.regulator.display_name(get_language() or filing.language)}
            )
        filing.status = Filing.Status.AWAITING_APPROVAL
        filing.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor, action="filing.send_for_approval", target=filing, data={"version": version.number}
        )
    # The changes the moderator asked for are made: "returned for changes" stops asking the organizers.
    organizers = Membership.objects.filter(
        campaign_id=filing.campaign_id, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
    ).values_list("user_id", flat=True)
    notifications_settle(target=filing, kinds=[Kind.FILING_RETURNED], recipient_ids=list(organizers))
    return filing


def _require_moderator(actor) -> None:
    # Who is a moderator is accounts' rule; a filing's view shows this refusal as a message.
    if not is_moderator(actor):
        raise FilingError(_("Only a moderator can do this."))


def filing_approve(*, actor, filing: Filing, comment: str = "") -> Filing:
    """A moderator approves the current version; the approval binds to that version's PDF hash."""
    _require_moderator(actor)
    with transaction.atomic():
        filing = _lock(filing)
        version = filing.current_version
        if filing.status != Filing.Status.AWAITING_APPROVAL or version is None or not version.is_ready:
            raise FilingError(_("This filing is not waiting for approval."))
        filing.status = Filing.Status.APPROVED
        filing.approved_version = version
        filing.approved_pdf_sha256 = version.pdf_sha256
        filing.approved_by = actor
        filing.approved_at = timezone.now()
        filing.review_comment = comment
        filing.save()
        audit_record(
            actor=actor,
            action="filing.approve",
            target=filing,
            reason=comment,
            data={"version": version.number, "pdf_sha256": version.pdf_sha256},
        )
        _announce(
            actor=actor,
            kind="filing_approved",
            filing=filing,
            audience="organizers",
            dedupe_key=f"{filing.pk}:v{version.number}",
        )
    return filing


def filing_return(*, actor, filing: Filing, comment: str) -> Filing:
    """A moderator sends the filing back to the organizers with what to change."""
    _require_moderator(actor)
    if not comment.strip():
        raise FilingError(_("Say what has to change."))
    with transaction.atomic():
        filing = _lock(filing)
        if filing.status != Filing.Status.AWAITING_APPROVAL:
            raise FilingError(_("This filing is not waiting for approval."))
        filing.status = Filing.Status.RETURNED
        filing.review_comment = comment
        filing.save(update_fields=["status", "review_comment", "updated_at"])
        number = filing.current_version.number if filing.current_version else 0
        audit_record(
            actor=actor, action="filing.return", target=filing, reason=comment, data={"version": number}
        )
        _announce(
            actor=actor,
            kind="filing_returned",
            filing=filing,
            audience="organizers",
            dedupe_key=f"{filing.pk}:v{number}:{timezone.now().timestamp()}",
            reason=comment,
        )
    return filing


def filing_ask_for_evidence(*, actor, filing: Filing):
    """Ask exactly the members whose uploaded evidence is not released for filings: one task, one notification
    each; completing it takes them to the choice for that evidence."""
    if not evidence_not_in_filings().filter(campaign_id=filing.campaign_id).exists():
        raise FilingError(_("Every uploaded piece of evidence is already released for filings."))
    with translation.override(filing.language):
        title = _("Let the group filing use your evidence")
        description = _(
            "You uploaded evidence, but it is not released for filings yet, so the filing to %(regulator)s "
            "cannot include it. Open your evidence and choose whether filings may use it."
        ) % {"regulator": filing.regulator.display_name(filing.language)}
    return task_create(
        actor=actor,
        campaign=filing.campaign,
        title=title,
        description=description,
        audience=MemberTask.Audience.EVIDENCE_NOT_IN_FILINGS,
    )


def filing_ask_to_be_named(*, actor, filing: Filing):
    """The regulator needs a complainant it can identify: ask the included members who have not agreed to be
    named (one task, one notification each); completing it takes them to this filing's choice."""
    if not filing.regulator.requires_named_complainants:
        raise FilingError(_("This regulator does not need named complainants."))
    if filing.is_submitted:
        raise FilingError(_("This filing was already sent."))
    regulator = filing.regulator.display_name(filing.language)
    with translation.override(filing.language):
        title = _("Agree to be named to %(regulator)s") % {"regulator": regulator}
        description = _(
            "%(regulator)s only accepts a complaint when at least one complainant gives their name. Only it "
            "receives your name, in a separate annex; other members never see it."
        ) % {"regulator": regulator}
    return task_create(
        actor=actor, campaign=filing.campaign, title=title, description=description,
        audience=MemberTask.Audience.NOT_NAMED,
    )  # fmt: skip
