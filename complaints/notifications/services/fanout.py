"""Announce an event (notify), and fan it out to its audience in batches: notifications and emails."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from complaints.core.pieces import scope_changed
from complaints.core.services import email_queue_many
from complaints.notifications import kinds, tasks
from complaints.notifications.audiences import UnknownAudience, get_audience
from complaints.notifications.kinds import SECURITY_KINDS, Kind, Mode
from complaints.notifications.models import Broadcast, Notification, NotificationPreference
from complaints.notifications.services.common import Target, inbox_scope
from complaints.notifications.services.emails import Recipient, email_drafts

# One batch = one transaction: recipients, notifications and the cursor move together. Their emails are
# written after, on the email queue (broadcast_email_batch), so everyone sees the news in the portal first.
FAN_OUT_BATCH_SIZE = 1000
# Set while a gathering window is open (TONGSU_FAN_OUT_GATHER_SECONDS): its message is already on its way.
FAN_OUT_WINDOW_KEY = "fan-out:window"
# The window's message comes due this long after the key expires: an event that found the key still set
# (a clock a little behind) has committed by then.
FAN_OUT_WINDOW_MARGIN = 0.25


# Inside fan_out_together(): the broadcasts announced so far, written and fanned out together at its end.
_fan_out_pending: ContextVar[list[Broadcast] | None] = ContextVar("fan_out_pending", default=None)


@contextmanager
def fan_out_together() -> Iterator[None]:
    """Broadcasts announced inside the block are written in one statement when it ends and start their
    fan-out together after commit (_start_fan_out).

    One event often tells two audiences (a join: the member's welcome and the organizers' notice); one
    INSERT and one message instead of one each is a round trip fewer for the request (each cost a join about
    a tenth of its time on a busy 2-core machine) and a task fewer for the worker. Inside the block, notify()
    gives back its broadcast before the row exists; the object gets its primary key when the block ends.
    """
    outer = _fan_out_pending.get()
    pending: list[Broadcast] = []
    token = _fan_out_pending.set(pending)
    try:
        yield
    finally:
        _fan_out_pending.reset(token)
    if not pending:
        return
    if outer is not None:
        outer.extend(pending)
        return
    _fan_out_after_commit(_write(pending))


def _write(broadcasts: list[Broadcast]) -> list[int]:
    """Write the broadcasts in one statement that gives back each row's id, new or already there (INSERT
    ... ON CONFLICT DO UPDATE ... RETURNING): no savepoint, so events inside a caller's transaction cost one
    round trip. The same (kind, dedupe_key) twice in one batch is one broadcast."""
    first = {}
    for broadcast in broadcasts:
        first.setdefault(broadcast.dedupe_key, broadcast)
    rows = list(first.values())
    Broadcast.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["dedupe_key"], update_fields=["dedupe_key"]
    )
    for broadcast in broadcasts:
        broadcast.pk = first[broadcast.dedupe_key].pk
    return [row.pk for row in rows]


def _fan_out_after_commit(broadcast_ids: list[int]) -> None:
    """Start the fan-out of these broadcasts once the transaction commits."""
    transaction.on_commit(partial(_start_fan_out, broadcast_ids))


def _start_fan_out(broadcast_ids: list[int]) -> None:
    """One task message for these broadcasts, or, with a gathering window, one for the whole window.

    Publishing a task message cost a join about 3 ms of its 16 ms of CPU on the 2-core bench machine
    (2026-12-03; 400 joins in one process with and without it). With TONGSU_FAN_OUT_GATHER_SECONDS the
    first event of a window sends a message that comes due when the window closes, and the events after
    it only find the window open (one Redis SET NX); the worker then fans out every broadcast still
    pending, which includes theirs. The rows say what is to do, so a lost message delays, never loses, a
    notification: the next window's message or the sweep finds it.
    """
    window = settings.TONGSU_FAN_OUT_GATHER_SECONDS
    if not window:
        tasks.broadcast_fan_out_task.delay(*broadcast_ids)
    elif cache.add(FAN_OUT_WINDOW_KEY, 1, window):
        tasks.broadcast_fan_out_pending_task.apply_async(countdown=window + FAN_OUT_WINDOW_MARGIN)


def pending_broadcast_ids(limit: int) -> list[int]:
    """The oldest broadcasts whose fan-out has not started."""
    pending = Broadcast.objects.filter(status=Broadcast.Status.PENDING).order_by("pk")
    return list(pending.values_list("pk", flat=True)[:limit])


def _local_path(url: str) -> str:
    if url and not (url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)):
        raise ValueError(f"a notification links to a page of this site, not {url!r}")
    return url


def notify(
    *,
    actor: Any,
    kind: str,
    audience: str,
    audience_args: dict | None = None,
    params: dict | None = None,
    target: models.Model | Target | None = None,
    dedupe_key: str,
) -> Broadcast:
    """Announce one event to an audience; the same few queries for 1 or 20,000 recipients.

    Only the broadcast row is written here; the fan-out runs on the notifications queue after commit.
    Announcing the same (kind, dedupe_key) again returns the first broadcast's row (its pk; the fields of
    the returned object are this call's) and notifies nobody twice: its fan-out is only started again,
    which finds the work done or carries on from the cursor.
    """
    if kind not in SECURITY_KINDS and kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    get_audience(audience)  # fail in the caller's request, not silently in a worker
    where = Target.of(target)
    broadcast = Broadcast(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        params=params or {},
        audience=audience,
        audience_args=audience_args or {},
        target_type=where.type,
        target_id=where.id,
        target_url=_local_path(where.url),
        dedupe_key=f"{kind}:{dedupe_key}",
    )
    pending = _fan_out_pending.get()
    if pending is not None:
        pending.append(broadcast)  # written when the fan_out_together() block ends
    else:
        _fan_out_after_commit(_write([broadcast]))
    return broadcast


def notify_user(
    *,
    actor: Any,
    user: Any,
    kind: str,
    params: dict | None = None,
    target: models.Model | Target | None = None,
    dedupe_key: str,
) -> Broadcast:
    """Notify one person (their evidence, their consent, their account): a broadcast to an audience of one."""
    return notify(
        actor=actor,
        kind=kind,
        audience="users",
        audience_args={"ids": [user.pk]},
        params=params,
        target=target,
        dedupe_key=f"{dedupe_key}:user:{user.pk}",
    )


def _recipients(broadcast: Broadcast, user_ids: list[int]) -> list[Recipient]:
    """The batch's active users with their language and chosen mode for this kind, in one query."""
    chosen = NotificationPreference.objects.filter(user=models.OuterRef("pk"), kind=broadcast.kind).values(
        "mode"
    )[:1]
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
    if broadcast.actor_id and broadcast.kind not in SECURITY_KINDS:
        users = users.exclude(pk=broadcast.actor_id)  # nobody needs telling about what they just did
    rows = (
        users.annotate(chosen_mode=models.Subquery(chosen))
        .order_by("pk")
        .values_list("pk", "email", "preferred_language", "chosen_mode")
    )
    return [
        Recipient(
            pk=pk,
            email=email,
            language=language or settings.LANGUAGE_CODE,
            mode=kinds.effective_mode(broadcast.kind, mode),
        )
        for pk, email, language, mode in rows
    ]


