"""Helpers: the synthetic lists (tests/data/lists: SYNTHETIC, invented people) and truth-based scoring."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "lists"
LISTS = (
    ("ngo-a", DATA / "ngo-a.csv", {"name": "نام"}),
    ("ngo-b", DATA / "ngo-b.csv", {}),
    ("morgue", DATA / "morgue.xlsx", {"name": "Deceased", "event_date": "Died"}),
)


def import_lists(ledger, which: Iterable[str] = ("ngo-a", "ngo-b", "morgue")) -> None:
    from rightsledger.ingest.lists import read_list
    from rightsledger.store.lists import import_list

    for name, path, mapping in LISTS:
        if name in which:
            import_list(ledger, name, read_list(path, mapping), by="tester")


def truth(ledger) -> dict[int, str]:
    """record id -> the generator's true person id (kept in the row's raw cells)."""
    from sqlalchemy import select

    from rightsledger.store.lists import ListRecordRow

    with ledger._sessions() as session:
        return {
            rid: raw["true_person"]
            for rid, raw in session.execute(select(ListRecordRow.id, ListRecordRow.raw))
        }


def pairs(labels: Mapping[int, str]) -> set[tuple[int, int]]:
    groups: dict[str, list[int]] = {}
    for record, label in labels.items():
        groups.setdefault(label, []).append(record)
    return {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}


def precision_recall(found: Mapping[int, str], true: Mapping[int, str]) -> tuple[float, float]:
    got, want = pairs(found), pairs({k: v for k, v in true.items() if k in found})
    tp = len(got & want)
    return tp / max(1, len(got)), tp / max(1, len(want))
