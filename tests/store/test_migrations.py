"""Alembic migrations: a fresh database goes to head, and back down and up again."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect

from rightsledger.store import Ledger, migrate
from rightsledger.store.engine import normalize_url

TABLES = {"documents", "additions", "extractions", "facts", "alembic_version"}


def _tables(url: str) -> set[str]:
    engine = create_engine(normalize_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_fresh_database_is_migrated_to_head(ledger_url: str, backend: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        assert migrate.current_revision(ledger.engine) == migrate.head_revision()
        assert ledger.integrity_check() == []
    tables = _tables(ledger_url)
    assert tables >= TABLES
    if backend == "sqlite":
        assert "documents_fts" in tables
    else:
        engine = create_engine(normalize_url(ledger_url))
        columns = {c["name"] for c in inspect(engine).get_columns("documents")}
        engine.dispose()
        assert "search_vector" in columns


def test_downgrade_and_upgrade_round_trip(ledger_url: str, make_doc) -> None:
    with Ledger.open(ledger_url) as ledger:
        ledger.add_document(make_doc("Forty people were detained.", title="T"))
        migrate.downgrade(ledger.engine, "base")
        assert migrate.current_revision(ledger.engine) is None
    assert _tables(ledger_url) & (TABLES - {"alembic_version"}) == set()
    assert not {t for t in _tables(ledger_url) if t.startswith("documents_fts")}
    with Ledger.open(ledger_url) as ledger:  # opening migrates again
        assert ledger.summary().documents == 0
        ledger.add_document(make_doc("Forty people were detained.", title="T"))
        assert [h.title for h in ledger.search("detained")] == ["T"]
        assert ledger.integrity_check() == []


def test_reopening_is_a_no_op(ledger_url: str, make_doc) -> None:
    with Ledger.open(ledger_url) as ledger:
        ledger.add_document(make_doc("text", title="T"))
    with Ledger.open(ledger_url) as ledger:
        assert ledger.summary().documents == 1


def test_migrations_ship_inside_the_package() -> None:
    assert (migrate.MIGRATIONS / "env.py").is_file()
    assert (migrate.MIGRATIONS / "script.py.mako").is_file()
    assert list((migrate.MIGRATIONS / "versions").glob("*.py"))
