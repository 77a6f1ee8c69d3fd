"""``audit anchor`` and ``audit verify`` with anchors and --expect-head (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine

from rightsledger.store import Ledger
from rightsledger.store.engine import normalize_url


def _cut(url: str, from_seq: int) -> None:
    engine = create_engine(normalize_url(url))
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DELETE FROM audit_log WHERE seq >= {from_seq}")
    finally:
        engine.dispose()


def test_anchor_then_cut_the_tail(cli, home: Path, ledger_url: str, make_doc) -> None:
    with Ledger.open(ledger_url) as ledger:
        assert "nothing to anchor" in cli("audit", "anchor").stdout
        for body in ("one", "two", "three"):
            ledger.add_document(make_doc(body, title=body))
        head = ledger.audit_head()
    anchored = cli("audit", "anchor")
    assert anchored.exit_code == 0, anchored.output
    default = home / "audit-anchors.jsonl"
    assert anchored.stdout.strip() == f"anchored entry 3 {head[1]} in {default}"
    assert json.loads(default.read_text())["hash"] == head[1]
    ok = cli("audit", "verify", "--expect-head", head[1])
    assert ok.exit_code == 0, ok.output
    assert f"checked 1 anchor(s) in {default}" in ok.stdout and "ok: 3 audit entries" in ok.stdout
    _cut(ledger_url, 3)
    broken = cli("audit", "verify")
    assert broken.exit_code == 1
    assert (
        "problem: anchor of " in broken.output
        and "entry 3 is gone (the log now ends at entry 2)" in broken.output
    )
    expected = cli("audit", "verify", "--anchors", str(home / "missing.jsonl"), "--expect-head", head[1][:16])
    assert expected.exit_code == 1
    assert f"problem: no entry has hash {head[1][:12]}…" in expected.output
    assert f"problem: no anchor file at {home / 'missing.jsonl'}" in expected.output
