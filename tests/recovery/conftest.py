"""Recovery tests run against the real Redis broker only (`.ci/run`'s service run: TONGSU_SERVICES=1 RUN_SLOW=1)."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config, items):
    ready = os.environ.get("TONGSU_SERVICES") == "1" and os.environ.get("RUN_SLOW") == "1"
    ready = ready and bool(os.environ.get("REDIS_URL"))
    if ready:
        return
    skip = pytest.mark.skip(reason="recovery: needs real Redis (TONGSU_SERVICES=1 RUN_SLOW=1 REDIS_URL=...)")
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(skip)