class FanOutBatch(NamedTuple):
    recipients: int  # people this batch went through (0: there was nothing left to do)
    more: bool  # recipients may remain: run another batch


def broadcast_fan_out_batch(*, broadcast_id: int, batch_size: int = FAN_OUT_BATCH_SIZE) -> FanOutBatch:
    """Deliver the next batch of a broadcast in one transaction.

    Safe to run twice or side by side: the broadcast row is locked, the cursor moves in the same
    transaction as the notifications and emails it covers, and a notification exists once per recipient.
    A page shorter than the batch is the audience's last (audiences page in id order), so that batch
    also finishes the broadcast: an audience of one costs one transaction, not two.
    """
    with transaction.atomic():
        broadcast = (
            Broadcast.objects.select_for_update()
            .filter(pk=broadcast_id, status__in=[Broadcast.Status.PENDING, Broadcast.Status.RUNNING])
            .first()
        )
        if broadcast is None:
            return FanOutBatch(0, more=False)
        try:
            audience = get_audience(broadcast.audience)
        except UnknownAudience as exc:
            _broadcast_finish(broadcast, Broadcast.Status.FAILED, error=str(exc))
            return FanOutBatch(0, more=False)
        page = audience(broadcast.audience_args, broadcast.cursor, batch_size)
        user_ids = sorted({int(pk) for pk in page if int(pk) > broadcast.cursor})
        if not user_ids:
            _broadcast_finish(broadcast, Broadcast.Status.DONE)
            return FanOutBatch(0, more=False)
        more = len(page) >= batch_size
        recipients = _recipients(broadcast, user_ids)
        now = timezone.now()
        # Events of one window ("today in this campaign") share one notification per person, updated in place.
        group = broadcast.params.get("group") or ""
        created = _notifications_write(broadcast, recipients, now, group)
        if group:
            _regroup(broadcast, group, [p.pk for p in recipients if p.pk not in created])
        broadcast.cursor = user_ids[-1]
        broadcast.status = Broadcast.Status.RUNNING if more else Broadcast.Status.DONE
        broadcast.finished_at = None if more else now
        broadcast.notified += len(created)
        broadcast.save(update_fields=["cursor", "status", "finished_at", "notified", "updated_at"])
        if any(_emailed_at_once(person) for person in recipients):
            transaction.on_commit(partial(tasks.broadcast_email_task.delay, broadcast.pk))
    return FanOutBatch(len(user_ids), more=more)


