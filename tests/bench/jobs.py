"""Time the heavy jobs for `make bench` (JSON on stdout): anonymizer throughput, and the jobs other apps add.

Run by tests/bench/run.py through tests/bench/task.py (`task.py jobs --big SLUG --only filing`), each job in
its own process so that its peak memory is its own."""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings

SHARED = Path(settings.SHARED_DIR) / "data"


def _anonymize_file(path: str) -> int:
    from complaints.evidence.pipeline.run import anonymize_bytes

    result = anonymize_bytes(Path(path).read_bytes(), Path(path).name)
    return len(result.findings)


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def anonymizer_throughput() -> dict:
    from complaints.evidence.pipeline.run import anonymize_text

    shots = sorted(
        str(p) for p in (SHARED / "evidence" / "screenshots").glob("*") if p.suffix in {".png", ".jpg"}
    )
    result: dict = {}
    if shots:
        # As the evidence queue runs: one process per core, one OCR thread each (two threads in each of
        # two processes would fight over two cores).
        os.environ.setdefault("EVIDENCE_OCR_THREADS", "1")
        with ProcessPoolExecutor(max_workers=2) as pool:
            list(pool.map(_anonymize_file, shots[:1]))  # load the OCR model in each process first
            list(pool.map(_anonymize_file, shots[:2]))
            started = time.monotonic()
            list(pool.map(_anonymize_file, shots * 2))
            elapsed = time.monotonic() - started
        result["screenshots_per_minute"] = round(len(shots) * 2 / elapsed * 60, 1)
    corpus = SHARED / "pii" / "public_corpus.jsonl"
    if corpus.exists():
        texts = [json.loads(line)["text"] for line in corpus.read_text().splitlines() if line.strip()]
        started = time.monotonic()
        for text in texts:
            anonymize_text(text)
        elapsed = time.monotonic() - started
        result["text_chars_per_second"] = round(sum(map(len, texts)) / elapsed)
    result["anonymizer_peak_mb"] = _peak_mb()
    return result


def filing_generation(big: str) -> dict:
    """Generate the filing of the big campaign with the filings service, in this process (for its peak memory)."""
    from complaints.campaigns.models import Campaign, Membership
    from complaints.filings.models import Filing, FilingVersion, Regulator
    from complaints.filings.services import filing_version_build

    campaign = Campaign.objects.get(slug=big)
    organizer = Membership.objects.filter(campaign=campaign, role=Membership.Role.ORGANIZER).first()
    regulator, _created = Regulator.objects.get_or_create(
        slug="bench-regulator",
        defaults={
            "name_zh": "测试监管部门",
            "name_en": "Bench regulator",
            "kind": Regulator.Kind.values[0],
            "email": "regulator@bench.invalid",
        },
    )
    filing = Filing.objects.create(
        campaign=campaign, regulator=regulator, language="zh-hans", created_by=organizer.user
    )
    # The version is built here rather than by filing_generate's worker task, so that this process's peak
    # memory is the build's.
    version = FilingVersion.objects.create(
        filing=filing, number=1, narrative=campaign.summary, demands=campaign.demands
    )
    started = time.monotonic()
    built = filing_version_build(version_id=version.pk)
    elapsed = time.monotonic() - started
    if built is None:
        version.refresh_from_db()
        return {"error": version.error}
    return {
        "seconds": round(elapsed, 1),
        "peak_mb": _peak_mb(),
        "members": built.content["figures"]["members"],
        "exhibits": built.content["figures"].get("exhibits"),
        "pdf_mb": round(built.pdf.size / 1e6, 1),
    }


def fanout_wait(big: str, timeout: float = 480) -> dict:
    """Wait for the newest update broadcast of the big campaign to be fanned out by the worker."""
    from complaints.campaigns.models import Campaign
    from complaints.notifications.models import Broadcast

    campaign = Campaign.objects.get(slug=big)
    broadcast = (
        Broadcast.objects.filter(kind="update_posted", audience="campaign_members")
        .filter(audience_args__campaign=campaign.pk)
        .order_by("-id")
        .first()
    )
    if broadcast is None:
        return {"error": "no broadcast for the update (is the update service wired to notify?)"}
    deadline = time.monotonic() + timeout
    while broadcast.status not in (Broadcast.Status.DONE, Broadcast.Status.FAILED):
        if time.monotonic() > deadline:
            return {"error": f"not delivered within {timeout} s", "notified": broadcast.notified}
        time.sleep(0.5)
        broadcast.refresh_from_db()
    return {
        "status": broadcast.status,
        "delivered_s": round((broadcast.finished_at - broadcast.created_at).total_seconds(), 1),
        "notified": broadcast.notified,
        "emails_queued": broadcast.emailed,
        "members": campaign.members_count,
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description="Heavy jobs timed for the benchmark (JSON on stdout).")
    parser.add_argument("--big", required=True, help="slug of the big campaign")
    parser.add_argument("--only", default="", help="comma-separated job names")
    options = parser.parse_args(argv)
    jobs = {
        "filing": lambda: filing_generation(options.big),
        "anonymizer": anonymizer_throughput,
        "fanout_wait": lambda: fanout_wait(options.big),
    }
    only = {name for name in options.only.split(",") if name}
    out = {}
    for name, job in jobs.items():
        if only and name not in only:
            continue
        out[name] = job()
    print(json.dumps(out))
