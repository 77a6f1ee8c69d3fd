"""The Ledger API on SQLite and PostgreSQL: documents, provenance, extractions, facts."""

from __future__ import annotations

import dataclasses

import pytest

from rightsledger.domain import Actor, CodedMention, Count, Facts, Statement
from rightsledger.errors import QueryError, StoreError
from rightsledger.store import Ledger

FACTS = Facts(
    counts=(Count(value=15, qualifier="at_least", category="killed", span=(0, 20), claimant="Amnesty"),),
    statements=(Statement(speaker="Amnesty", kind="direct", span=(21, 40)),),
    violations=(CodedMention(code="torture", span=(41, 48)),),
    actors=(Actor(name="Amnesty International", type="organization", aliases=("Amnesty",), span=(0, 7)),),
)
TEXT = "Security forces killed at least 15 protesters; torture was reported by Amnesty International."


def test_add_lookup_and_dedupe(ledger: Ledger, make_doc) -> None:
    doc = make_doc(TEXT, title="Crackdown report", path="/reports/a.txt", publisher="Amnesty")
    doc_id, created = ledger.add_document(doc)
    assert created
    again_id, created_again = ledger.add_document(
        doc, path="/elsewhere/copy.txt", url="https://example.org/a"
    )
    assert (again_id, created_again) == (doc_id, False)

    stored = ledger.get_document(doc_id)
    assert stored.sha256 == doc.sha256 and stored.text == TEXT and stored.size == len(TEXT.encode())
    assert stored.title == "Crackdown report" and stored.publisher == "Amnesty"
    for ref in (str(doc_id), doc.sha256[:6], doc.sha256.upper()[:10], doc.sha256, "Crackdown report"):
        assert ledger.find_document(ref).id == doc_id, ref
    assert ledger.summary().documents == 1


def test_repeated_adds_keep_every_provenance(ledger: Ledger, make_doc) -> None:
    doc = make_doc(TEXT, title="T", path="/first/a.txt")
    doc_id, _ = ledger.add_document(doc)
    later = dataclasses.replace(
        doc, provenance=dataclasses.replace(doc.provenance, added_by="second", publisher="HRW")
    )
    ledger.add_document(later, path="/second/b.txt", url="https://example.org/b")
    additions = ledger.get_document(doc_id).additions
    assert [(a.source_path, a.url, a.added_by, a.publisher) for a in additions] == [
        ("/first/a.txt", None, "tester", None),
        ("/second/b.txt", "https://example.org/b", "second", "HRW"),
    ]
    # The document keeps its first provenance: documents are never modified.
    assert ledger.get_document(doc_id).source_path == "/first/a.txt"
    assert ledger.summary().additions == 2


@pytest.mark.parametrize("ref", ["999", "abcdef", "no such title", "abc"])
def test_unknown_document_is_a_clear_query_error(ledger: Ledger, make_doc, ref: str) -> None:
    ledger.add_document(make_doc(TEXT, title="T"))
    with pytest.raises(QueryError, match="no document"):
        ledger.find_document(ref)


def test_ambiguous_title_is_refused(ledger: Ledger, make_doc) -> None:
    ledger.add_document(make_doc("one", title="Same"))
    ledger.add_document(make_doc("two", title="Same"))
    with pytest.raises(QueryError, match="several documents"):
        ledger.find_document("Same")


def test_save_extraction_and_read_facts_back(ledger: Ledger, make_doc) -> None:
    doc_id, _ = ledger.add_document(make_doc(TEXT, title="T"))
    other_id, _ = ledger.add_document(make_doc("Nothing here.", title="U"))
    assert ledger.documents_needing_extraction("x", "1") == [doc_id, other_id]

    extraction_id, created = ledger.save_extraction(doc_id, "x", "1", FACTS)
    assert created and extraction_id
    assert ledger.save_extraction(doc_id, "x", "1", Facts()) == (extraction_id, False)  # kept as it was
    assert ledger.documents_needing_extraction("x", "1") == [other_id]
    assert ledger.documents_needing_extraction("x", "2") == [doc_id, other_id]

    stored = ledger.facts()
    assert [f.type for f in stored] == ["counts", "statements", "violations", "actors"]
    assert [f.fact for f in stored] == [*FACTS.counts, *FACTS.statements, *FACTS.violations, *FACTS.actors]
    assert {(f.extractor, f.version, f.document_id) for f in stored} == {("x", "1", doc_id)}
    assert [f.span for f in ledger.facts(type="counts")] == [(0, 20)]
    assert ledger.facts(document=other_id) == []
    assert ledger.summary().facts_by_type == {"counts": 1, "statements": 1, "violations": 1, "actors": 1}
    with pytest.raises(QueryError, match="unknown fact type"):
        ledger.facts(type="bogus")


