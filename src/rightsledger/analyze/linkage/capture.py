"""Capture tables for multiple-systems estimation: how many persons each combination of
lists recorded, from the current person clusters, optionally per stratum."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rightsledger.errors import QueryError
from rightsledger.store import lists as store
from rightsledger.store.ledger import Ledger

STRATA = ("sex", "event", "event_year", "event_place", "age_group")
AGE_GROUPS = ((0, 17, "0-17"), (18, 29, "18-29"), (30, 44, "30-44"), (45, 59, "45-59"), (60, 200, "60+"))


@dataclass(frozen=True)
class CaptureCounts:
    """Persons per 0/1 pattern of capture by ``lists`` (in that order); unobserved all-zero cell absent."""

    lists: tuple[str, ...]
    cells: dict[tuple[int, ...], int]
    stratum: str | None = None

    @property
    def observed(self) -> int:
        return sum(self.cells.values())


def _value(record: store.ListRecord, key: str) -> Any:
    if key == "event_year":
        return record.event_date[:4] if record.event_date else None
    if key == "age_group":
        if record.age is None:
            return None
        return next(label for lo, hi, label in AGE_GROUPS if lo <= record.age <= hi)
    if key == "event_place":
        return record.place_norm
    return getattr(record, key)


def capture_tables(
    ledger: Ledger, lists: list[str] | None = None, strata: list[str] | None = None
) -> list[CaptureCounts]:
    """One ``CaptureCounts`` per stratum (one with stratum None when ``strata`` is not given).

    A person's stratum value is the commonest value among its records (ties: the smallest;
    none: ``unknown``), so a person counts in exactly one stratum.
    """
    known = store.known_lists(ledger)
    names = list(lists) if lists else known
    missing = [n for n in names if n not in known]
    if missing:
        raise QueryError(f"no list named {missing[0]!r}; lists are {', '.join(known) or '(none)'}")
    if len(set(names)) != len(names):
        raise QueryError("a list is named twice")
    bad = [s for s in strata or () if s not in STRATA]
    if bad:
        raise QueryError(f"cannot stratify by {bad[0]!r}; choose from {', '.join(STRATA)}")
    current = store.current_assignments(ledger)
    index = {n: i for i, n in enumerate(names)}
    caught: dict[str, set[int]] = {}
    values: dict[str, dict[str, Counter[Any]]] = {}
    for record in store.records(ledger, lists=names):
        person = current.get(record.id)
        if person is None:
            continue  # not linked yet
        caught.setdefault(person, set()).add(index[record.list])
        for key in strata or ():
            value = _value(record, key)
            if value is not None:
                values.setdefault(person, {}).setdefault(key, Counter())[value] += 1
    tables: dict[str | None, Counter[tuple[int, ...]]] = {}
    for person, found in caught.items():
        pattern = tuple(int(i in found) for i in range(len(names)))
        label = None
        if strata:
            parts = []
            for key in strata:
                counts = values.get(person, {}).get(key)
                best = min(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0] if counts else "unknown"
                parts.append(f"{key}={best}")
            label = ",".join(parts)
        tables.setdefault(label, Counter())[pattern] += 1
    if not tables and not strata:
        tables[None] = Counter()
    return [
        CaptureCounts(tuple(names), dict(sorted(c.items(), reverse=True)), s)
        for s, c in sorted(tables.items(), key=lambda kv: str(kv[0]))
    ]
