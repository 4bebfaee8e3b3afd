"""Answer deadlines, escalation, and the members' confirmed outcomes."""

from __future__ import annotations

from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.campaigns.models import Campaign, Membership
from complaints.campaigns.services import membership_confirm_resolved
from complaints.core.services import audit_record
from complaints.filings.models import (
    DeadlineChange,
    Filing,
    Outcome,
    Regulator,
    Submission,
)
from complaints.filings.services.common import FilingError, _announce
from complaints.filings.services.drafting import filing_generate
from complaints.filings.workdays import add_working_days, is_working_day

# --- Deadlines and escalation --------------------------------------------------------------------------------


def next_ladder_regulator(regulator: Regulator) -> Regulator | None:
    """The next body up the escalation ladder in the same country (CN-SH escalates to CN bodies too)."""
    country = regulator.jurisdiction.split("-")[0]
    return (
        Regulator.objects.filter(ladder_rank__gt=regulator.ladder_rank)
        .filter(models.Q(jurisdiction=country) | models.Q(jurisdiction__startswith=f"{country}-"))
        .order_by("ladder_rank", "jurisdiction", "pk")
        .first()
    )


def submissions_mark_overdue(*, today=None) -> int:
    """Overdue submissions: tell the organizers once and propose the next ladder step as a draft filing."""
    today = today or timezone.localdate()
    count = 0
    overdue = Submission.objects.filter(
        status=Submission.Status.SENT,
        due_at__lt=today,
        overdue_notified_at__isnull=True,
        paused_at__isnull=True,
    ).select_related("version__filing__campaign", "regulator")
    for submission in overdue[:500]:
        with transaction.atomic():
            if not Submission.objects.filter(pk=submission.pk, overdue_notified_at__isnull=True).update(
                overdue_notified_at=timezone.now()
            ):
                continue
            filing = submission.version.filing
            audit_record(
                actor=None,
                action="submission.overdue",
                target=submission,
                data={"due": str(submission.due_at)},
            )
            _announce(
                actor=None,
                kind="deadline_passed",
                filing=filing,
                audience="organizers",
                dedupe_key=f"submission:{submission.pk}:overdue",
            )
            step = next_ladder_regulator(submission.regulator)
            already = (
                step is not None
                and Filing.objects.filter(campaign_id=filing.campaign_id, regulator=step).exists()
            )
            if step is not None and not already:
                version = filing.current_version
                proposal = Filing.objects.create(
                    campaign=filing.campaign, regulator=step, language=filing.language, created_by=None
                )
                audit_record(
                    actor=None,
                    action="filing.propose_escalation",
                    target=proposal,
                    data={"after": submission.pk},
                )
                filing_generate(
                    actor=None,
                    filing=proposal,
                    narrative=version.narrative if version else filing.campaign.summary,
                    demands=version.demands if version else filing.campaign.demands,
                )
            count += 1
    return count


def submission_extend_deadline(*, actor, submission: Submission, days: int, reason: str) -> Submission:
    """Move the answer deadline by working days (the regulator asked for more time), with a reason."""
    if not reason.strip() or days < 1:
        raise FilingError(_("Give the number of working days and a reason."))
    with transaction.atomic():
        locked = Submission.objects.select_for_update().select_related("regulator").get(pk=submission.pk)
        if locked.status != Submission.Status.SENT or locked.due_at is None:
            raise FilingError(_("Only a sent submission has a deadline."))
        before = locked.due_at
        locked.due_at = add_working_days(before, days, jurisdiction=locked.regulator.jurisdiction)
        locked.overdue_notified_at = None
        locked.save(update_fields=["due_at", "overdue_notified_at", "updated_at"])
        DeadlineChange.objects.create(
            submission=locked,
            kind=DeadlineChange.Kind.EXTEND,
            days=days,
            reason=reason.strip(),
            due_before=before,
            due_after=locked.due_at,
            created_by=actor,
        )
        audit_record(
            actor=actor, action="submission.extend", target=locked, reason=reason, data={"days": days}
        )
    return locked


