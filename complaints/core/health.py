"""Health checks for /healthz: does the database answer, does the broker answer."""

from __future__ import annotations

import os
from pathlib import Path

from django.db import connection


def database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, type(exc).__name__
    return True, connection.vendor


def broker_ok() -> tuple[bool, str]:
    from portal.celery import app

    url = app.conf.broker_url or ""
    if url.startswith("filesystem://"):
        folder = Path(app.conf.broker_transport_options.get("data_folder_in", ""))
        if folder.is_dir() and os.access(folder, os.W_OK):
            return True, "filesystem"
        return False, "broker folder missing or not writable"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return False, type(exc).__name__
    return True, url.split("://", 1)[0]
