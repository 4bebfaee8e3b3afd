"""A heartbeat on a claim, so the sweep can tell a dead worker's claim from a slow one.

A task that claimed a row refreshes the row's ``heartbeat_at`` every TONGSU_HEARTBEAT_SECONDS from a small
thread while it works. A worker killed with -9 stops beating; the sweep takes over a claim whose heartbeat
is older than TONGSU_HEARTBEAT_STALE_SECONDS (about a minute) instead of waiting out the whole sweep window,
while a slow run that still beats is left alone however long it takes.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)


def stale_before(now: datetime) -> datetime:
    """A claim whose heartbeat is older than this belongs to a dead worker."""
    return now - timedelta(seconds=settings.TONGSU_HEARTBEAT_STALE_SECONDS)


@contextlib.contextmanager
def beating(beat: Callable[[], object], *, every: float | None = None) -> Iterator[None]:
    """Call ``beat`` (a conditional UPDATE of the claim's heartbeat_at) every few seconds while the body runs."""
    every = settings.TONGSU_HEARTBEAT_SECONDS if every is None else every
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(every):
                try:
                    beat()
                except Exception:  # a missed beat is retried; it must never stop the work
                    logger.exception("heartbeat failed")
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=run, name="claim-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
