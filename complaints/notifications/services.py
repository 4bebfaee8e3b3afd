"""Services of the notifications app: announce an event, fan it out, email it, digest it, read it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from complaints.core.pieces import scope_changed
from complaints.core.services import EmailDraft, audit_record, email_queue_many, email_render
from complaints.notifications import kinds
from complaints.notifications.audiences import UnknownAudience, get_audience
from complaints.notifications.kinds import SECURITY_KINDS, Kind, Mode
from complaints.notifications.models import Broadcast, Digest, Notification, NotificationPreference
from complaints.notifications.selectors import notification_preferences_for_user

# One batch = one transaction: recipients, notifications, emails and the cursor move together.
FAN_OUT_BATCH_SIZE = 1000
DIGEST_BATCH_SIZE = 500
DIGEST_MAX_ITEMS = 20
UNSUBSCRIBE_SALT = "complaints.notifications.unsubscribe"
# Set while a gathering window is open (TONGSU_FAN_OUT_GATHER_SECONDS): its message is already on its way.
FAN_OUT_WINDOW_KEY = "fan-out:window"
# The window's message comes due this long after the key expires: an event that found the key still set
# (a clock a little behind) has committed by then.
FAN_OUT_WINDOW_MARGIN = 0.25
# The unsubscribe "kind" of the daily digest email: it turns every digest kind off.
DIGEST = "digest"
# Rendered once per language per batch; each recipient's own link replaces this afterwards.
_UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/__tongsu_unsubscribe__"


@dataclass(frozen=True)
class Target:
    """What a notification is about: model label, primary key and the page to open."""

    type: str = ""
    id: str = ""
    url: str = ""

    @classmethod
    def of(cls, obj: models.Model | Target | None) -> Target:
        if obj is None:
            return cls()
        if isinstance(obj, Target):
            return obj
        url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        return cls(type=obj._meta.label_lower, id=str(obj.pk), url=url)


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
    from complaints.notifications.tasks import broadcast_fan_out_pending_task, broadcast_fan_out_task

    window = settings.TONGSU_FAN_OUT_GATHER_SECONDS
    if not window:
        broadcast_fan_out_task.delay(*broadcast_ids)
    elif cache.add(FAN_OUT_WINDOW_KEY, 1, window):
        broadcast_fan_out_pending_task.apply_async(countdown=window + FAN_OUT_WINDOW_MARGIN)


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


@dataclass(frozen=True)
class _Recipient:
    pk: int
    email: str
    language: str
    mode: str


def _recipients(broadcast: Broadcast, user_ids: list[int]) -> list[_Recipient]:
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
        _Recipient(
            pk=pk,
            email=email,
            language=language or settings.LANGUAGE_CODE,
            mode=kinds.effective_mode(broadcast.kind, mode),
        )
        for pk, email, language, mode in rows
    ]


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps([user_id, kind], salt=UNSUBSCRIBE_SALT, compress=False)


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    """(user id, kind) from a signed unsubscribe token; BadSignature when forged, altered or malformed."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        raise signing.BadSignature("malformed unsubscribe token")
    user_id, kind = value
    if kind != DIGEST and (kind not in Kind.values or kind in SECURITY_KINDS):
        raise signing.BadSignature("no unsubscribing from this kind")
    return user_id, kind


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def _absolute(url: str) -> str:
    return settings.SITE_URL + (url or reverse("notifications:list"))


def _notification_email(broadcast: Broadcast, language: str) -> tuple[str, str, str]:
    """Subject, text and HTML of a broadcast's email in one language, with the unsubscribe placeholder."""
    with translation.override(language):
        words = kinds.render(broadcast.kind, broadcast.params)
        context = {
            "title": words.title,
            "body": words.body,
            "action_label": words.action,
            "action_url": _absolute(broadcast.target_url),
            "kind_label": words.label,
            "security": broadcast.kind in SECURITY_KINDS,
            "unsubscribe_url": _UNSUBSCRIBE_PLACEHOLDER,
            "preferences_url": _absolute(reverse("notifications:preferences")),
        }
    return email_render(template=f"notifications/{broadcast.kind}", context=context, language=language)


