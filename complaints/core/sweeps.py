"""The periodic sweep: each app registers a function that re-enqueues its work stuck in the database."""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)
_SWEEPS: dict[str, Callable[[], int]] = {}


def register_sweep(func: Callable[[], int]) -> Callable[[], int]:
    _SWEEPS[f"{func.__module__}.{func.__qualname__}"] = func
    return func


def run_sweeps() -> dict[str, int]:
    """Run every registered sweep; one failing sweep does not stop the others."""
    counts: dict[str, int] = {}
    for name, func in _SWEEPS.items():
        try:
            counts[name] = func()
        except Exception:
            logger.exception("sweep %s failed", name)
            counts[name] = -1
    return counts
