"""Services of the moderation console: tell moderators about waiting work, claims, reports, suspensions."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from typing import Any

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.accounts.models import MODERATORS_GROUP, User
from complaints.accounts.permissions import require_moderator
from complaints.campaigns import services as campaign_services
from complaints.core.review import ModerationError
from complaints.core.services import audit_record, email_queue
from complaints.core.text import single_line
from complaints.moderation.models import Claim, Report, ReportedContent
from complaints.moderation.queues import get_queue
from complaints.moderation.reports import get_report_target
from complaints.notifications import kinds
from complaints.notifications.kinds import Kind, in_each_language
from complaints.notifications.services import Target, notifications_settle, notify, notify_user

logger = logging.getLogger(__name__)


def _log(action: str, *, actor: Any, target: Any, reason: str = "") -> None:
    # Every value flattened to one line: a name or reason with a newline cannot start a forged log line.
    logger.info(
        "moderation %s by %s on %s: %s",
        single_line(action, limit=80),
        single_line(getattr(actor, "pk", "system"), limit=20),
        single_line(f"{target._meta.label_lower}#{target.pk} {target}" if target is not None else "-"),
        single_line(reason, limit=500),
    )


def moderators_settle(*, target: models.Model) -> int:
    """An item was decided: the moderators' "waiting for a moderator" notices about it stop asking."""
    moderators = list(User.objects.filter(groups__name=MODERATORS_GROUP).values_list("pk", flat=True))
    return notifications_settle(target=target, kinds=[Kind.MODERATION_WAITING], recipient_ids=moderators)


def moderators_notify(*, actor: Any, queue: str, target: models.Model | None, dedupe_key: str) -> None:
    """Tell the moderators that something waits in one of their queues (after commit, deduplicated)."""
    registered = get_queue(queue)
    try:
        url = reverse(registered.url_name)
    except NoReverseMatch:
        url = reverse("moderation:index")
    notify(
        actor=actor,
        kind=Kind.MODERATION_WAITING,
        audience="moderators",
        params={
            "queue": in_each_language(registered.title),
            "detail": in_each_language(
                gettext_lazy("Claim it in the moderation console, then decide with a reason.")
            ),
        },
        target=Target(
            type=target._meta.label_lower if target is not None else "",
            id=str(target.pk) if target is not None else "",
            url=url,
        ),
        dedupe_key=f"{queue}:{dedupe_key}",
    )


# --- Claims -------------------------------------------------------------------------------------------------


def _target_key(target: models.Model) -> tuple[str, str]:
    return target._meta.label_lower, str(target.pk)


def claim_expiry() -> timezone.datetime:
    return timezone.now() - timedelta(seconds=settings.TONGSU_MODERATION_CLAIM_SECONDS)


def _holder_name(claim: Claim) -> str:
    return str(claim.moderator)


def claim_take(*, actor: User, target: models.Model) -> Claim:
    """Claim a queue item for the actor; refused while another moderator's claim on it is current."""
    require_moderator_actor(actor)
    target_type, target_id = _target_key(target)
    with transaction.atomic():
        Claim.objects.filter(
            target_type=target_type, target_id=target_id, claimed_at__lt=claim_expiry()
        ).delete()
        claim, created = Claim.objects.select_for_update().get_or_create(
            target_type=target_type,
            target_id=target_id,
            defaults={"moderator": actor, "claimed_at": timezone.now()},
        )
        if not created and claim.moderator_id != actor.pk:
            raise ModerationError(
                _("%(name)s is working on this item (claimed %(when)s). Pick another one.")
                % {
                    "name": _holder_name(claim),
                    "when": date_format(timezone.localtime(claim.claimed_at), "H:i"),
                }
            )
        if not created:
            claim.claimed_at = timezone.now()
            claim.save(update_fields=["claimed_at"])
        else:
            audit_record(actor=actor, action="moderation.claim", target=target)
    return claim


def claim_release(*, actor: User, target: models.Model, reason: str = "") -> bool:
    """Give an item back to the queue; True if the actor held it."""
    target_type, target_id = _target_key(target)
    with transaction.atomic():
        released, _count = Claim.objects.filter(
            target_type=target_type, target_id=target_id, moderator=actor
        ).delete()
        if released:
            audit_record(actor=actor, action="moderation.release", target=target, reason=reason)
    return bool(released)


def claim_check(*, actor: User, target: models.Model) -> None:
    """Before a decision: refuse if another moderator holds the item; otherwise the actor takes it."""
    claim_take(actor=actor, target=target)


