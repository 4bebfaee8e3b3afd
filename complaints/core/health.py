"""Health checks for /healthz: does the database answer, does the broker answer."""

from __future__ import annotations

import hmac
import os
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpRequest


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


def may_see_details(request: HttpRequest) -> bool:
    """Which database and broker answer, and why not, is for moderators and for a monitor that sends
    ``Authorization: Bearer <TONGSU_HEALTH_TOKEN>``; anyone else sees only ok or not ok."""
    if getattr(request.user, "is_moderator", False):  # the User model's rule (accounts), read not imported
        return True
    token = settings.TONGSU_HEALTH_TOKEN
    scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
    return (
        bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(offered.encode(), token.encode())
    )
