"""Time the heavy jobs for `make bench` (JSON on stdout): anonymizer throughput, and the jobs other apps add."""

from __future__ import annotations

import json
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

SHARED = Path(settings.BASE_DIR).parent / "shared" / "data"


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
        # As the evidence queue runs: one process per core.
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


class Command(BaseCommand):
    help = "Heavy jobs timed for the benchmark (JSON on stdout)."

    def add_arguments(self, parser):
        parser.add_argument("--big", required=True, help="slug of the big campaign")
        parser.add_argument("--only", default="", help="comma-separated job names")

    def handle(self, *args, **options):
        jobs = {"anonymizer": anonymizer_throughput}
        only = {name for name in options["only"].split(",") if name}
        out = {}
        for name, job in jobs.items():
            if only and name not in only:
                continue
            out[name] = job()
        self.stdout.write(json.dumps(out))