def claims_for(objects) -> dict[tuple[str, str], Claim]:
    """Current claims of a page of queue items, in one query: {(type, id): claim}."""
    keys = {_target_key(obj) for obj in objects}
    if not keys:
        return {}
    types = {t for t, _i in keys}
    ids = {i for _t, i in keys}
    rows = Claim.objects.filter(
        target_type__in=types, target_id__in=ids, claimed_at__gte=claim_expiry()
    ).select_related("moderator")
    return {(c.target_type, c.target_id): c for c in rows if (c.target_type, c.target_id) in keys}


def require_moderator_actor(actor: User) -> None:
    require_moderator(actor)


# --- Suspension -----------------------------------------------------------------------------------------------


def _end_sessions(user_id: int) -> None:
    for session in UserSession.objects.filter(user_id=user_id):
        session.end()


def _email_suspended(user: User, reason: str) -> None:
    # Not a notification: the fan-out skips inactive accounts, and this one just became inactive.
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        words = kinds.render(
            kinds.Kind.ACCOUNT_SUSPENDED,
            {"state": kinds.in_each_language(gettext_lazy("suspended")), "reason": reason},
        )
        context = {
            "title": words.title,
            "body": words.body,
            "action_label": words.action,
            "action_url": settings.SITE_URL + "/",
            "kind_label": words.label,
            "security": True,
        }
    email_queue(
        to=user.email,
        template=f"notifications/{kinds.Kind.ACCOUNT_SUSPENDED}",
        context=context,
        language=language,
        kind="notification:account_suspended",
    )


