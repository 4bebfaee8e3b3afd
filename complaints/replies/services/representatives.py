"""A person asks to represent a platform, confirms their work email by a mailed code, a moderator decides;
a moderator may revoke and the person may resign."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from complaints.accounts.permissions import require_moderator
from complaints.campaigns.models import Platform
from complaints.core.review import moderators_notify, moderators_settle
from complaints.core.services import audit_record, email_queue
from complaints.replies.domains import email_on_platform_domain, platform_domains
from complaints.replies.models import Representative
from complaints.replies.services.common import RepliesError

CODE_LIFETIME = timedelta(minutes=30)
CODE_MAX_ATTEMPTS = 5
CODE_RESEND_AFTER = timedelta(seconds=60)
QUEUE = "representatives"


def _code_hash(representative: Representative, code: str) -> str:
    return salted_hmac(
        "replies.representative.code", f"{representative.pk}:{code}", algorithm="sha256"
    ).hexdigest()


def _language(representative: Representative) -> str:
    """The recipient's language: the one they chose for their account, else the one they asked in, else the
    site's; never the language of whoever's action sent the email (a moderator reading in English)."""
    chosen = getattr(representative.user, "preferred_language", "")
    return chosen or representative.language or settings.LANGUAGE_CODE


def _send_code(representative: Representative) -> None:
    code = f"{secrets.randbelow(10**6):06d}"
    representative.code_hash = _code_hash(representative, code)
    representative.code_sent_at = timezone.now()
    representative.code_attempts = 0
    representative.save(update_fields=["code_hash", "code_sent_at", "code_attempts"])
    email_queue(
        to=representative.work_email,
        template="representative_code",
        context={"code": code, "platform": representative.platform.name, "minutes": 30},
        language=_language(representative),
        kind="security:representative_code",
    )


def representative_request(*, actor, platform: Platform, work_email: str) -> Representative:
    """Ask to answer for a platform: the work email must be on its domains; a code goes to that address."""
    if platform.status != Platform.Status.ACTIVE:
        raise RepliesError(_("Only a platform in the directory can have representatives."))
    work_email = work_email.strip()
    if not email_on_platform_domain(work_email, platform):
        domains = platform_domains(platform)
        if not domains:
            raise RepliesError(
                _("This address is not on one of the platform's domains. Use your work email.")
            )
        raise RepliesError(
            _(
                "This address is not on one of the platform's domains. Use an address on its domain, "
                "for example %(examples)s."
            )
            % {"examples": _(", ").join(f"@{domain}" for domain in domains[:3])}
        )
    language = translation.get_language() or ""
    with transaction.atomic():
        live = (
            Representative.objects.select_for_update()
            .filter(user=actor, platform=platform, status__in=Representative.LIVE_STATUSES)
            .first()
        )
        if live is not None and live.status != Representative.Status.CONFIRMING:
            raise RepliesError(_("You already asked to represent this platform."))
        if live is not None and live.code_sent_at and timezone.now() - live.code_sent_at < CODE_RESEND_AFTER:
            raise RepliesError(
                _("A code was sent less than a minute ago. Wait a moment before asking again.")
            )
        if live is None:
            try:
                with transaction.atomic():
                    live = Representative.objects.create(
                        user=actor, platform=platform, work_email=work_email, language=language
                    )
            except IntegrityError:
                raise RepliesError(_("You already asked to represent this platform.")) from None
        else:
            live.work_email, live.language = work_email, language
            live.save(update_fields=["work_email", "language"])
        _send_code(live)
        audit_record(actor=actor, action="representative.request", target=live)
    return live


def representative_confirm(*, actor, representative: Representative, code: str) -> Representative:
    """The person enters the mailed code; the request then waits for a moderator."""
    with transaction.atomic():
        rep = Representative.objects.select_for_update().select_related("platform").get(pk=representative.pk)
        if rep.user_id != actor.pk or rep.status != Representative.Status.CONFIRMING:
            raise RepliesError(_("This request does not wait for a code."))
        if rep.code_attempts >= CODE_MAX_ATTEMPTS or not rep.code_sent_at:
            raise RepliesError(_("Too many wrong codes. Ask for a new code."))
        if timezone.now() - rep.code_sent_at > CODE_LIFETIME:
            raise RepliesError(_("This code has expired. Ask for a new code."))
        right = constant_time_compare(rep.code_hash, _code_hash(rep, (code or "").strip()))
        if not right:
            # Counted and committed before the error is raised: a wrong guess must stay counted.
            Representative.objects.filter(pk=rep.pk).update(code_attempts=rep.code_attempts + 1)
        else:
            rep.status = Representative.Status.AWAITING
            rep.confirmed_at = timezone.now()
            rep.code_hash = ""
            rep.save(update_fields=["status", "confirmed_at", "code_hash"])
            audit_record(actor=actor, action="representative.confirm_email", target=rep)
            moderators_notify(actor=actor, queue=QUEUE, target=rep, dedupe_key=str(rep.pk))
    if not right:
        raise RepliesError(_("That code is not right."))
    return rep


def _decided(rep: Representative) -> None:
    email_queue(
        to=rep.work_email,
        template="representative_decided",
        context={"platform": rep.platform.name, "status": rep.status, "reason": rep.decision_reason},
        language=_language(rep),
        kind="representative_decided",
    )


def _decide(*, actor, representative: Representative, expect: str, status: str, reason: str, action: str):
    require_moderator(actor)
    with transaction.atomic():
        rep = (
            Representative.objects.select_for_update()
            .select_related("platform", "user")
            .get(pk=representative.pk)
        )
        if rep.status != expect:
            raise RepliesError(_("This representative's state changed meanwhile: reload the page."))
        rep.status = status
        rep.decided_by = actor
        rep.decided_at = timezone.now()
        rep.decision_reason = reason
        rep.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        audit_record(actor=actor, action=action, target=rep, reason=reason)
        moderators_settle(target=rep)
        _decided(rep)
    return rep


def representative_approve(*, actor, representative: Representative, reason: str = "") -> Representative:
    """A moderator approves a confirmed request: the person may now answer for the platform."""
    return _decide(
        actor=actor,
        representative=representative,
        expect=Representative.Status.AWAITING,
        status=Representative.Status.APPROVED,
        reason=reason,
        action="representative.approve",
    )


def representative_reject(*, actor, representative: Representative, reason: str) -> Representative:
    """A moderator turns a request down, with a reason the person reads."""
    if not reason.strip():
        raise RepliesError(_("Give a reason."))
    return _decide(
        actor=actor,
        representative=representative,
        expect=Representative.Status.AWAITING,
        status=Representative.Status.REJECTED,
        reason=reason,
        action="representative.reject",
    )


def representative_revoke(*, actor, representative: Representative, reason: str) -> Representative:
    """A moderator ends a representation; the person can no longer post for the platform."""
    if not reason.strip():
        raise RepliesError(_("Give a reason."))
    return _decide(
        actor=actor,
        representative=representative,
        expect=Representative.Status.APPROVED,
        status=Representative.Status.REVOKED,
        reason=reason,
        action="representative.revoke",
    )


def representative_resign(*, actor, representative: Representative) -> Representative:
    """The person stops representing the platform (or withdraws their request)."""
    with transaction.atomic():
        rep = Representative.objects.select_for_update().get(pk=representative.pk)
        if rep.user_id != actor.pk or rep.status not in Representative.LIVE_STATUSES:
            raise RepliesError(_("There is nothing to resign from."))
        waiting = rep.status == Representative.Status.AWAITING
        rep.status = Representative.Status.RESIGNED
        rep.code_hash = ""
        rep.save(update_fields=["status", "code_hash"])
        audit_record(actor=actor, action="representative.resign", target=rep)
        if waiting:
            moderators_settle(target=rep)
    return rep
