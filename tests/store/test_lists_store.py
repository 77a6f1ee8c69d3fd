"""Victim-list storage on both backends: imports in one transaction with an audit entry,
person ids never reused, assignment history, decisions, and the 0004 migration."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from rightsledger.errors import StoreError
from rightsledger.ingest.lists import read_list
from rightsledger.store import Ledger, migrate
from rightsledger.store import lists as store
from rightsledger.store.engine import normalize_url

LIST_TABLES = {"victim_lists", "list_imports", "list_records", "persons", "person_assignments",
               "link_models", "link_runs", "link_pairs", "link_decisions"}  # fmt: skip


def _list(tmp_path: Path, text: str, name: str = "l.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_list(path)


def test_import_stores_rows_with_line_and_forms_and_audits(ledger, tmp_path: Path) -> None:
    parsed = _list(tmp_path, "name,dob,notes\nمحمد رضایی,1990-01-02,x\n,1990,y\nMohammad Rezaei,1990,z\n")
    result = store.import_list(ledger, "ngo", parsed, restricted=["birth_date"], by="ana")
    assert result.imported == 2 and result.problems == ((3, "no name"),)
    first, second = store.records(ledger)
    assert (first.line, first.name, first.name_key) == (2, "محمد رضایی", "mhmz rz")
    assert (second.line, second.name_key) == (4, "mhmz rz")
    assert (
        first.shown()["birth_date"] == "[restricted]"
        and first.shown(reveal=True)["birth_date"] == "1990-01-02"
    )
    [entry] = ledger.audit_log()
    assert (entry.action, entry.target, entry.actor) == ("list.import", "list:ngo", "ana")
    assert entry.payload["rows"] == 2 and entry.payload["problem_lines"] == [3]
    assert ledger.verify_audit() == []


def test_a_rejected_import_writes_nothing(ledger, tmp_path: Path) -> None:
    parsed = _list(tmp_path, "name\nAli\n")
    store.import_list(ledger, "ngo", parsed)
    with pytest.raises(StoreError, match="already imported"):
        store.import_list(ledger, "ngo", parsed)
    with pytest.raises(StoreError, match="unknown field"):
        store.import_list(ledger, "other", parsed, restricted=["colour"])
    assert len(store.records(ledger)) == 1 and store.known_lists(ledger) == ["ngo"]
    assert [e.action for e in ledger.audit_log()] == ["list.import"]


def test_runs_number_new_persons_once_and_keep_history(ledger, tmp_path: Path) -> None:
    store.import_list(ledger, "ngo", _list(tmp_path, "name\nAli\nOmar\nReza\n"))
    a, b, c = (r.id for r in store.records(ledger))
    model = store.save_model(ledger, {"comparisons": []}, records=3, backend="duckdb")
    kw = {"model_id": model, "backend": "duckdb", "threshold": 0.9, "band": (0.3, 0.9), "stats": {}}
    first = store.save_run(ledger, kind="full", assignments={a: "new:1", b: "new:1", c: "new:3"},
                           review=[(b, c, 0.5)], **kw)  # fmt: skip
    assert first.new_persons == ["P-000001", "P-000002"]
    assert store.persons(ledger) == {"P-000001": [a, b], "P-000002": [c]}
    assert [q.pair for q in store.review_queue(ledger)] == [f"{b}-{c}"]
    # A later run splits b off: a new id (never a reused one), and b's history keeps P-000001.
    second = store.save_run(ledger, kind="full", assignments={a: "P-000001", b: "new:2", c: "P-000002"},
                            review=[], **kw)  # fmt: skip
    assert second.new_persons == ["P-000003"] and second.changed == 1
    assert [p for p, _run, _at in store.assignment_history(ledger, b)] == ["P-000001", "P-000003"]
    with pytest.raises(StoreError, match="unknown person"):
        store.save_run(ledger, kind="full", assignments={a: "P-999999"}, review=[], **kw)
    decision = store.decide(ledger, c, a, "non-match", note="different ages", by="ana")
    assert (decision.record_l, decision.record_r) == (a, c)
    assert store.decisions(ledger)[(a, c)].decision == "non-match"
    with pytest.raises(StoreError, match="no list record"):
        store.decide(ledger, a, 99999, "match", note="x")
    assert [e.action for e in ledger.audit_log()][-4:] == ["linkage.train", "linkage.run", "linkage.run",
                                                            "linkage.non-match"]  # fmt: skip


def test_migration_0004_down_and_up(ledger_url: str, tmp_path: Path) -> None:
    with Ledger.open(ledger_url) as ledger:
        store.import_list(ledger, "ngo", _list(tmp_path, "name\nAli\n"))
        migrate.downgrade(ledger.engine, "0003")
    engine = create_engine(normalize_url(ledger_url))
    try:
        assert set(inspect(engine).get_table_names()) & LIST_TABLES == set()
    finally:
        engine.dispose()
    with Ledger.open(ledger_url) as ledger:
        assert store.records(ledger) == [] and ledger.integrity_check() == []
