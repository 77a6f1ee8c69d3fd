"""Linked lists -> capture tables: the conversion keeps list order and cell patterns (worked by hand)."""

from __future__ import annotations

import pytest

from rightsledger.analyze.estimate import estimate
from rightsledger.analyze.estimate.linked import from_counts
from rightsledger.analyze.linkage import CaptureCounts


def test_three_lists_keep_their_order_and_patterns() -> None:
    # 11 persons: 5 only on ngo-a, 2 on ngo-a and ngo-b, 1 on ngo-b and morgue, 3 only on morgue.
    counts = CaptureCounts(
        ("ngo-a", "ngo-b", "morgue"), {(1, 0, 0): 5, (1, 1, 0): 2, (0, 1, 1): 1, (0, 0, 1): 3}, "sex=f"
    )
    table = from_counts(counts)
    assert table.lists == ("ngo-a", "ngo-b", "morgue") and table.stratum == "sex=f"
    assert table.observed == 11
    # by hand: ngo-a 5+2, ngo-b 2+1, morgue 1+3
    assert table.list_totals() == {"ngo-a": 7, "ngo-b": 3, "morgue": 4}
    assert table.overlap("ngo-b", "morgue") == 1 and table.overlap("ngo-a", "morgue") == 0
    # counts() in the order 001, 010, 011, 100, 101, 110, 111 (lists left to right)
    assert table.counts().tolist() == [3, 0, 1, 5, 0, 2, 0]


def test_two_lists_give_the_petersen_estimate() -> None:
    # Lincoln-Petersen: N = n1 * n2 / m = 40 * 30 / 10 = 120 (the independence model's MLE,
    # e.g. Bishop, Fienberg & Holland 1975, ch. 6).
    table = from_counts(CaptureCounts(("a", "b"), {(1, 0): 30, (0, 1): 20, (1, 1): 10}))
    result = estimate(table, "loglinear")
    assert result.observed == 60
    assert result.estimate == pytest.approx(120, rel=1e-4)
    assert result.interval[0] < 120 < result.interval[1]
