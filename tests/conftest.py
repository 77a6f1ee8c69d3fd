"""Shared fixtures: a real PostgreSQL 15 for the session, and a ledger URL per backend.

PostgreSQL is started from the installed binaries in a temporary folder.  initdb
and postgres refuse to run as root, so as root only the server runs as the
``postgres`` user (pytest stays root).  ``DATABASE_URL`` pointing at an existing
server skips the startup.  Under ``CI=true`` PostgreSQL is never skipped.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from pgserver import PG_BIN, PgServer

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL not available: {reason}")


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """URL of a maintenance database on a running PostgreSQL server."""
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    if not (PG_BIN / "initdb").exists():
        _unavailable(f"no initdb in {PG_BIN}")
    server = PgServer()
    try:
        started = time.perf_counter()
        server.start()
        os.environ.setdefault("RIGHTSLEDGER_TEST_PG_STARTUP", f"{time.perf_counter() - started:.2f}")
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        server.stop()
        _unavailable(str(error))
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """A fresh, empty database for one test (dropped afterwards)."""
    name = f"rl_test_{uuid.uuid4().hex[:12]}"
    admin = pg_admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The data folder (blobs, and the SQLite file on the SQLite backend)."""
    return tmp_path / "home"


@pytest.fixture
def ledger_url(backend: str, home: Path, request: pytest.FixtureRequest) -> str:
    """A URL to an empty ledger database on each backend."""
    if backend == "sqlite":
        return f"sqlite:///{home / 'ledger.sqlite3'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # `make test` exports RIGHTSLEDGER_HOME; tests must never touch the user's ledger.
    for name in ("RIGHTSLEDGER_HOME", "RIGHTSLEDGER_DB"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[object]:
    """An open, migrated, empty ledger on each backend."""
    from rightsledger.store import Ledger

    opened = Ledger.open(ledger_url)
    try:
        yield opened
    finally:
        opened.close()


def make_document(text: str, *, title: str | None = None, path: str | None = None, **provenance: str):
    """A Document for ``text`` as ingest would build it (for store tests that skip ingest)."""
    import hashlib

    from rightsledger.domain import Document, Provenance

    data = text.encode()
    return Document(
        sha256=hashlib.sha256(data).hexdigest(),
        media_type="text/plain",
        size=len(data),
        text=text,
        provenance=Provenance(
            title=title,
            source_path=path,
            added_by="tester",
            added_at="2026-01-01T00:00:00+00:00",
            **provenance,
        ),
    )


@pytest.fixture
def make_doc():
    return make_document


TABLES = ("documents", "additions", "extractions", "facts")


def dump_tables(url: str) -> dict[str, dict[int, tuple]]:
    """Every row of the ledger's tables by id, to show that nothing stored has changed."""
    from sqlalchemy import create_engine, text

    from rightsledger.store.engine import normalize_url

    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as conn:
            return {
                table: {
                    row[0]: tuple(row) for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))
                }
                for table in TABLES
            }
    finally:
        engine.dispose()


@pytest.fixture
def dump():
    return dump_tables


@pytest.fixture
def cli(home: Path, backend: str, ledger_url: str):
    """Run the CLI in process against this test's ledger: ``cli("add", path)`` -> click Result.

    On SQLite the ledger is the default one in ``--home``; on PostgreSQL ``--db`` names it.
    """
    from typer.testing import CliRunner

    from rightsledger.cli import app

    runner = CliRunner()
    db = [] if backend == "sqlite" else ["--db", ledger_url]

    def run(*args: object):
        return runner.invoke(app, ["--home", str(home), *db, *map(str, args)])

    return run


@pytest.fixture
def cli_args(home: Path, backend: str, ledger_url: str) -> list[str]:
    """The global options for running ``rightsledger`` in a subprocess against this test's ledger."""
    return ["--home", str(home), *([] if backend == "sqlite" else ["--db", ledger_url])]