def test_facts_come_from_the_latest_extraction(ledger: Ledger, make_doc) -> None:
    doc_id, _ = ledger.add_document(make_doc(TEXT, title="T"))
    ledger.save_extraction(doc_id, "x", "1", FACTS)
    ledger.save_extraction(doc_id, "x", "2", Facts(violations=(CodedMention("torture", (41, 48)),)))
    assert [(f.type, f.version) for f in ledger.facts()] == [("violations", "2")]
    assert len(ledger.facts(extractor="x")) == 1
    assert [e[:2] for e in ledger.extractions(doc_id)] == [("x", "1"), ("x", "2")]


def test_save_extraction_is_all_or_nothing(ledger: Ledger, make_doc) -> None:
    doc_id, _ = ledger.add_document(make_doc(TEXT, title="T"))
    good = tuple(Count(i, "exact", "killed", (0, 5)) for i in range(450))  # several insert chunks
    bad = Count(1, "exact", "killed", (0, 5), subject=object())  # type: ignore[arg-type]  # not JSON
    with pytest.raises(StoreError, match=f"document {doc_id}"):
        ledger.save_extraction(doc_id, "x", "1", Facts(counts=(*good, bad)))
    assert ledger.facts() == []
    assert ledger.summary().extractions == 0
    assert ledger.documents_needing_extraction("x", "1") == [doc_id]
    assert ledger.integrity_check() == []
    # and a later, valid save goes in whole
    assert ledger.save_extraction(doc_id, "x", "1", Facts(counts=good))[1]
    assert len(ledger.facts()) == 450


def test_facts_for_a_missing_document_are_refused(ledger: Ledger) -> None:
    with pytest.raises(StoreError):
        ledger.save_extraction(12345, "x", "1", FACTS)
    assert ledger.summary().extractions == 0


def test_integrity_check_is_clean_and_finds_bad_spans(ledger: Ledger, make_doc) -> None:
    doc_id, _ = ledger.add_document(make_doc("short", title="T"))
    assert ledger.integrity_check() == []
    ledger.save_extraction(doc_id, "x", "1", Facts(violations=(CodedMention("torture", (0, 500)),)))
    problems = ledger.integrity_check()
    assert len(problems) == 1 and "span lies outside" in problems[0]


def test_summary_of_an_empty_ledger(ledger: Ledger) -> None:
    s = ledger.summary()
    assert (s.documents, s.bytes, s.additions, s.extractions, s.facts) == (0, 0, 0, 0, 0)


def test_open_without_create_refuses_a_missing_sqlite_file(tmp_path) -> None:
    with pytest.raises(StoreError, match="no ledger at"):
        Ledger.open(f"sqlite:///{tmp_path / 'none' / 'ledger.sqlite3'}", create=False)
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize(
    "url, message",
    [
        ("mysql://u@h/db", "unsupported database"),
        ("not a url", "not a database URL"),
        ("postgresql://nobody:secret@127.0.0.1:1/none", "cannot open the ledger database"),
    ],
)
def test_bad_database_urls_give_clear_errors(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as raised:
        Ledger.open(url)
    assert "secret" not in str(raised.value)  # passwords never reach messages


def test_plain_postgresql_url_gets_the_psycopg_driver() -> None:
    from rightsledger.store.engine import normalize_url

    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:
    with Ledger.open(f"sqlite:///{tmp_path / 'l.sqlite3'}") as ledger, ledger.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


# sha256(b"Digit-only hash report 480.") = 219155577167123101682ca0…: its first 14 characters are
# decimal digits, so a prefix looks like an id (checked with hashlib by hand, and again below).
DIGIT_TEXT = "Digit-only hash report 480."


@pytest.mark.parametrize("length", [6, 12, 14])
def test_digit_only_hash_prefix_finds_the_document(ledger: Ledger, make_doc, length: int) -> None:
    doc = make_doc(DIGIT_TEXT, title="Digits")
    assert doc.sha256.startswith("21915557716712")
    doc_id, _ = ledger.add_document(doc)
    ledger.add_document(make_doc("another report", title="Other"))
    # 219155 fits the id column but is no id here; 219155577167 and longer are beyond its range
    # (PostgreSQL used to fail on them with 'integer out of range').
    assert ledger.find_document(doc.sha256[:length]).id == doc_id


def test_digit_only_ref_is_an_id_first_when_in_range(ledger: Ledger, make_doc) -> None:
    ledger.add_document(make_doc(DIGIT_TEXT, title="Digits"))
    other_id, _ = ledger.add_document(make_doc("another report", title="Other"))
    assert ledger.find_document(str(other_id)).id == other_id
    assert ledger.find_document(f"{other_id:06d}").id == other_id  # 6 digits: an id and a prefix
    with pytest.raises(QueryError, match="no document"):
        ledger.find_document("99999999999999999999")
