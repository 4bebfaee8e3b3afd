"""Processing of an uploaded item: the anonymizer pipeline run by the Celery task, and the sweep.

The database says what is still to do. The task claims an item with a conditional update (only one run
wins), runs the pipeline with a time limit per step, stores the results under new names and moves the
item on only if it still holds the claim, so a second or late run changes nothing.
"""

from __future__ import annotations

import contextlib
import logging
import re
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from allauth.account.models import EmailAddress
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from complaints.core import heartbeat
from complaints.core.text import single_line
from complaints.evidence import conf, rendering
from complaints.evidence.files import EXTENSIONS, delete_files, read_file, store
from complaints.evidence.models import EvidenceItem
from complaints.evidence.pipeline import PIPELINE, Context, Kind, RejectedFile, run_pipeline

logger = logging.getLogger(__name__)

# Anything received but not picked up after this long lost its broker message (or never had one).
RECEIVED_GRACE_SECONDS = 60
# Room for storage and database work around the steps' own limits (Celery's soft limit of the task).
TASK_MARGIN_SECONDS = 60
STEPS_SECONDS = int(sum(step.time_limit for step in PIPELINE))


class StepTimeout(Exception):
    def __init__(self, step: str) -> None:
        super().__init__(step)
        self.step = step


@contextlib.contextmanager
def _time_limit(seconds: float, step: str) -> Iterator[None]:
    """Interrupt a step that runs past its limit (main thread only: that is where workers run tasks)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _expired(signum, frame):
        raise StepTimeout(step)

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _TimedStep:
    """A pipeline step under its own time limit, recording which step runs for the progress bar."""

    def __init__(self, step, item_id: int) -> None:
        self.step = step
        self.name = step.name
        self.time_limit = step.time_limit
        self.item_id = item_id

    def __call__(self, ctx: Context) -> None:
        EvidenceItem.objects.filter(pk=self.item_id, status=EvidenceItem.Status.PROCESSING).update(
            stage=self.name
        )
        with _time_limit(self.time_limit, self.name):
            self.step(ctx)


_REFERENCE_SPLIT = re.compile(r"[\n\r,;，；、]+")


def known_identifiers(item: EvidenceItem) -> list[str]:
    """The owner's own details, always redacted: profile name, email addresses, their case's references."""
    owner = item.owner
    values = [owner.display_name, owner.email]
    values += list(EmailAddress.objects.filter(user=owner).values_list("email", flat=True))
    case = getattr(item.membership, "case", None)
    if case is not None and case.references:
        values += [part.strip() for part in _REFERENCE_SPLIT.split(case.references)]
    seen: dict[str, None] = {}
    for value in values:
        if value and value.strip():
            seen.setdefault(value.strip(), None)
    return list(seen)


def _dead_run(now) -> Q:
    """A run whose worker died: its heartbeat stopped (a claim from before heartbeats: the sweep window)."""
    return Q(status=EvidenceItem.Status.PROCESSING) & (
        Q(heartbeat_at__lt=heartbeat.stale_before(now))
        | Q(
            heartbeat_at__isnull=True,
            processing_started_at__lt=now - timedelta(seconds=settings.TONGSU_SWEEP_AFTER_SECONDS),
        )
    )


def _claim(item_id: int) -> int | None:
    """Take the item for this run; returns the attempt number, or None when it is not ours to do."""
    now = timezone.now()
    claimed = (
        EvidenceItem.objects.filter(pk=item_id, attempts__lt=conf.max_attempts())
        .filter(Q(status=EvidenceItem.Status.RECEIVED) | _dead_run(now))
        .update(
            status=EvidenceItem.Status.PROCESSING,
            attempts=F("attempts") + 1,
            processing_started_at=now,
            heartbeat_at=now,
            stage="",
            updated_at=now,
        )
    )
    if claimed != 1:
        return None
    return EvidenceItem.objects.filter(pk=item_id).values_list("attempts", flat=True).first()


def _ours(item_id: int, attempt: int):
    return EvidenceItem.objects.filter(pk=item_id, status=EvidenceItem.Status.PROCESSING, attempts=attempt)


def _beat(item_id: int, attempt: int) -> int:
    return _ours(item_id, attempt).update(heartbeat_at=timezone.now())


def notify_owner(
    *, actor, item_id: int, kind: str, key: str, url_name: str = "evidence:review", **params
) -> None:
    """Tell the owner of an evidence item what happened to it (fanned out after commit, once per key)."""
    from django.urls import reverse

    from complaints.evidence.files import safe_display_name
    from complaints.notifications.services import Target, notify_user

    item = EvidenceItem.objects.select_related("owner").filter(pk=item_id).first()
    if item is None:
        return
    notify_user(
        actor=actor,
        user=item.owner,
        kind=kind,
        params={"evidence": safe_display_name(item.original_name), **params},
        target=Target(type=item._meta.label_lower, id=str(item.pk), url=reverse(url_name, args=[item.pk])),
        dedupe_key=f"evidence:{item.pk}:{key}",
    )


def _fail(item_id: int, attempt: int, code: str, message: str) -> None:
    failed = _ours(item_id, attempt).update(
        status=EvidenceItem.Status.FAILED,
        stage="",
        error_code=code,
        error_message=single_line(message, limit=300),
        updated_at=timezone.now(),
    )
    if failed:
        from complaints.evidence.models import ERROR_MESSAGES
        from complaints.notifications.kinds import Kind, in_each_language

        notify_owner(
            actor=None,
            item_id=item_id,
            kind=Kind.EVIDENCE_FAILED,
            key=f"failed:{attempt}",
            url_name="evidence:detail",
            detail=in_each_language(ERROR_MESSAGES.get(code, ERROR_MESSAGES["internal"])),
        )


def _retry_later(item_id: int, attempt: int, message: str) -> None:
    if attempt >= conf.max_attempts():
        _fail(item_id, attempt, "attempts", message)
        return
    # Back to received: the sweep hands it out again after a pause, instead of looping on a bad file.
    _ours(item_id, attempt).update(
        status=EvidenceItem.Status.RECEIVED,
        stage="",
        error_code="internal",
        error_message=single_line(message, limit=300),
        updated_at=timezone.now(),
    )


@dataclass
class _Outcome:
    normalized: bytes
    redacted: bytes
    thumbnail: bytes | None
    fields: dict


def _entries(ctx: Context) -> list[dict]:
    """The automatic redactions as the owner will see and edit them."""
    entries: list[dict] = []
    for number, finding in enumerate(ctx.located, start=1):
        base = {"type": str(finding.type), "source": "auto", "detector": finding.source}
        if ctx.kind is Kind.TEXT:
            entries.append({"id": f"a{number}", "spans": [[finding.start, finding.end]], **base})
        elif ctx.kind is Kind.PDF and ctx.layer is not None:
            # Per line, with its own page: a finding that runs across a page break has boxes on both.
            for part, (page, box) in enumerate(ctx.layer.boxes_for(finding.start, finding.end), start=1):
                entries.append({"id": f"a{number}-{part}", "page": page + 1, "box": _rounded(box), **base})
        else:
            for part, box in enumerate(finding.boxes, start=1):
                entries.append({"id": f"a{number}-{part}", "page": 1, "box": _rounded(box), **base})
    return entries


def _rounded(box) -> list[float]:
    return [round(float(v), 2) for v in box]


def _run(item: EvidenceItem) -> _Outcome:
    ctx = Context(
        data=read_file(item.original.name),
        filename=item.original_name,
        known_identifiers=tuple(known_identifiers(item)),
        limits=conf.limits(),
    )
    image_size = None
    result = run_pipeline(ctx, [_TimedStep(step, item.pk) for step in PIPELINE])
    if ctx.image is not None:
        image_size = ctx.image.size
    kind = result.kind
    report = result.report()
    fields = {
        "kind": str(kind),
        "language": ctx.lang,
        "findings": report["findings"],
        "finding_counts": report["counts"],
        "boxes": _entries(ctx),
        "unsure_reasons": list(result.unsure_reasons),
        "ocr_confidence": result.ocr_confidence,
        "needs_moderation": result.unsure,
        "moderation_reasons": list(result.unsure_reasons),
        "sha256_redacted": result.sha256_redacted,
        "width": image_size[0] if image_size else None,
        "height": image_size[1] if image_size else None,
        "page_count": len(rendering.pdf_surfaces(ctx.normalized)) if kind is Kind.PDF else None,
    }
    return _Outcome(ctx.normalized, result.redacted, rendering.thumbnail(result.redacted, kind), fields)


def evidence_process(*, item_id: int) -> bool:
    """Anonymize one received item; False when another run has it, it is done, or it is gone."""
    attempt = _claim(item_id)
    if attempt is None:
        return False
    item = EvidenceItem.objects.select_related("owner", "membership__case").filter(pk=item_id).first()
    if item is None:
        return False
    try:
        with heartbeat.beating(partial(_beat, item_id, attempt)):
            outcome = _run(item)
    except RejectedFile as exc:
        _fail(item_id, attempt, exc.code, str(exc.message))
        return True
    except (StepTimeout, SoftTimeLimitExceeded) as exc:
        _fail(item_id, attempt, "timeout", f"time limit: {getattr(exc, 'step', 'task')}")
        return True
    except Exception as exc:
        logger.exception("evidence item %s: processing failed", item_id)
        _retry_later(item_id, attempt, f"{type(exc).__name__}: {exc}")
        return True
    kind = Kind(outcome.fields["kind"])
    names = {
        "normalized": store(outcome.normalized, EXTENSIONS[kind]),
        "redacted": store(outcome.redacted, EXTENSIONS[kind]),
        "thumbnail": store(outcome.thumbnail, "jpg") if outcome.thumbnail else "",
    }
    with transaction.atomic():
        moved = _ours(item_id, attempt).update(
            status=EvidenceItem.Status.NEEDS_REVIEW,
            stage="",
            error_code="",
            error_message="",
            updated_at=timezone.now(),
            **names,
            **outcome.fields,
        )
        if not moved:
            # Someone else finished it, or the owner deleted it meanwhile: our files are not needed.
            transaction.on_commit(partial(delete_files, list(names.values())))
    if moved:
        from complaints.notifications.kinds import Kind as NotificationKind

        unsure = bool(outcome.fields.get("needs_moderation"))
        notify_owner(
            actor=None,
            item_id=item_id,
            kind=NotificationKind.EVIDENCE_NEEDS_REVIEW if unsure else NotificationKind.EVIDENCE_PROCESSED,
            key=f"processed:{attempt}",
        )
    return bool(moved)


def evidence_sweep() -> int:
    """Hand out again what the database says is still to do; fail what ran out of attempts."""
    from complaints.evidence.tasks import evidence_process_task

    now = timezone.now()
    waiting = Q(
        status=EvidenceItem.Status.RECEIVED, updated_at__lt=now - timedelta(seconds=RECEIVED_GRACE_SECONDS)
    )
    dead = _dead_run(now)
    exhausted = EvidenceItem.objects.filter(waiting | dead, attempts__gte=conf.max_attempts())
    exhausted.update(
        status=EvidenceItem.Status.FAILED, stage="", error_code="attempts", error_message="attempts exhausted",
        updated_at=now,
    )  # fmt: skip
    ids = list(
        EvidenceItem.objects.filter(waiting | dead, attempts__lt=conf.max_attempts())
        .order_by("updated_at")
        .values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        evidence_process_task.delay(pk)
    return len(ids)