def _unsubscribe_headers(url: str) -> dict[str, str]:
    # RFC 2369 / RFC 8058: mail clients show an unsubscribe button that POSTs to the URL without a login.
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _email_drafts(broadcast: Broadcast, recipients: list[_Recipient]) -> list[EmailDraft]:
    rendered: dict[str, tuple[str, str, str]] = {}
    drafts = []
    for person in recipients:
        if person.language not in rendered:
            rendered[person.language] = _notification_email(broadcast, person.language)
        subject, text, html = rendered[person.language]
        headers: dict[str, str] = {}
        if broadcast.kind not in SECURITY_KINDS:
            url = unsubscribe_url(user_id=person.pk, kind=broadcast.kind)
            text = text.replace(_UNSUBSCRIBE_PLACEHOLDER, url)
            html = html.replace(_UNSUBSCRIBE_PLACEHOLDER, url)
            headers = _unsubscribe_headers(url)
        drafts.append(
            EmailDraft(
                to=person.email,
                subject=subject,
                body_text=text,
                body_html=html,
                kind=f"notification:{broadcast.kind}",
                headers=headers,
            )
        )
    return drafts


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
                )
                for person in recipients
            ],
            ignore_conflicts=True,
        )
        # Conflicts are skipped silently (someone already has this notification, say from a re-run after
        # the cursor was reset by hand): email only those whose row this very batch inserted.
        created = set(
            Notification.objects.filter(
                broadcast=broadcast, created_at=now, recipient_id__in=[person.pk for person in recipients]
            ).values_list("recipient_id", flat=True)
        )
        if group:
            _regroup(broadcast, group, [p.pk for p in recipients if p.pk not in created])
        immediate = [p for p in recipients if p.pk in created and p.mode == Mode.IMMEDIATELY]
        email_ids = email_queue_many(drafts=_email_drafts(broadcast, immediate))
        broadcast.cursor = user_ids[-1]
        broadcast.status = Broadcast.Status.RUNNING if more else Broadcast.Status.DONE
        broadcast.finished_at = None if more else now
        broadcast.notified += len(created)
        broadcast.emailed += len(email_ids)
        broadcast.save(update_fields=["cursor", "status", "finished_at", "notified", "emailed", "updated_at"])
    return FanOutBatch(len(user_ids), more=more)


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


def inbox_scope(user_id: int) -> str:
    """The scope of a person's kept notification list (complaints.core.pieces): retired when they read."""
    return f"inbox:{user_id}"


def notification_mark_read(*, actor: Any, notification: Notification) -> bool:
    """Mark one notification read; False if it already was."""
    now = timezone.now()
    updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=now, digest_pending=False
    )
    if updated:
        notification.read_at = now
        notification.digest_pending = False
        scope_changed(inbox_scope(notification.recipient_id))
    return updated == 1


def notifications_settle(*, target: models.Model | Target, kinds: list[str], recipient_ids: list[int]) -> int:
    """What these notifications asked for is done (evidence reviewed, task completed, item decided): mark
    those still unread read, so none keeps asking for action. Returns how many."""
    where = Target.of(target)
    # Told in the same transaction as it was settled (the fan-out runs after commit): never deliver it.
    personal = Q()
    for recipient_id in recipient_ids:
        personal |= Q(audience="users", audience_args={"ids": [recipient_id]})
    if recipient_ids:
        Broadcast.objects.filter(
            personal,
            status=Broadcast.Status.PENDING,
            kind__in=kinds,
            target_type=where.type,
            target_id=where.id,
        ).update(status=Broadcast.Status.DONE, finished_at=timezone.now())
    rows = Notification.objects.filter(
        recipient_id__in=recipient_ids,
        read_at__isnull=True,
        kind__in=kinds,
        target_type=where.type,
        target_id=where.id,
    )
    told = set(rows.values_list("recipient_id", flat=True))
    if not told:
        return 0
    count = rows.update(read_at=timezone.now(), digest_pending=False)
    for recipient_id in told:
        scope_changed(inbox_scope(recipient_id))
    return count


def notification_mark_all_read(*, actor: Any, user: Any) -> int:
    """Mark every unread notification of one person read; returns how many."""
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now(), digest_pending=False
    )
    if count:
        scope_changed(inbox_scope(user.pk))
    return count


def _preferences_set(user_id: int, modes: dict[str, str]) -> None:
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user_id=user_id, kind=kind, mode=mode) for kind, mode in modes.items()],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["mode", "updated_at"],
    )


