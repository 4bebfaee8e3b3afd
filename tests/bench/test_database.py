"""`make bench` on a fresh machine: its database is created when missing, then migrated."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from tests.bench.run import database_prepare

PROBE = "tongsu_benchout_probe"


@pytest.fixture
def probe_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("creating the bench's database needs PostgreSQL (the services run)")
    maintenance = make_conninfo(url, dbname="postgres")
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(PROBE))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(drop)
    yield urlsplit(url)._replace(path=f"/{PROBE}").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(drop)


@pytest.mark.services
@pytest.mark.slow
def test_a_missing_bench_database_is_created_and_migrated(probe_url):
    database_prepare(probe_url)

    with psycopg.connect(probe_url) as connection:
        applied = connection.execute("SELECT app FROM django_migrations").fetchall()
        tables = connection.execute("SELECT to_regclass('campaigns_campaign')").fetchone()[0]
    assert {"campaigns", "accounts", "notifications"} <= {app for (app,) in applied}
    assert tables == "campaigns_campaign"

    # A second run reuses it: nothing is created again, and the migrations stay applied.
    database_prepare(probe_url)
    with psycopg.connect(probe_url) as connection:
        assert connection.execute("SELECT count(*) FROM django_migrations").fetchone()[0] == len(applied)
