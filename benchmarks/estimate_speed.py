"""Runtime of each estimator on the shipped capture-history tables, against a trivial baseline.

    uv run python benchmarks/estimate_speed.py

Prints figures, asserts nothing. The baseline is one Poisson fit of the independence model (no search,
no interval), measured in the same run, so the ratios say what the search, the profile interval, the
graph averaging and the Gibbs sampler cost on this machine.
"""

from __future__ import annotations

import time
from pathlib import Path

from rightsledger.analyze.estimate import estimate, read_capture_csv
from rightsledger.analyze.estimate import loglinear as L

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "mse"
RUNS = {
    "loglinear (BIC search + profile interval)": ("loglinear", {}),
    "dga (model averaging, default grid)": ("dga", {}),
    "lcmcr (K=10, 40,000 iterations after 10,000 burn-in)": ("lcmcr", {"seed": 1}),
    "bhs (stepwise AIC + profile interval)": ("bhs", {}),
    "sparsemse (stepwise + BCa, 1,000 resamples)": ("sparsemse", {"seed": 1}),
    "loglinear BIC to order 3 + BCa of that model (1,000)": ("loglinear", {"maxorder": 3, "interval": "bca"}),
}
ORDER3_MAX_LISTS = 4  # order-3 search is only exhaustive for 4 lists (113 models)


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    for name in ("kosovo", "ukdat_5", "ned_5", "western"):
        table = read_capture_csv(DATA / f"{name}.csv")[0]
        base = min(timed(lambda t=table: L.fit_model(t, []))[0] for _ in range(5))
        print(f"{name}: {len(table.lists)} lists, {table.observed} observed; baseline {base * 1000:.1f} ms")
        for label, (method, options) in RUNS.items():
            if options.get("maxorder", 2) > 2 and len(table.lists) > ORDER3_MAX_LISTS:
                continue
            seconds, e = timed(lambda t=table, m=method, o=options: estimate(t, m, **o))
            print(
                f"  {label}: {seconds:.2f} s ({seconds / base:,.0f}x baseline); "
                f"N = {e.estimate:,.0f} [{e.interval[0]:,.0f}, {e.interval[1]:,.0f}]"
            )


if __name__ == "__main__":
    main()
