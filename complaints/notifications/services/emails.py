"""Notification emails: one per event in the recipient's language, the daily digest, one-click unsubscribe."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from complaints.core.services import EmailDraft, email_queue_many, email_render
from complaints.notifications import kinds
from complaints.notifications.kinds import SECURITY_KINDS, Kind
from complaints.notifications.models import Broadcast, Digest, Notification

DIGEST_BATCH_SIZE = 500
DIGEST_MAX_ITEMS = 20
UNSUBSCRIBE_SALT = "complaints.notifications.unsubscribe"
# The unsubscribe "kind" of the daily digest email: it turns every digest kind off.
DIGEST = "digest"
# Rendered once per language per batch; each recipient's own link replaces this afterwards.
_UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/__tongsu_unsubscribe__"


@dataclass(frozen=True)
class Recipient:
    pk: int
    email: str
    language: str
    mode: str


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


def email_drafts(broadcast: Broadcast, recipients: list[Recipient]) -> list[EmailDraft]:
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
