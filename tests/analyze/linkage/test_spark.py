"""The same linkage settings on Spark (pyspark local mode, the ``spark`` extra; Java 17).

``make test`` installs the extra, so this runs in CI; it is skipped only where pyspark
is not installed (a plain ``uv sync``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lists_helpers import import_lists, precision_recall, truth

pytest.importorskip("pyspark")
pytestmark = [pytest.mark.spark, pytest.mark.slow]


def test_full_and_incremental_link_on_spark(tmp_path: Path) -> None:
    from rightsledger.analyze.linkage import Engine, link
    from rightsledger.store import Ledger
    from rightsledger.store import lists as store

    engine = Engine("spark")
    try:
        with Ledger.open(f"sqlite:///{tmp_path / 'ledger.sqlite3'}") as ledger:
            import_lists(ledger, ("ngo-a", "ngo-b"))
            full = link(ledger, engine=engine)
            assert full.kind == "full" and full.trained
            before = store.current_assignments(ledger)
            import_lists(ledger, ("morgue",))
            inc = link(ledger, engine=engine)
            assert inc.kind == "incremental" and inc.records == 126
            after = store.current_assignments(ledger)
            assert {k: after[k] for k in before} == before
            precision, recall = precision_recall(after, truth(ledger))
            assert precision >= 0.97 and recall >= 0.9, (precision, recall)
            runs = store.runs(ledger)
            assert [r["backend"] for r in runs] == ["spark", "spark"]
    finally:
        engine.spark_session().stop()