def submission_pause_deadline(*, actor, submission: Submission, reason: str) -> Submission:
    """Stop the clock (for example while the regulator mediates); resuming adds the paused working days."""
    if not reason.strip():
        raise FilingError(_("Give a reason."))
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != Submission.Status.SENT or locked.due_at is None or locked.paused_at is not None:
            raise FilingError(_("This deadline cannot be paused now."))
        locked.paused_at = timezone.now()
        locked.save(update_fields=["paused_at", "updated_at"])
        DeadlineChange.objects.create(
            submission=locked,
            kind=DeadlineChange.Kind.PAUSE,
            reason=reason.strip(),
            due_before=locked.due_at,
            due_after=locked.due_at,
            created_by=actor,
        )
        audit_record(actor=actor, action="submission.pause", target=locked, reason=reason)
    return locked


def submission_resume_deadline(*, actor, submission: Submission, reason: str) -> Submission:
    if not reason.strip():
        raise FilingError(_("Give a reason."))
    with transaction.atomic():
        locked = Submission.objects.select_for_update().select_related("regulator").get(pk=submission.pk)
        if locked.paused_at is None:
            raise FilingError(_("This deadline is not paused."))
        jurisdiction = locked.regulator.jurisdiction
        day, today, paused_days = timezone.localdate(locked.paused_at), timezone.localdate(), 0
        while day < today:
            day += timezone.timedelta(days=1)
            paused_days += is_working_day(day, jurisdiction=jurisdiction)
        before = locked.due_at
        locked.due_at = (
            add_working_days(before, paused_days, jurisdiction=jurisdiction) if paused_days else before
        )
        locked.paused_at = None
        locked.overdue_notified_at = None
        locked.save(update_fields=["due_at", "paused_at", "overdue_notified_at", "updated_at"])
        DeadlineChange.objects.create(
            submission=locked,
            kind=DeadlineChange.Kind.RESUME,
            days=paused_days,
            reason=reason.strip(),
            due_before=before,
            due_after=locked.due_at,
            created_by=actor,
        )
        audit_record(
            actor=actor, action="submission.resume", target=locked, reason=reason, data={"days": paused_days}
        )
    return locked


# --- Outcomes ------------------------------------------------------------------------------------------------


def outcome_confirm(*, actor, membership: Membership, result: str, amount_received=None) -> Outcome:
    """A member confirms their own outcome; "made whole" feeds the campaign's figures through its service."""
    if membership.user_id != actor.pk or not membership.is_active:
        raise FilingError(_("Only the member can confirm their own outcome."))
    if result not in Outcome.Result.values:
        raise FilingError(_("Choose an outcome."))
    with transaction.atomic():
        currency = getattr(getattr(membership, "case", None), "currency", "CNY") or "CNY"
        outcome, _created = Outcome.objects.update_or_create(
            membership=membership,
            defaults={"result": result, "amount_received": amount_received, "currency": currency},
        )
        membership_confirm_resolved(
            actor=actor, membership=membership, resolved=result == Outcome.Result.MADE_WHOLE
        )
        audit_record(actor=actor, action="outcome.confirm", target=membership, data={"result": result})
    return outcome


def outcome_figures(campaign: Campaign) -> dict:
    """Member-confirmed results of a campaign, counted in the database; "amounts" says how many members
    entered an amount received (in yuan) and their sum, so an amount nobody entered is never shown as 0.00."""
    rows = (
        Outcome.objects.filter(membership__campaign=campaign, membership__status=Membership.Status.ACTIVE)
        .values("result")
        .annotate(
            n=models.Count("pk"),
            received=models.Sum("amount_received", filter=models.Q(currency="CNY")),
            entered=models.Count("pk", filter=models.Q(currency="CNY", amount_received__isnull=False)),
        )
        .order_by()
    )
    figures = {value: {"count": 0, "received": "0.00"} for value in Outcome.Result.values}
    entered, total = 0, Decimal(0)
    for row in rows:
        received = Decimal(row["received"] or 0).quantize(Decimal("0.01"))
        figures[row["result"]] = {"count": row["n"], "received": str(received)}
        entered += row["entered"]
        total += received
    figures["amounts"] = {"entered": entered, "received": str(total.quantize(Decimal("0.01")))}
    return figures
