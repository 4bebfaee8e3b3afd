"""The shared scorer, run on the labelled corpus through `manage.py anonymize`, meets every floor."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

SHARED = Path(settings.SHARED_DIR)
TOOLS = SHARED / "tools"
DATA = SHARED / "data"


# About a minute and a half on two cores: OCR of a dozen screenshots dominates.
@pytest.mark.slow
@pytest.mark.skipif(
    not (TOOLS / "score_anonymizer.py").exists(), reason=f"shared scorer not present at {TOOLS}"
)
def test_anonymizer_meets_every_floor_of_the_shared_scorer():
    assert shutil.which("pdftotext") and shutil.which("pdfinfo"), "the scorer needs poppler-utils (pdftotext)"
    proc = subprocess.run(
        [
            sys.executable,
            str(TOOLS / "score_anonymizer.py"),
            "--python",
            sys.executable,
            "--text",
            str(DATA / "pii" / "public_corpus.jsonl"),
            "--images",
            str(DATA / "evidence" / "screenshots"),
            "--pdfs",
            str(DATA / "evidence" / "pdfs"),
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
