"""Processing of an uploaded item: the anonymizer pipeline run by the Celery task (and `manage.py` demo data).

The task claims an item (a conditional update: only one run wins), runs the pipeline with a time limit per
step, stores the results under new names and moves the item on only if it still holds the claim, so a second
or late run changes nothing. Every change of the item's state is a service of
`complaints/evidence/services/processing.py`; this module runs the steps.
"""

from __future__ import annotations

import contextlib
import logging
import re
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from allauth.account.models import EmailAddress
from celery.exceptions import SoftTimeLimitExceeded

from complaints.core import heartbeat
from complaints.evidence import conf, hooks, rendering, services
from complaints.evidence.files import EXTENSIONS, read_file, store
from complaints.evidence.models import EvidenceItem
from complaints.evidence.pipeline import PIPELINE, Context, Kind, RejectedFile, run_pipeline
from complaints.evidence.services.common import notify_owner as notify_owner

logger = logging.getLogger(__name__)

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
        services.evidence_stage_set(item_id=self.item_id, stage=self.name)
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


@dataclass
class _Outcome:
    normalized: bytes
    redacted: bytes
    thumbnail: bytes | None
    fields: dict
    text: str = ""  # what the pipeline read, for `hooks.item_processed` only; never stored


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
    thumbnail = rendering.thumbnail(result.redacted, kind)
    return _Outcome(ctx.normalized, result.redacted, thumbnail, fields, text=ctx.text)


def item_text(item: EvidenceItem) -> str:
    """The text of a processed item's file as the pipeline reads it (text layer, OCR or the text itself),
    for an app above that must read a file again (proofs: a number typed after its receipt was uploaded).
    Only the first steps run, each under its time limit; nothing is stored."""
    ctx = Context(data=read_file(item.normalized.name), filename=item.original_name, limits=conf.limits())
    try:
        for step in PIPELINE:
            with _time_limit(step.time_limit, step.name):
                step(ctx)
            if step.name == "extract":
                break
    finally:
        ctx.close()
    return ctx.text


def evidence_process(*, item_id: int) -> bool:
    """Anonymize one received item; False when another run has it, it is done, or it is gone."""
    attempt = services.evidence_processing_claim(item_id=item_id)
    if attempt is None:
        return False
    item = EvidenceItem.objects.select_related("owner", "membership__case").filter(pk=item_id).first()
    if item is None:
        return False
    fail = partial(services.evidence_processing_fail, item_id=item_id, attempt=attempt)
    try:
        with heartbeat.beating(partial(services.evidence_processing_beat, item_id=item_id, attempt=attempt)):
            outcome = _run(item)
    except RejectedFile as exc:
        fail(code=exc.code, message=str(exc.message))
        return True
    except (StepTimeout, SoftTimeLimitExceeded) as exc:
        fail(code="timeout", message=f"time limit: {getattr(exc, 'step', 'task')}")
        return True
    except Exception as exc:
        logger.exception("evidence item %s: processing failed", item_id)
        message = f"{type(exc).__name__}: {exc}"
        services.evidence_processing_retry(item_id=item_id, attempt=attempt, message=message)
        return True
    kind = Kind(outcome.fields["kind"])
    files = {
        "normalized": store(outcome.normalized, EXTENSIONS[kind]),
        "redacted": store(outcome.redacted, EXTENSIONS[kind]),
        "thumbnail": store(outcome.thumbnail, "jpg") if outcome.thumbnail else "",
    }
    finished = services.evidence_processing_finish(
        item_id=item_id, attempt=attempt, files=files, fields=outcome.fields
    )
    if finished:
        hooks.item_processed.send(
            sender=EvidenceItem, item_id=item_id, membership_id=item.membership_id, text=outcome.text
        )
    return finished
