"""bandit over the application code: no medium or high finding without a reasoned `# nosec`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings


def test_bandit_reports_no_medium_or_high_findings():
    bandit = Path(sys.executable).with_name("bandit")
    if not bandit.exists():
        pytest.skip("bandit is not installed (pip install -e .[dev])")
    result = subprocess.run(
        [str(bandit), "-q", "-ll", "-c", "pyproject.toml", "-r", "portal", "complaints", "-f", "json"],
        cwd=settings.BASE_DIR, capture_output=True, text=True, check=False,
    )  # fmt: skip
    findings = json.loads(result.stdout)["results"]
    assert not findings, "\n".join(
        f"{f['test_id']} {f['issue_severity']} {f['filename']}:{f['line_number']} {f['issue_text']}"
        for f in findings
    )
    # Every silenced finding says why.
    for path in [
        *Path(settings.BASE_DIR, "complaints").rglob("*.py"),
        *Path(settings.BASE_DIR, "portal").rglob("*.py"),
    ]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "# nosec" in line:
                reason = line.split("# nosec", 1)[1]
                assert " - " in reason, f"{path}:{number}: a # nosec without a reason"
