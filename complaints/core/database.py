"""What the embedded SQLite database needs so that erased data is gone from the files on disk, too."""

from __future__ import annotations

import logging

from django.db import connection

logger = logging.getLogger(__name__)


def sqlite_checkpoint() -> tuple[int, int, int] | None:
    """Copy the write-ahead log into the main file and truncate it (SQLite only).

    With secure_delete on, an erasure zeroes the freed space of the pages it writes, but the pages as they
    were (with the phone, case text and email) stay in the ``-wal`` file until a checkpoint; TRUNCATE
    empties it. Returns SQLite's (busy, log frames, checkpointed frames); busy is 1 when a reader in
    another process held an older snapshot, and the next checkpoint (SQLite's automatic ones) finishes.
    """
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy, frames, done = cursor.fetchone()
    if busy:
        logger.warning(
            "sqlite checkpoint after erasure was blocked by a reader (%s of %s frames)", done, frames
        )
    return busy, frames, done
