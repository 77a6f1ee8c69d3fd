"""Alembic migrations: a fresh database goes to head, and back down and up again."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect

from rightsledger.store import Ledger, migrate
from rightsledger.store.engine import normalize_url

TABLES = {
    "documents",
    "additions",
    "extractions",
    "facts",
    "reviews",
    "event_decisions",
    "audit_log",
    "source_grades",
    "alembic_version",
}
REVIEW_TABLES = {"reviews", "event_decisions", "audit_log"}


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


def test_downgrade_to_0002_drops_only_the_source_grades(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        ledger.grade_source("OVD-Info", "B2")
        migrate.downgrade(ledger.engine, "0002")
    assert "source_grades" not in _tables(ledger_url) and _tables(ledger_url) >= REVIEW_TABLES
    with Ledger.open(ledger_url) as ledger:  # opening upgrades again, with no grades
        assert ledger.source_grades() == [] and "source_grades" in _tables(ledger_url)
        assert [e.action for e in ledger.audit_log()] == ["grade.set"]  # the log keeps its entry


def test_upgrade_from_0001_keeps_documents_and_downgrade_drops_only_review_tables(
    ledger_url: str, make_doc, dump
) -> None:
    from rightsledger.domain import Count, Facts

    with Ledger.open(ledger_url) as ledger:
        doc_id, _ = ledger.add_document(make_doc("Forty people were detained.", title="T"))
        ledger.save_extraction(
            doc_id, "tests.x", "1", Facts(counts=(Count(40, "exact", "arrested", (0, 5)),))
        )
        [fact] = ledger.facts()
        ledger.review(fact.id, "reject", note="not forty")
        migrate.downgrade(ledger.engine, "0001")
        assert migrate.current_revision(ledger.engine) == "0001"
    assert _tables(ledger_url) & REVIEW_TABLES == set()
    before = dump(ledger_url)  # a ledger as 0001 left it, with a document and its facts
    assert len(before["documents"]) == len(before["facts"]) == 1
    with Ledger.open(ledger_url) as ledger:  # opening upgrades 0001 -> 0002
        assert migrate.current_revision(ledger.engine) == migrate.head_revision()
        assert _tables(ledger_url) >= TABLES
        assert dump(ledger_url) == before
        assert ledger.audit_log() == [] and ledger.verify_audit() == []
        assert ledger.facts()[0].review is None  # the dropped review is gone with its table
        ledger.review(fact.id, "accept", by="ana")
        assert [e.action for e in ledger.audit_log()] == ["fact.accept"]
        assert ledger.verify_audit() == [] and ledger.integrity_check() == []
        [search] = ledger.search("detained")
        assert search.title == "T"
