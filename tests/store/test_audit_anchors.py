"""Anchors: entries cut off the end of the audit log are seen once the head was noted outside it.

The chain alone cannot show a cut tail (a shorter chain is intact); these tests cut it with raw
SQL on SQLite and PostgreSQL and check that an anchor or an expected head catches it.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine

from rightsledger.store.engine import normalize_url


def _sql(url: str, *statements: str) -> None:
    engine = create_engine(normalize_url(url))
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _add(ledger, make_doc, *texts: str) -> None:
    for body in texts:
        ledger.add_document(make_doc(body, title=body))


def test_a_cut_tail_passes_the_chain_but_not_the_anchor(
    ledger, make_doc, ledger_url: str, tmp_path: Path
) -> None:
    anchors = tmp_path / "anchors.jsonl"
    _add(ledger, make_doc, "one", "two", "three")
    anchor = ledger.anchor_audit(anchors)
    assert (anchor.seq, anchor.hash) == ledger.audit_head() and anchor.seq == 3
    assert json.loads(anchors.read_text())["seq"] == 3
    _add(ledger, make_doc, "four")  # appending after an anchor is fine
    assert ledger.check_anchors(anchors) == ([], 1, 0)
    _sql(ledger_url, "DELETE FROM audit_log WHERE seq >= 3")
    assert ledger.verify_audit() == []  # the chain alone sees nothing
    problems, checked, _skipped = ledger.check_anchors(anchors)
    assert checked == 1 and len(problems) == 1
    assert "entry 3 is gone (the log now ends at entry 2)" in problems[0]
    assert "cut off the end" in problems[0]


def test_a_cut_and_regrown_tail_is_caught_by_its_hash(
    ledger, make_doc, ledger_url: str, tmp_path: Path
) -> None:
    anchors = tmp_path / "anchors.jsonl"
    _add(ledger, make_doc, "one", "two")
    anchor = ledger.anchor_audit(anchors)
    _sql(ledger_url, "DELETE FROM audit_log WHERE seq = 2")
    _add(ledger, make_doc, "other")  # a new entry 2 follows entry 1: the chain is intact again
    assert ledger.verify_audit() == [] and ledger.audit_head()[0] == 2
    [problem] = ledger.check_anchors(anchors)[0]
    assert problem.endswith(f"entry 2 no longer has hash {anchor.hash[:12]} (rewritten)")


def test_expect_head(ledger, make_doc, ledger_url: str, tmp_path: Path) -> None:
    _add(ledger, make_doc, "one", "two", "three")
    heads = {e.seq: e.hash for e in ledger.audit_log()}
    missing = tmp_path / "none.jsonl"
    assert ledger.check_anchors(missing, expect_head=heads[3]) == ([], 0, 0)
    assert ledger.check_anchors(missing, expect_head=heads[2][:12]) == ([], 0, 0)  # older is fine
    _sql(ledger_url, "DELETE FROM audit_log WHERE seq = 3")
    [problem] = ledger.check_anchors(missing, expect_head=heads[3])[0]
    assert problem == (
        f"no entry has hash {heads[3][:12]}…: the log was cut back past it or rewritten "
        "(the log now ends at entry 2)"
    )
    [short] = ledger.check_anchors(missing, expect_head="abc")[0]
    assert "is not an audit hash" in short


def test_unreadable_lines_and_other_ledgers(ledger, make_doc, tmp_path: Path) -> None:
    anchors = tmp_path / "anchors.jsonl"
    _add(ledger, make_doc, "one")
    ledger.anchor_audit(anchors)
    with anchors.open("a") as stream:
        stream.write("not json\n")
        stream.write(
            json.dumps({"seq": 1, "hash": "0" * 64, "at": "x", "ledger": "sqlite:///elsewhere"}) + "\n"
        )
    problems, checked, skipped = ledger.check_anchors(anchors)
    assert (checked, skipped) == (1, 1)
    assert problems == [f"{anchors}:2: not an anchor line (expected JSON with seq, hash and at)"]


def test_an_empty_log_is_not_anchored(ledger, tmp_path: Path) -> None:
    assert ledger.anchor_audit(tmp_path / "a.jsonl") is None and not (tmp_path / "a.jsonl").exists()
