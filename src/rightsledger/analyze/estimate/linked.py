"""Capture tables from the ledger's linked victim lists: the linkage stage's ``CaptureCounts``
(persons per 0/1 pattern over the chosen lists, per stratum) turned into ``CaptureTable``s."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rightsledger.analyze.estimate.table import CaptureTable, EstimateError

if TYPE_CHECKING:
    from rightsledger.analyze.linkage import CaptureCounts
    from rightsledger.store.ledger import Ledger

NO_PERSONS = "no linked persons yet: run `rightsledger lists link` first (or give a capture-history FILE.csv)"


def from_counts(counts: CaptureCounts) -> CaptureTable:
    """The same lists in the same order, the same patterns and counts, the same stratum label."""
    cells = {tuple(int(v) for v in p): int(n) for p, n in counts.cells.items() if n}
    source = "linked lists" + (f" [{counts.stratum}]" if counts.stratum else "")
    return CaptureTable(tuple(counts.lists), cells, counts.stratum, source)


def linked_tables(
    ledger: Ledger, lists: Sequence[str] | None = None, strata: Sequence[str] | None = None
) -> list[CaptureTable]:
    """One table per stratum (one table without ``strata``) over the current person clusters."""
    from rightsledger.analyze.linkage import capture_tables

    found = capture_tables(ledger, list(lists) if lists else None, list(strata) if strata else None)
    if not found or not any(c.observed for c in found):
        raise EstimateError(NO_PERSONS)
    names = found[0].lists
    if len(names) < 2:
        raise EstimateError(
            f"estimation needs at least 2 linked lists; the ledger has {len(names)} ({', '.join(names)})"
        )
    return [from_counts(c) for c in found]
