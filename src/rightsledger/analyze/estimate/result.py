"""What every estimator returns, and the warnings that apply whatever the method."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

from rightsledger.analyze.estimate.table import CaptureTable

SPARSE_OVERLAP = 5  # fewer people than this on both of two lists makes their dependence poorly determined


@dataclass
class Estimate:
    """A population-size estimate: the total (observed included), its interval and how it was made."""

    estimate: float
    interval: tuple[float, float]
    level: float
    observed: int
    method: str
    model: list[str]
    diagnostics: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    lists: tuple[str, ...] = ()
    stratum: str | None = None

    @property
    def unobserved(self) -> float:
        return self.estimate - self.observed

    def to_json(self) -> dict[str, Any]:
        return {
            "estimate": _num(self.estimate),
            "interval": [_num(self.interval[0]), _num(self.interval[1])],
            "level": self.level,
            "observed": self.observed,
            "method": self.method,
            "model": list(self.model),
            "lists": list(self.lists),
            "stratum": self.stratum,
            "diagnostics": _clean(self.diagnostics),
            "warnings": list(self.warnings),
        }


def _num(value: float) -> float | None:
    """JSON has no infinity: an unbounded end is null."""
    return None if value is None or not math.isfinite(value) else round(float(value), 4)


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float):
        return _num(value)
    if hasattr(value, "item"):  # numpy scalars
        return _clean(value.item())
    return value


def data_warnings(table: CaptureTable) -> list[str]:
    """Warnings about the data themselves: lists that overlap nothing, or overlaps too small to trust."""
    found: list[str] = []
    totals = table.list_totals()
    for name, total in totals.items():
        if total == 0:
            found.append(f"list {name} has no records; it carries no information")
    for i, name in enumerate(table.lists):
        shared = sum(c for p, c in table.cells.items() if p[i] and sum(p) > 1)
        if totals[name] and not shared:
            found.append(
                f"list {name} overlaps no other list: its coverage cannot be estimated, "
                "and the estimate for it rests entirely on the model's assumptions"
            )
    sparse = []
    for a, b in itertools.combinations(table.lists, 2):
        k = table.overlap(a, b)
        if k < SPARSE_OVERLAP and totals[a] and totals[b]:
            sparse.append(f"{a}&{b}={k}")
    if sparse:
        found.append(
            f"sparse overlaps (fewer than {SPARSE_OVERLAP} people on both lists): {', '.join(sparse)}; "
            "interactions between these lists are poorly determined"
        )
    if table.observed < 30:
        found.append(f"only {table.observed} people observed; intervals will be wide and fragile")
    return found


def extrapolation_warning(estimate: float, observed: int) -> list[str]:
    if observed and estimate > 5 * observed:
        return [
            f"the estimate is {estimate / observed:.1f} times the number observed: it rests on a long "
            "extrapolation and is very sensitive to the model"
        ]
    return []
