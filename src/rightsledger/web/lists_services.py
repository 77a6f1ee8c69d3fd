"""What the victim-list pages and API routes do, written once (both are thin shells over it).

Aggregates (lists, record counts, overlaps, estimates) are for every role; record fields
(names first of all) for analysts and up; restricted fields for admins only, their reads audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rightsledger.analyze.estimate import (
    Estimate,
    EstimateError,
    ModelRow,
    combine,
    estimate,
    model_comparison,
)
from rightsledger.analyze.estimate.linked import linked_tables
from rightsledger.analyze.linkage import STRATA
from rightsledger.errors import QueryError
from rightsledger.store import lists as store
from rightsledger.store.users import User

METHODS = ("loglinear", "dga", "lcmcr")
DECISIONS = ("match", "non-match")


@dataclass
class StratumResult:
    """One stratum's estimate, or why it has none (small strata often leave a list empty)."""

    stratum: str | None
    observed: int
    estimate: Estimate | None = None
    problem: str | None = None

    def to_json(self) -> dict[str, Any]:
        if self.estimate is not None:
            return self.estimate.to_json()
        return {"stratum": self.stratum, "observed": self.observed, "problem": self.problem}


@dataclass
class Estimates:
    method: str
    strata: list[str]
    lists: list[str]
    total: StratumResult
    rows: list[StratumResult] = field(default_factory=list)
    models: list[ModelRow] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        payload = self.total.to_json()
        if self.strata:
            payload["strata"] = [r.to_json() for r in self.rows]
        payload["models"] = [m.to_json() for m in self.models]
        return payload


def parse_strata(value: str) -> list[str]:
    strata = [s.strip() for s in value.split(",") if s.strip()]
    bad = [s for s in strata if s not in STRATA]
    if bad:
        raise QueryError(f"cannot stratify by {bad[0]!r}; choose from {', '.join(STRATA)}")
    return strata


class ListsView:
    """The victim lists as one user may see them."""

    def __init__(self, ledger: Any, user: User) -> None:
        self.ledger = ledger
        self.user = user
        self.names = user.can("analyst")  # may see record fields (names, dates, places)
        self.restricted = user.can("admin")  # may see fields marked restricted at import (audited)

    # -- aggregates (every role) ----------------------------------------------------------------

    def summaries(self) -> list[store.ListSummary]:
        return store.list_summaries(self.ledger)

    def last_run(self) -> dict[str, Any] | None:
        found = store.runs(self.ledger)
        return found[-1] if found else None

    def pending_review(self) -> int:
        return len(store.review_queue(self.ledger))

    def overlaps(self) -> tuple[list[str], list[tuple[tuple[int, ...], int]]]:
        """List names and (pattern, persons) per combination, largest first (exclusive counts)."""
        names, counts = store.overlap_counts(self.ledger)
        rows = sorted(((p, n) for p, n in counts.items() if any(p)), key=lambda x: (-x[1], x[0]))
        return names, rows

    def estimates(self, method: str = "loglinear", strata: list[str] | None = None) -> Estimates:
        if method not in METHODS:
            raise QueryError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
        strata = strata or []
        tables = linked_tables(self.ledger, None, strata)
        total_table = combine(tables) if strata else tables[0]
        rows = [_stratum(t, method) for t in tables] if strata else []
        total = _stratum(total_table, method)
        try:
            models = model_comparison(total_table, "bic", 0.95)
        except EstimateError:
            models = []
        return Estimates(method, strata, list(total_table.lists), total, rows, models)

    # -- records (analyst and up) --------------------------------------------------------------

    def _shown(self, records: list[store.ListRecord], purpose: str) -> dict[int, dict[str, Any]]:
        reveal = self.restricted and any(r.restricted for r in records)
        if reveal:
            store.record_reveal(self.ledger, [r.id for r in records], purpose=purpose, by=self.user.name)
        return {r.id: r.shown(reveal) for r in records}

    def persons(self, limit: int | None = None) -> list[dict[str, Any]]:
        members = list(store.persons(self.ledger).items())[:limit]
        ids = [i for _p, rec in members for i in rec]
        shown = self._shown(store.records(self.ledger, ids=ids), "web lists persons") if ids else {}
        return [{"person": p, "records": [shown[i] for i in rec]} for p, rec in members]

    # -- review (reviewer and up) --------------------------------------------------------------

    def review_queue(self, limit: int = 20) -> list[dict[str, Any]]:
        queue = store.review_queue(self.ledger, limit)
        ids = [i for q in queue for i in (q.record_l, q.record_r)]
        shown = self._shown(store.records(self.ledger, ids=ids), "web lists review") if ids else {}
        return [
            {
                "pair": q.pair,
                "probability": round(q.probability, 4),
                "left": shown[q.record_l],
                "right": shown[q.record_r],
            }
            for q in queue
        ]

    def decide(self, pair: str, decision: str, note: str) -> store.LinkDecision:
        """The same store function as `rightsledger lists review --decide`, by this user."""
        left, sep, right = pair.partition("-")
        if not (sep and left.strip().isdigit() and right.strip().isdigit()):
            raise QueryError(f"{pair!r} is not a pair; write two record ids as L-R, e.g. 12-40")
        if decision not in DECISIONS:
            raise QueryError(f"unknown decision {decision!r}; choose match or non-match")
        return store.decide(self.ledger, int(left), int(right), decision, note=note, by=self.user.name)


def _stratum(table: Any, method: str) -> StratumResult:
    try:
        return StratumResult(table.stratum, table.observed, estimate(table, method, level=0.95, seed=1))
    except EstimateError as error:
        return StratumResult(table.stratum, table.observed, problem=str(error))
    except (ArithmeticError, ValueError) as error:  # e.g. a profile interval that meets a NaN
        return StratumResult(table.stratum, table.observed, problem=f"the {method} fit failed: {error}")