def _emailed_at_once(person: Recipient) -> bool:
    return person.mode == Mode.IMMEDIATELY and bool(person.email)


def broadcast_email_batch(*, broadcast_id: int, batch_size: int = FAN_OUT_BATCH_SIZE) -> int:
    """Write the emails of the next batch of a broadcast's notifications still marked `email_pending`,
    and clear the mark in the same transaction: each email exactly once, however often this runs, side by
    side or after a worker died. Returns how many notifications it took (0: none left)."""
    with transaction.atomic():
        broadcast = Broadcast.objects.filter(pk=broadcast_id).first()
        if broadcast is None:
            return 0
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(broadcast_id=broadcast_id, email_pending=True)
            .order_by("pk")
            .values_list("pk", "recipient_id", "recipient__email", "recipient__preferred_language")[
                :batch_size
            ]
        )
        if not rows:
            return 0
        recipients = [
            Recipient(
                pk=user_id, email=email, language=language or settings.LANGUAGE_CODE, mode=Mode.IMMEDIATELY
            )
            for _pk, user_id, email, language in rows
        ]
        email_ids = email_queue_many(drafts=email_drafts(broadcast, recipients))
        Notification.objects.filter(pk__in=[row[0] for row in rows]).update(email_pending=False)
        Broadcast.objects.filter(pk=broadcast_id).update(emailed=models.F("emailed") + len(email_ids))
    return len(rows)


def _notifications_write(broadcast: Broadcast, recipients: list[Recipient], now, group: str) -> set[int]:
    """One notification per recipient of the batch; the ids of the recipients whose row this batch wrote."""
    Notification.objects.bulk_create(
        [
            Notification(
                created_at=now,
                recipient_id=person.pk,
                kind=broadcast.kind,
                params=broadcast.params,
                target_type=broadcast.target_type,
                target_id=broadcast.target_id,
                target_url=broadcast.target_url,
                broadcast=broadcast,
                dedupe_key=group or broadcast.dedupe_key,
                digest_pending=person.mode == Mode.DAILY,
                email_pending=_emailed_at_once(person),
            )
            for person in recipients
        ],
        ignore_conflicts=True,
    )
    # Conflicts are skipped silently (someone already has this notification, say from a re-run after
    # the cursor was reset by hand): email only those whose row this very batch inserted.
    return set(
        Notification.objects.filter(
            broadcast=broadcast, created_at=now, recipient_id__in=[person.pk for person in recipients]
        ).values_list("recipient_id", flat=True)
    )


def _regroup(broadcast: Broadcast, group: str, recipient_ids: list[int]) -> None:
    """Count one more event into the window's notification these people already have, and show it as new
    again (unread, its words from this event); no second email. Two statements for the whole batch."""
    if not recipient_ids:
        return
    rows = list(
        Notification.objects.filter(recipient_id__in=recipient_ids, dedupe_key=group).only(
            "pk", "recipient_id", "params"
        )
    )
    for row in rows:
        row.params = {**broadcast.params, "count": int(row.params.get("count") or 1) + 1}
        row.read_at = None
        row.broadcast = broadcast
    Notification.objects.bulk_update(rows, ["params", "read_at", "broadcast"])
    for row in rows:
        scope_changed(inbox_scope(row.recipient_id))


def _broadcast_finish(broadcast: Broadcast, status: str, *, error: str = "") -> None:
    broadcast.status = status
    broadcast.finished_at = timezone.now()
    broadcast.last_error = error
    broadcast.save(update_fields=["status", "finished_at", "last_error", "updated_at"])
