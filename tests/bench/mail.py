"""`make bench`'s mail: a local SMTP server (aiosmtpd) that only counts what it accepts, and the wait for the
last email of the fan-out to be accepted there."""

from __future__ import annotations

import os
import time
from datetime import datetime

from aiosmtpd.controller import Controller


class _Counting:
    def __init__(self):
        self.accepted = 0
        self.last_at = 0.0

    async def handle_DATA(self, server, session, envelope):
        self.accepted += 1
        self.last_at = time.time()
        return "250 Message accepted for delivery"


class SMTPSink:
    """Accepts every message at once and keeps none: the provider at its fastest."""

    def __init__(self, port: int):
        self.port = port
        self.handler = _Counting()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def mail_wait(posted_at: datetime, sink: SMTPSink, limit: float = 600) -> dict:
    """Wait until every email queued since the update was posted is sent (or failed for good); the time from
    the post to the last one the SMTP server accepted, read from the database's sent marks."""
    import psycopg

    query = (
        "SELECT count(*) FILTER (WHERE status IN ('pending', 'sending')), count(*), "
        "count(*) FILTER (WHERE status = 'failed'), max(sent_at) FROM core_outboundemail WHERE created_at >= %s"
    )
    accepted_before = sink.handler.accepted
    started = time.monotonic()
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as database:
        while True:
            waiting, total, failed, last_sent = database.execute(query, [posted_at]).fetchone()
            if not waiting or time.monotonic() - started > limit:
                break
            time.sleep(1)
    result = {
        "emails": total,
        "accepted_by_smtp": sink.handler.accepted - accepted_before,
        "failed": failed,
        "left": waiting,
    }
    if last_sent is not None:
        result["last_email_s"] = round((last_sent - posted_at).total_seconds(), 1)
    if waiting:
        result["error"] = f"{waiting} emails not sent within {limit:.0f} s"
    return result
