"""Capture-history tables: which lists recorded how many people, read from a CSV file or a data frame.

A table has one 0/1 column per list and a count column. The row whose lists are all 0 is the
unobserved cell: it is what estimation is for, so it is ignored when its count is 0 or empty and
refused otherwise. Every refusal names the file, the line and the problem.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rightsledger.errors import LedgerError

COUNT_COLUMNS = ("count", "freq", "frequency", "n")


class EstimateError(LedgerError):
    """A capture-history table or an estimation request is unusable; the message says why and where."""


Pattern = tuple[int, ...]


def patterns(lists: int) -> list[Pattern]:
    """Every observable capture pattern for ``lists`` lists (all but the all-zero one), in a fixed order."""
    return [p for p in itertools.product((0, 1), repeat=lists) if any(p)]


@dataclass(frozen=True)
class CaptureTable:
    """Counts of people per capture pattern; a pattern is one 0/1 flag per list, in ``lists`` order."""

    lists: tuple[str, ...]
    cells: Mapping[Pattern, int]
    stratum: str | None = None
    source: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        where = self.source or "capture table"
        if len(self.lists) < 2:
            raise EstimateError(f"{where}: need at least 2 lists, found {len(self.lists)}")
        if len(set(self.lists)) != len(self.lists):
            raise EstimateError(f"{where}: list names repeat: {', '.join(self.lists)}")
        for pattern, count in self.cells.items():
            if len(pattern) != len(self.lists) or any(v not in (0, 1) for v in pattern):
                raise EstimateError(f"{where}: pattern {pattern} does not match lists {self.lists}")
            if count < 0:
                raise EstimateError(f"{where}: negative count {count} for pattern {pattern}")
            if not any(pattern) and count:
                raise EstimateError(f"{where}: the unobserved cell (all lists 0) has count {count}")

    @property
    def observed(self) -> int:
        return int(sum(c for p, c in self.cells.items() if any(p)))

    def counts(self) -> np.ndarray:
        """Counts over ``patterns(len(lists))``; patterns absent from the table count 0."""
        return np.array([self.cells.get(p, 0) for p in patterns(len(self.lists))], dtype=float)

    def list_totals(self) -> dict[str, int]:
        return {name: int(sum(c for p, c in self.cells.items() if p[i])) for i, name in enumerate(self.lists)}

    def overlap(self, *names: str) -> int:
        """How many people are on every one of ``names``."""
        idx = [self.lists.index(n) for n in names]
        return int(sum(c for p, c in self.cells.items() if all(p[i] for i in idx)))

    def to_rows(self) -> list[dict[str, int]]:
        return [
            {**dict(zip(self.lists, p, strict=True)), "count": int(self.cells.get(p, 0))}
            for p in patterns(len(self.lists))
        ]


def combine(tables: Sequence[CaptureTable], stratum: str | None = None) -> CaptureTable:
    """One table summing the cells of tables over the same lists (e.g. all strata: the total)."""
    if not tables:
        raise EstimateError("no capture tables to combine")
    lists = tables[0].lists
    cells: dict[Pattern, int] = {}
    for t in tables:
        if t.lists != lists:
            raise EstimateError(f"cannot combine tables over different lists: {lists} and {t.lists}")
        for p, c in t.cells.items():
            cells[p] = cells.get(p, 0) + c
    return CaptureTable(lists, cells, stratum, tables[0].source)


def _count_column(header: Sequence[str], wanted: str | None, where: str) -> str:
    if wanted is not None:
        if wanted not in header:
            raise EstimateError(f"{where}: no count column {wanted!r}; columns are {', '.join(header)}")
        return wanted
    lowered = {h.strip().lower(): h for h in header}
    for name in COUNT_COLUMNS:
        if name in lowered:
            return lowered[name]
    raise EstimateError(
        f"{where}: no count column: name one with --count-column, or call it one of "
        f"{', '.join(COUNT_COLUMNS)}; columns are {', '.join(header)}"
    )


def _flag(value: Any, column: str, where: str) -> int:
    text = str(value).strip()
    if text in ("0", "1"):
        return int(text)
    if text in ("0.0", "1.0"):
        return int(float(text))
    raise EstimateError(f"{where}: column {column!r} must be 0 or 1, found {text!r}")


def _count(value: Any, column: str, where: str) -> int | None:
    text = "" if value is None else str(value).strip()
    if text == "" or text.lower() == "nan":
        return None
    try:
        number = float(text)
    except ValueError:
        raise EstimateError(f"{where}: count {column!r} is not a number: {text!r}") from None
    if number != int(number):
        raise EstimateError(f"{where}: count {column!r} is not a whole number: {text!r}")
    if number < 0:
        raise EstimateError(f"{where}: count {column!r} is negative: {text!r}")
    return int(number)


def tables_from_rows(
    header: Sequence[str],
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    count_column: str | None = None,
    strata: Sequence[str] = (),
    source: str = "capture table",
) -> list[CaptureTable]:
    """Capture tables (one per stratum, in order of first appearance) from numbered rows.

    ``rows`` yields (line number, row); every column that is neither the count nor a stratum is a list.
    """
    header = [h for h in header if h is not None]
    count_name = _count_column(header, count_column, source)
    for s in strata:
        if s not in header:
            raise EstimateError(f"{source}: no stratum column {s!r}; columns are {', '.join(header)}")
    lists = tuple(h for h in header if h != count_name and h not in strata)
    if len(lists) < 2:
        raise EstimateError(f"{source}: need at least 2 list columns, found {len(lists)}: {', '.join(lists)}")
    by_stratum: dict[str | None, dict[Pattern, int]] = {}
    for line, row in rows:
        where = f"{source}, line {line}"
        pattern = tuple(_flag(row.get(name), name, where) for name in lists)
        count = _count(row.get(count_name), count_name, where)
        if not any(pattern):
            if count:
                raise EstimateError(
                    f"{where}: the unobserved cell (every list 0) has count {count}; "
                    "it is what is being estimated, so leave it empty or 0"
                )
            continue
        if count is None:
            raise EstimateError(f"{where}: count {count_name!r} is empty")
        key = " / ".join(str(row.get(s, "")).strip() for s in strata) if strata else None
        cells = by_stratum.setdefault(key, {})
        cells[pattern] = cells.get(pattern, 0) + count
    if not by_stratum:
        raise EstimateError(f"{source}: no observed capture patterns")
    return [CaptureTable(lists, cells, key, source) for key, cells in by_stratum.items()]


def _numbered(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Lines that are not blank or ``#`` comments, with their 1-based line numbers."""
    for number, line in enumerate(lines, start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def read_capture_csv(
    path: str | Path, *, count_column: str | None = None, strata: Sequence[str] = ()
) -> list[CaptureTable]:
    """Capture tables from a CSV file (``#`` lines are comments, e.g. the data's provenance)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise EstimateError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise EstimateError(f"{path}: not UTF-8 text") from None
    numbered = list(_numbered(text.splitlines()))
    if not numbered:
        raise EstimateError(f"{path}: empty file")
    reader = csv.reader(io.StringIO("\n".join(line for _, line in numbered)))
    records = list(reader)
    header = [h.strip() for h in records[0]]
    rows = []
    for (number, _), values in zip(numbered[1:], records[1:], strict=True):
        if len(values) != len(header):
            raise EstimateError(f"{path}, line {number}: {len(values)} fields, the header has {len(header)}")
        rows.append((number, dict(zip(header, values, strict=True))))
    return tables_from_rows(header, rows, count_column=count_column, strata=strata, source=str(path))


def tables_from_frame(
    frame: Any, *, count_column: str | None = None, strata: Sequence[str] = (), source: str = "data frame"
) -> list[CaptureTable]:
    """Capture tables from a pandas DataFrame; line numbers count the header as line 1."""
    header = [str(c) for c in frame.columns]
    records = frame.to_dict(orient="records")
    rows = ((i + 2, {str(k): v for k, v in r.items()}) for i, r in enumerate(records))
    return tables_from_rows(header, rows, count_column=count_column, strata=strata, source=source)