def account_suspend(*, actor: User, user: User, reason: str) -> User:
    """Suspend an account: it cannot sign in, its sessions end, its campaigns pass to co-organizers."""
    require_moderator_actor(actor)
    reason = single_line(reason, limit=2000)
    if not reason:
        raise ModerationError(_("Give a reason."))
    if user.pk == actor.pk:
        raise ModerationError(_("You cannot suspend your own account."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.suspended_at is not None:
            return user
        user.suspended_at = timezone.now()
        user.is_active = False  # the authentication backends refuse it from the next request on
        user.save(update_fields=["suspended_at", "is_active"])
        audit_record(actor=actor, action="account.suspend", target=user, reason=reason)
        _log("account.suspend", actor=actor, target=user, reason=reason)
        transaction.on_commit(partial(_end_sessions, user.pk))
        _email_suspended(user, reason)
    campaign_services.organizer_handover(
        actor=actor, user=user, reason=_("Organizer suspended by a moderator")
    )
    return user


def account_restore(*, actor: User, user: User, reason: str) -> User:
    """Lift a suspension; an account also waiting for deletion stays locked."""
    require_moderator_actor(actor)
    reason = single_line(reason, limit=2000)
    if not reason:
        raise ModerationError(_("Give a reason."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.suspended_at is None:
            return user
        user.suspended_at = None
        user.is_active = user.locked_at is None and user.erased_at is None
        user.save(update_fields=["suspended_at", "is_active"])
        audit_record(actor=actor, action="account.restore", target=user, reason=reason)
        _log("account.restore", actor=actor, target=user, reason=reason)
    notify_user(
        actor=actor,
        user=user,
        kind=Kind.ACCOUNT_SUSPENDED,
        params={"state": in_each_language(gettext_lazy("restored")), "reason": reason},
        target=Target(url="/"),
        dedupe_key=f"account:{user.pk}:restored:{timezone.now().isoformat()}",
    )
    return user


# --- Reports ------------------------------------------------------------------------------------------------

# Enough for anyone who meets abuse; too few to flood the queue.
REPORTS_PER_HOUR = getattr(settings, "TONGSU_REPORTS_PER_HOUR", 10)


def report_create(*, actor: User, target: models.Model, reason: str) -> bool:
    """Report a piece of content with a reason; repeat reports of it merge into one queue entry.

    Returns False when this person already reported it (their first reason stands).
    """
    spec = get_report_target(target._meta.label_lower)
    if spec is None:
        raise ModerationError(_("This cannot be reported."))
    reason = single_line(reason, limit=2000)
    if not reason:
        raise ModerationError(_("Say what is wrong."))
    recent = Report.objects.filter(reporter=actor, created_at__gte=timezone.now() - timedelta(hours=1))
    if recent.count() >= REPORTS_PER_HOUR:
        raise ModerationError(_("You have sent many reports in the last hour. Please wait a little."))
    target_type, target_id = _target_key(target)
    try:
        with transaction.atomic():
            content, _created = ReportedContent.objects.select_for_update().get_or_create(
                target_type=target_type, target_id=target_id
            )
            if content.status == ReportedContent.Status.HIDDEN:
                return False  # already acted on
            Report.objects.create(content=content, reporter=actor, reason=reason)
            now = timezone.now()
            if content.status == ReportedContent.Status.DISMISSED:
                # A new report after a dismissal: the entry is open again, with every reason so far.
                content.status = ReportedContent.Status.OPEN
                content.decided_by, content.decided_at = None, None
            content.reports_count = content.reports.count()
            content.last_reported_at = now
            content.save()
            audit_record(actor=actor, action="report.create", target=target, reason=reason)
            if spec.on_report is not None:
                spec.on_report(actor, target)
    except IntegrityError:
        return False
    opened = content.decided_at.isoformat() if content.decided_at else content.first_reported_at.isoformat()
    moderators_notify(actor=actor, queue="reports", target=content, dedupe_key=f"{content.pk}:{opened}")
    return True


def _report_decide(*, actor: User, content: ReportedContent, status: str, reason: str) -> ReportedContent:
    require_moderator_actor(actor)
    reason = single_line(reason, limit=2000)
    if not reason:
        raise ModerationError(_("Give a reason."))
    claim_check(actor=actor, target=content)
    spec = get_report_target(content.target_type)
    target = _report_object(content)
    with transaction.atomic():
        locked = ReportedContent.objects.select_for_update().get(pk=content.pk)
        if locked.status != ReportedContent.Status.OPEN:
            raise ModerationError(_("This report was already decided."))
        if target is not None and spec is not None:
            if status == ReportedContent.Status.HIDDEN:
                spec.hide(actor, target, reason)
            elif spec.on_dismiss is not None:
                spec.on_dismiss(actor, target, reason)
        locked.status = status
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        data = {"reports": locked.reports_count}
        if status == ReportedContent.Status.HIDDEN and target is not None:
            data["hidden_text"] = _content_text(target)[:5000]
        audit_record(
            actor=actor,
            action=f"report.{'hide' if status == ReportedContent.Status.HIDDEN else 'dismiss'}",
            target=target or locked,
            reason=reason,
            data=data,
        )
        _log(f"report.{status}", actor=actor, target=locked, reason=reason)
    claim_release(actor=actor, target=content, reason="decided")
    if status == ReportedContent.Status.HIDDEN and target is not None and spec is not None:
        author = spec.author(target)
        if author is not None:
            notify_user(
                actor=actor,
                user=author,
                kind=Kind.CONTENT_HIDDEN,
                params={"content": single_line(spec.describe(target), limit=120), "reason": reason},
                target=Target(url=spec.url(target)),
                dedupe_key=f"report:{locked.pk}:hidden",
            )
    return locked


def _content_text(target: models.Model) -> str:
    for field in ("body", "text", "summary"):
        if hasattr(target, field):
            return f"{getattr(target, 'title', '')}\n{getattr(target, field)}".strip()
    return str(target)


def _report_object(content: ReportedContent) -> models.Model | None:
    from django.apps import apps

    try:
        model = apps.get_model(content.target_type)
    except LookupError:
        return None
    return model.objects.filter(pk=content.target_id).first()


def report_dismiss(*, actor: User, content: ReportedContent, reason: str) -> ReportedContent:
    """Close a report entry without acting on the content; the reason is on the record."""
    return _report_decide(
        actor=actor, content=content, status=ReportedContent.Status.DISMISSED, reason=reason
    )


def report_hide(*, actor: User, content: ReportedContent, reason: str) -> ReportedContent:
    """Act on a report: hide the content (how depends on its kind) and tell its author why."""
    return _report_decide(actor=actor, content=content, status=ReportedContent.Status.HIDDEN, reason=reason)


def reports_settle(*, actor: User, target: models.Model, hidden: bool, reason: str) -> int:
    """A decision taken elsewhere (the evidence queue) also closes the open report entry of that content."""
    target_type, target_id = _target_key(target)
    status = ReportedContent.Status.HIDDEN if hidden else ReportedContent.Status.DISMISSED
    return ReportedContent.objects.filter(
        target_type=target_type, target_id=target_id, status=ReportedContent.Status.OPEN
    ).update(status=status, decided_by=actor, decided_at=timezone.now(), decision_reason=single_line(reason))
