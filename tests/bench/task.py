"""The bench's small runner: `python tests/bench/task.py seed|jobs|queries [args]` sets Django up and runs that
part of the harness (tests/bench/seed.py, jobs.py, queries.py) in this process. run.py calls it once per part,
so each part (a timed job above all) has a process, and a peak memory, of its own."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

PARTS = ("seed", "jobs", "queries", "mix")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in PARTS:
        print(f"usage: task.py {{{'|'.join(PARTS)}}} [args]", file=sys.stderr)
        return 2
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    importlib.import_module(f"tests.bench.{argv[0]}").main(argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
