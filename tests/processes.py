"""Helpers for tests that start real processes (a Celery worker, a second web process) on the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a child process that must use this test run's database, cache and broker."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["TONGSU_SQLITE_PATH"] = str(db["NAME"])
        env.pop("DATABASE_URL", None)
    else:
        user = db.get("USER") or "postgres"
        auth = f"{user}:{db['PASSWORD']}" if db.get("PASSWORD") else user
        env["DATABASE_URL"] = (
            f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
        )
    cache = settings.CACHES["default"]
    if "filebased" in cache["BACKEND"]:
        env["TONGSU_CACHE_DIR"] = str(cache["LOCATION"])
    env["TONGSU_BROKER_DIR"] = str(settings.BROKER_DIR)
    env["TONGSU_PRIVATE_DIR"] = str(settings.PRIVATE_STORAGE_DIR)
    env["TONGSU_TESTING"] = "1"
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def start_worker(
    queues: str = "default,notifications,email,evidence,filings", **env: str
) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "portal",
        "worker",
        "--queues",
        queues,
        "--concurrency",
        "1",
        "--pool",
        "solo",
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
    ]
    return subprocess.Popen(
        cmd, cwd=ROOT, env=child_env(**env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        out, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return out.decode(errors="replace") if out else ""


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
