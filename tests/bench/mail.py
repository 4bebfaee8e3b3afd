"""`make bench`'s mail: the wait for the last email of the fan-out to be accepted by the bench's local SMTP
server (tests/bench/sink.py, counting only)."""

from __future__ import annotations

import os
import time
from datetime import datetime

from tests.bench.sink import CountingSMTPServer


def mail_wait(
    posted_at: datetime, sink: CountingSMTPServer, accepted_before: int, limit: float = 600
) -> dict:
    """Wait until every email queued since the update was posted is sent (or failed for good); the time from
    the post to the last one the SMTP server accepted, read from the database's sent marks. `accepted_before`
    is the server's count read before the post: emails go out while the fan-out is still writing."""
    import psycopg

    query = (
        "SELECT count(*) FILTER (WHERE status IN ('pending', 'sending')), count(*), "
        "count(*) FILTER (WHERE status = 'failed'), max(sent_at) FROM core_outboundemail WHERE created_at >= %s"
    )
    # The fan-out writes notifications first; their emails are written after, on the email queue.
    unwritten = "SELECT count(*) FROM notifications_notification WHERE email_pending AND created_at >= %s"
    started = time.monotonic()
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as database:
        while True:
            waiting, total, failed, last_sent = database.execute(query, [posted_at]).fetchone()
            waiting += database.execute(unwritten, [posted_at]).fetchone()[0]
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
