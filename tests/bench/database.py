"""`make bench`'s database: created when it is missing, so that a fresh machine can run the bench."""

from __future__ import annotations

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
