"""Link the ledger's list records into persons: a full run (train if needed, score all
blocked pairs, cluster, keep old ids) or an incremental one (score only new records
against existing ones and each other, attach or create persons).  Reviewer decisions are
must-link / cannot-link constraints in both."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from rightsledger.analyze.linkage import victims
from rightsledger.analyze.linkage.clusters import attach, cluster, stable_ids
from rightsledger.analyze.linkage.engine import Engine, LinkageError
from rightsledger.store import lists as store
from rightsledger.store.ledger import Ledger

MODES = ("auto", "full", "incremental")
DEFAULT_THRESHOLD = 0.9
DEFAULT_BAND = (0.3, 0.9)


@dataclass
class LinkReport:
    run_id: int | None
    kind: str  # full | incremental | none
    records: int = 0  # records scored or attached in this run
    pairs: int = 0  # scored pairs at or above the lower bound
    persons: int = 0  # persons after the run
    new_persons: list[str] = field(default_factory=list)
    changed: int = 0
    review_pairs: int = 0
    refused_must_links: list[tuple[int, int]] = field(default_factory=list)
    trained: bool = False
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "run": self.run_id,
            "kind": self.kind,
            "records": self.records,
            "pairs": self.pairs,
            "persons": self.persons,
            "new_persons": len(self.new_persons),
            "changed_assignments": self.changed,
            "review_pairs": self.review_pairs,
            "refused_must_links": [list(p) for p in self.refused_must_links],
            "trained": self.trained,
            "seconds": round(self.seconds, 3),
        }


def _check(threshold: float, band: tuple[float, float]) -> None:
    low, high = band
    if not (0 < threshold < 1):
        raise LinkageError(f"threshold {threshold} must lie between 0 and 1")
    if not (0 < low <= high < 1):
        raise LinkageError(f"review band {low},{high} must be LOW,HIGH with 0 < LOW <= HIGH < 1")


def link(
    ledger: Ledger,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    band: tuple[float, float] = DEFAULT_BAND,
    backend: str = "duckdb",
    mode: str = "auto",
    retrain: bool = False,
    by: str | None = None,
    engine: Engine | None = None,
) -> LinkReport:
    """Link every list record; ``auto`` runs incrementally when only new records need a person."""
    _check(threshold, band)
    if mode not in MODES:
        raise LinkageError(f"unknown mode {mode!r}; choose auto, full or incremental")
    started = time.perf_counter()
    engine = engine or Engine(backend)
    records = store.records(ledger)
    if len(records) < 2:
        raise LinkageError(
            "nothing to link: import at least two list records first (`rightsledger lists import`)"
        )
    model = None if retrain else store.latest_model(ledger)
    current = store.current_assignments(ledger)
    new = [r for r in records if r.id not in current]
    decided = store.decisions(ledger)
    runs = store.runs(ledger)
    last_decision = max((d.id for d in decided.values()), default=0)
    decisions_pending = bool(runs) and last_decision > runs[-1]["stats"].get("last_decision", 0)
    if mode == "auto":
        # A reviewer's decision can merge or split existing persons: only a full run applies it.
        mode = "incremental" if model and not decisions_pending else "full"
    if mode == "incremental" and model is None:
        raise LinkageError(
            "no trained model yet: run a full link first (`rightsledger lists link --mode full`)"
        )
    if mode == "incremental" and not new:
        report = LinkReport(None, "none", persons=len(set(current.values())))
        report.seconds = time.perf_counter() - started
        return report
    must = [k for k, d in decided.items() if d.decision == "match"]
    cannot = [k for k, d in decided.items() if d.decision == "non-match"]
    low = min(band[0], threshold)
    report = LinkReport(None, mode)
    if mode == "full":
        data = victims.frame(records)
        if model is None:
            settings, linker = engine.train(data, victims.settings(), victims.training())
            model_id = store.save_model(ledger, settings, records=len(data), backend=engine.backend, by=by)
            report.trained = True
        else:
            model_id, settings = model
            linker = engine.linker(data, settings)
        pairs = engine.predict(linker, low)
        edges = list(pairs.itertuples(index=False, name=None))
        labels, report.refused_must_links = cluster(
            data["unique_id"].tolist(), edges, threshold, must=must, cannot=cannot
        )
        reviewed = {current[r] for pair in decided for r in pair if r in current}
        assignments = stable_ids(labels, current, reviewed)
        report.records = len(records)
    else:
        model_id, settings = model
        old = [r for r in records if r.id in current]
        pairs = engine.predict_new(settings, victims.frame(old), victims.frame(new), low)
        edges = list(pairs.itertuples(index=False, name=None))
        assignments = attach([r.id for r in new], edges, current, threshold, must=must, cannot=cannot)
        report.records = len(new)
    decided_pairs = set(decided)
    review = [
        (a, b, p) for a, b, p in edges
        if band[0] <= p < band[1] and store.pair_key(a, b) not in decided_pairs
    ]  # fmt: skip
    report.pairs = len(edges)
    stats = {
        "records": report.records,
        "pairs": len(edges),
        "last_decision": last_decision,
        "refused_must_links": [list(p) for p in report.refused_must_links],
    }
    result = store.save_run(
        ledger, model_id=model_id, kind=mode, backend=engine.backend, threshold=threshold, band=band,
        assignments=assignments, review=review, stats=stats, by=by,
    )  # fmt: skip
    report.run_id, report.new_persons = result.run_id, result.new_persons
    report.changed, report.review_pairs = result.changed, result.review_pairs
    report.persons = len(set(store.current_assignments(ledger).values()))
    report.seconds = time.perf_counter() - started
    return report
