"""`make bench`'s database: created when it is missing, so that a fresh machine can run the bench."""

from __future__ import annotations

import time

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo


def database_ensure(url: str) -> bool:
    """Create the PostgreSQL database DATABASE_URL names if it does not exist yet (through the `postgres`
    maintenance database, with the same server and credentials). True when it was created here."""
    name = conninfo_to_dict(url).get("dbname")
    if not name:
        raise SystemExit(f"DATABASE_URL names no database: {url}")
    maintenance = make_conninfo(url, dbname="postgres")
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        try:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateDatabase:  # created by another run in the meantime
            return False
    return True


# What autovacuum decides on (PostgreSQL's documentation, "The Autovacuum Daemon"), per table where the
# table's storage parameters say otherwise (campaigns/migrations/0013: the campaign table after 1%).
_AUTOVACUUM_SETTINGS = (
    "autovacuum_vacuum_threshold",
    "autovacuum_vacuum_scale_factor",
    "autovacuum_vacuum_insert_threshold",
    "autovacuum_vacuum_insert_scale_factor",
    "autovacuum_analyze_threshold",
    "autovacuum_analyze_scale_factor",
)
_TABLES = """
SELECT s.relname, s.n_dead_tup, s.n_ins_since_vacuum, s.n_mod_since_analyze, greatest(c.reltuples, 0),
       coalesce(c.reloptions, '{}')
FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
"""


def autovacuum_due(connection) -> dict[str, str]:
    """The tables autovacuum would vacuum (or only analyze) now, from their counts of changed rows and the
    thresholds (server settings, or the table's own): {table: "vacuum" | "analyze"}."""
    defaults = {
        name: float(connection.execute(f"SHOW {name}").fetchone()[0]) for name in _AUTOVACUUM_SETTINGS
    }
    due = {}
    for table, dead, inserted, modified, tuples, options in connection.execute(_TABLES).fetchall():
        own = dict(option.split("=", 1) for option in options)
        limit = {name: float(own.get(name, value)) for name, value in defaults.items()}
        vacuum_at = limit["autovacuum_vacuum_threshold"] + limit["autovacuum_vacuum_scale_factor"] * tuples
        inserts_at = (
            limit["autovacuum_vacuum_insert_threshold"]
            + limit["autovacuum_vacuum_insert_scale_factor"] * tuples
        )
        analyze_at = limit["autovacuum_analyze_threshold"] + limit["autovacuum_analyze_scale_factor"] * tuples
        if dead > vacuum_at or (limit["autovacuum_vacuum_insert_threshold"] >= 0 and inserted > inserts_at):
            due[table] = "vacuum"
        elif modified > analyze_at:
            due[table] = "analyze"
    return due


def autovacuum_catch_up(url: str, *, wait: float = 150) -> dict:
    """Let the database be as autovacuum keeps it before the uncached pages are measured. With autovacuum on,
    wait (at most `wait` seconds) until no table is due any more; where it is off (as on some machines this
    bench runs on), do what it would have done: VACUUM (ANALYZE), or ANALYZE, exactly the tables now due.
    The write scenarios before (the joins, the fan-out) otherwise leave the campaign table's pages not
    all-visible, and every count of open campaigns reads 14,000 rows again (docs/bench.md)."""
    with psycopg.connect(url, autocommit=True) as connection:
        on = connection.execute("SHOW autovacuum").fetchone()[0] == "on"
        due = autovacuum_due(connection)
        started = time.monotonic()
        if on:
            while autovacuum_due(connection) and time.monotonic() - started < wait:
                time.sleep(2)
        else:
            for table, work in sorted(due.items()):
                command = "VACUUM (ANALYZE) {}" if work == "vacuum" else "ANALYZE {}"
                connection.execute(sql.SQL(command).format(sql.Identifier(table)))
        return {
            "autovacuum": "on" if on else "off: run here",
            "tables": due,
            "seconds": round(time.monotonic() - started, 1),
            "still_due": sorted(autovacuum_due(connection)),
        }
