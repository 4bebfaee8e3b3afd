"""The replies app's part in a person's privacy rights: their representations in the export, their work email
among their identifiers, and both gone at erasure (the platform's public replies stay, as the platform's)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from complaints.core.privacy import register_privacy
from complaints.replies.models import Reply, ReplyMark, Representative


def impact(user) -> list[str]:
    if Representative.objects.filter(user=user, status=Representative.Status.APPROVED).exists():
        return [_("You represent a platform: that ends; the replies you posted stay as the platform's.")]
    return []


def export(user) -> dict:
    return {
        "representations": [
            {
                "platform": r.platform.name,
                "work_email": r.work_email,
                "status": r.status,
                "asked_at": r.created_at.isoformat(),
            }
            for r in Representative.objects.filter(user=user).select_related("platform").order_by("pk")
        ],
        "replies_posted": [
            {
                "campaign": r.campaign.title,
                "kind": r.kind,
                "text": r.text,
                "posted_at": r.created_at.isoformat(),
            }
            for r in Reply.objects.filter(author=user).select_related("campaign").order_by("pk")
        ],
        "answers_to_replies": [
            {"reply": m.reply_id, "answer": m.answer, "updated_at": m.updated_at.isoformat()}
            for m in ReplyMark.objects.filter(membership__user=user).order_by("pk")
        ],
    }


def identifiers(user) -> list[str]:
    return [e for e in Representative.objects.filter(user=user).values_list("work_email", flat=True) if e]


def on_lock(user) -> None:
    # A locked account cannot speak for a platform; a restored one asks again.
    Representative.objects.filter(user=user, status__in=Representative.LIVE_STATUSES).update(
        status=Representative.Status.RESIGNED, code_hash=""
    )


def erase(user) -> None:
    on_lock(user)
    Representative.objects.filter(user=user).update(work_email="", decision_reason="")


def register() -> None:
    register_privacy(
        "replies", impact=impact, export=export, identifiers=identifiers, on_lock=on_lock, erase=erase
    )
