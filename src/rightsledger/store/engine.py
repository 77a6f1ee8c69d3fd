"""Database URLs and engines: SQLite (default, one file) or PostgreSQL.

SQLite connections get WAL (readers never block the writer), foreign keys,
a busy timeout, FULL sync (a reported add survives power loss, not only a
killed process), and real transactions: pysqlite's own transaction handling
neither wraps DDL nor starts a transaction before a SELECT, so we switch it
off and issue ``BEGIN IMMEDIATE`` ourselves (the SQLAlchemy documented recipe).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from rightsledger.errors import StoreError

SUPPORTED = ("sqlite", "postgresql")
BUSY_TIMEOUT_MS = 30_000


def normalize_url(url: str) -> URL:
    """Parse ``url``, choosing the psycopg 3 driver for PostgreSQL."""
    if url.startswith("postgres://"):  # Heroku-style alias SQLAlchemy does not accept
        url = "postgresql://" + url.removeprefix("postgres://")
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"not a database URL: {url!r} (try sqlite:///PATH or postgresql://HOST/DB)"
        ) from None
    if parsed.get_backend_name() not in SUPPORTED:
        raise StoreError(
            f"unsupported database {parsed.get_backend_name()!r} in {display_url(parsed)}; "
            "use SQLite or PostgreSQL"
        )
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def display_url(url: URL | str) -> str:
    """The URL with any password hidden, for messages."""
    parsed = url if isinstance(url, URL) else make_url(url)
    return parsed.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL (None for in-memory databases)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, see module docstring
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front, so a read-then-write transaction can
    # wait for another writer (busy timeout) instead of failing with SQLITE_BUSY.
    connection.exec_driver_sql("BEGIN IMMEDIATE")
