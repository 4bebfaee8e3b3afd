"""Database connections pooled the documented way (Django's PostgreSQL pool), configured by environment."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from portal.env import database_from_url
from tests.processes import ROOT, child_env

CHILD = """
import json, threading, django
django.setup()
from django.db import connection, connections
pids = []
def request():
    for _ in range(5):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pids.append(cursor.fetchone()[0])
        connections.close_all()  # what Django does at the end of each request: back to the pool
threads = [threading.Thread(target=request) for _ in range(8)]
[t.start() for t in threads]
[t.join() for t in threads]
print(json.dumps({"queries": len(pids), "backends": len(set(pids))}))
"""


def test_the_pool_is_configured_by_environment_and_off_for_sqlite(monkeypatch):
    monkeypatch.setenv("TONGSU_DB_POOL_MAX_SIZE", "4")
    config = database_from_url("postgres://postgres@127.0.0.1:5432/tongsu")
    assert config["OPTIONS"]["pool"]["max_size"] == 4
    assert config["CONN_MAX_AGE"] == 0, "Django refuses persistent connections together with a pool"
    assert "pool" not in database_from_url("sqlite:////tmp/x.sqlite3").get("OPTIONS", {})
    monkeypatch.delenv("TONGSU_DB_POOL_MAX_SIZE")
    assert "pool" not in database_from_url("postgres://postgres@127.0.0.1:5432/tongsu").get("OPTIONS", {})


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_forty_requests_on_eight_threads_share_two_pooled_connections():
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's")
    db = settings.DATABASES["default"]
    login = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
    url = f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = child_env(DATABASE_URL=url, TONGSU_DB_POOL_MAX_SIZE="2")
    out = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["queries"] == 40
    assert result["backends"] <= 2, result
