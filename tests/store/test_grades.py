"""Source grades in the ledger: new rows never changed, audited, read by reconciliation.

Figures are those of docs/reconciliation.md §4 Example 4 (worked by hand there): without grades
low 106 / best 106 / high 1,500; with the ministry graded E5, low 106 / best 1,500 / high 1,500;
with it graded D4 (weak), the same.  Real SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from rightsledger.analyze import analyze
from rightsledger.domain import Count, Event, Facts
from rightsledger.store.engine import normalize_url
from rightsledger.store.grades import GradeError, parse_grade, source_key

EXAMPLE_4 = [
    # (text, publisher, published, value, qualifier, claimant): claims g, h and k of Example 4
    ("Ministry toll: 5 killed in the protests.", "State News", "2019-11-20", 5, "exact", "Interior Ministry"),
    ("NGO: at least 106 killed in the protests.", "Amnesty", "2019-11-25", 106, "at_least", "Amnesty"),
    ("Agency: about 1,500 killed in the protests.", "Reuters", "2019-12-23", 1500, "about", "Reuters"),
]


def fill(ledger, make_doc) -> None:
    for body, publisher, published, value, qualifier, claimant in EXAMPLE_4:
        doc_id, _ = ledger.add_document(
            make_doc(body, title=publisher, publisher=publisher, published=published)
        )
        facts = Facts(
            counts=(Count(value, qualifier, "killed", (0, 10), event="protests", claimant=claimant),),
            events=(Event("protests", "2019-11-15", None, (30, 38)),),
        )
        ledger.save_extraction(doc_id, "tests.x", "1", facts)


def _figures(ledger, grades=None) -> tuple:
    _rule, events, figures = analyze(ledger, None, grades)
    [event] = [e for e in events if e.kind == "event"]
    rec = figures[event.id]["killed"]
    return rec.low.value, rec.best.value, rec.high.value


def _sql(url: str, *statements: str) -> None:
    engine = create_engine(normalize_url(url))
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def test_grades_are_new_rows_and_the_latest_counts(ledger) -> None:
    first = ledger.grade_source("OVD-Info", "b2", note="long record", by="ana")
    assert (first.source, first.reliability, first.credibility, first.grade) == ("ovd-info", "B", 2, "B2")
    ledger.grade_source("The OVD-Info", "C", by="ben")
    ledger.grade_source("Reuters", "3", note="one wire story")
    assert [(g.source, g.grade) for g in ledger.source_grades()] == [("ovd-info", "C"), ("reuters", "3")]
    assert ledger.grades() == {"ovd-info": "C", "reuters": "3"}
    assert [g.grade for g in ledger.source_grades(source="ovd-info")] == ["B2", "C"]
    cleared = ledger.grade_source("reuters", "-", note="no basis")
    assert cleared.grade is None and ledger.grades() == {"ovd-info": "C"}
    assert len(ledger.source_grades(history=True)) == 4
    log = [e for e in ledger.audit_log() if e.action == "grade.set"]
    assert [(e.target, e.payload["grade"], e.payload["before"]) for e in log] == [
        ("source:ovd-info", "B2", None),
        ("source:ovd-info", "C", "B2"),
        ("source:reuters", "3", None),
        ("source:reuters", None, "3"),
    ]
    assert log[1].actor == "ben" and log[0].payload["note"] == "long record"
    assert ledger.verify_audit() == []


@pytest.mark.parametrize("bad", ["G", "B7", "2B", "", "AA"])
def test_a_bad_grade_stores_nothing(ledger, bad: str) -> None:
    with pytest.raises(GradeError, match="is not an Admiralty grade"):
        ledger.grade_source("OVD-Info", bad)
    with pytest.raises(GradeError, match="give the source's name"):
        ledger.grade_source("  ", "B2")
    assert ledger.source_grades(history=True) == [] and ledger.audit_log() == []


def test_parse_and_keys() -> None:
    assert parse_grade(" f ") == ("F", None) and parse_grade("5") == (None, 5)
    assert source_key("The  Ministry of Interior.") == "ministry of interior"


def test_reconciliation_reads_the_ledgers_grades_and_a_file_overrides_them(ledger, make_doc) -> None:
    fill(ledger, make_doc)
    assert _figures(ledger) == (106, 106, 1500)
    ledger.grade_source("Interior Ministry", "E5", note="figures contradicted by morgue records")
    assert _figures(ledger) == (106, 1500, 1500)
    # grades given for one run (a --grades file) replace the stored ones
    assert _figures(ledger, {}) == (106, 106, 1500)
    assert _figures(ledger, {"Interior Ministry": "D4"}) == (106, 1500, 1500)
    ledger.grade_source("Interior Ministry", "-", note="regraded after review")
    assert _figures(ledger) == (106, 106, 1500)


def test_a_grade_whose_audit_entry_was_cut_off_is_reported(ledger, ledger_url: str) -> None:
    ledger.grade_source("OVD-Info", "B2")
    ledger.grade_source("Reuters", "A1")
    _sql(ledger_url, "DELETE FROM audit_log WHERE seq = 2")
    assert ledger.verify_audit() == ["source grade(s) 2 have no audit entry (entries deleted from the log?)"]


def test_the_table_refuses_grades_off_the_scale(ledger_url: str, ledger) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError, match=r"(?i)check"):
        _sql(
            ledger_url,
            "INSERT INTO source_grades (source, name, reliability, credibility, by, at) "
            "VALUES ('x', 'x', 'G', 9, 'me', '2026')",
        )