@transaction.atomic
def notification_preferences_update(*, actor: Any, user: Any, modes: dict[str, str]) -> dict[str, str]:
    """Save how each kind is emailed; security kinds cannot be changed and are refused."""
    for kind, mode in modes.items():
        if kind in SECURITY_KINDS:
            raise ValueError(f"security mail ({kind}) cannot be turned off or delayed")
        if kind not in Kind.values or mode not in Mode.values:
            raise ValueError(f"invalid preference {kind}={mode}")
    before = notification_preferences_for_user(user.pk)
    changed = {kind: mode for kind, mode in modes.items() if before.get(kind) != mode}
    if changed:
        _preferences_set(user.pk, changed)
        audit_record(
            actor=actor, action="notification_preferences.update", target=user, data={"changed": changed}
        )
    return changed


@transaction.atomic
def notification_unsubscribe(*, token: str) -> list[str]:
    """Turn off the email a signed one-click link names (one kind, or the digest); returns the kinds changed."""
    user_id, kind = unsubscribe_token_read(token)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return []
    current = notification_preferences_for_user(user_id)
    if kind == DIGEST:
        changed = [k for k, mode in current.items() if mode == Mode.DAILY]
    else:
        changed = [kind] if current[kind] != Mode.OFF else []
    if changed:
        _preferences_set(user_id, dict.fromkeys(changed, Mode.OFF))
        audit_record(
            actor=user,
            action="notification_preferences.unsubscribe",
            target=user,
            reason="unsubscribe link in an email",
            data={"kinds": changed},
        )
    return changed


def _digest_email(user_id: int, address: str, language: str, items: list[Notification]) -> EmailDraft:
    url = unsubscribe_url(user_id=user_id, kind=DIGEST)
    with translation.override(language):
        entries = [
            {
                "title": item.rendered.title,
                "body": item.rendered.body,
                "url": _absolute(item.target_url),
                "created_at": item.created_at,
            }
            for item in items[:DIGEST_MAX_ITEMS]
        ]
        context = {
            "items": entries,
            "count": len(items),
            "more": max(0, len(items) - DIGEST_MAX_ITEMS),
            "list_url": _absolute(reverse("notifications:list")),
            "preferences_url": _absolute(reverse("notifications:preferences")),
            "unsubscribe_url": url,
        }
    subject, text, html = email_render(template="notifications/digest", context=context, language=language)
    return EmailDraft(
        to=address,
        subject=subject,
        body_text=text,
        body_html=html,
        kind="notification:digest",
        headers=_unsubscribe_headers(url),
    )


def _digest_batch(*, user_ids: list[int], day: date) -> int:
    with transaction.atomic():
        # Locking the people serialises two digest runs on the same batch: one email per person per day.
        users = list(
            get_user_model()
            .objects.select_for_update()
            .filter(pk__in=user_ids)
            .order_by("pk")
            .values_list("pk", "email", "preferred_language", "is_active")
        )
        done_today = set(
            Digest.objects.filter(user_id__in=user_ids, day=day).values_list("user_id", flat=True)
        )
        todo = [row for row in users if row[0] not in done_today]
        pending = Notification.objects.filter(
            recipient_id__in=[row[0] for row in todo], digest_pending=True
        ).order_by("recipient_id", "-id")
        unread: dict[int, list[Notification]] = defaultdict(list)
        covered: list[int] = []
        for item in pending:
            covered.append(item.pk)
            if item.read_at is None:
                unread[item.recipient_id].append(item)
        drafts, digests = [], []
        for pk, address, language, active in todo:
            if active and unread.get(pk):
                drafts.append(_digest_email(pk, address, language or settings.LANGUAGE_CODE, unread[pk]))
                digests.append(Digest(user_id=pk, day=day, notifications=len(unread[pk])))
        Digest.objects.bulk_create(digests)
        for start in range(0, len(covered), 1000):
            Notification.objects.filter(pk__in=covered[start : start + 1000]).update(digest_pending=False)
        email_queue_many(drafts=drafts)
    return len(drafts)


def digest_send_due(*, day: date | None = None, batch_size: int = DIGEST_BATCH_SIZE) -> int:
    """Email each person who chose the daily digest what they have not read yet; once per person per day."""
    day = day or timezone.localdate()
    after, sent = 0, 0
    while True:
        user_ids = list(
            Notification.objects.filter(digest_pending=True, recipient_id__gt=after)
            .order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()[:batch_size]
        )
        if not user_ids:
            return sent
        sent += _digest_batch(user_ids=user_ids, day=day)
        after = user_ids[-1]
