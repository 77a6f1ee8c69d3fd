"""BCa bootstrap intervals for a population-size estimator, as in Chan, Silverman & Vincent (2021, Sect.
3.3; SparseMSE ``estimatepopulation`` and ``bcaconfvalues``) and Silverman, Chan & Vincent (2024).

The observed people are resampled with replacement (a multinomial draw of the observed total over the
capture patterns) and the whole estimator, model choice included, is rerun on each resample. The
acceleration comes from the delete-one-person jackknife, one refit per pattern that anyone has. The
ends are the bias-corrected and accelerated percentiles (DiCiccio & Efron 1996) of the resampled
estimates, with R's type-8 quantiles as SparseMSE uses.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import stats

from rightsledger.analyze.estimate.table import CaptureTable, patterns


@dataclass
class BcaResult:
    estimate: float
    interval: tuple[float, float]
    acceleration: float
    bias_correction: float
    replicates: np.ndarray
    failed: int  # resamples on which the estimator gave no finite estimate


def _with_counts(table: CaptureTable, counts: np.ndarray) -> CaptureTable:
    cells = {p: int(c) for p, c in zip(patterns(len(table.lists)), counts, strict=True) if c > 0}
    return CaptureTable(table.lists, cells, table.stratum)


def quantile_type8(values: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """R's ``quantile(type = 8)``: median-unbiased, m = (p + 1) / 3."""
    x = np.sort(values)
    n = len(x)
    h = (n + 1 / 3) * np.asarray(probs) + 1 / 3
    lo = np.clip(np.floor(h).astype(int), 1, n)
    hi = np.clip(lo + 1, 1, n)
    frac = np.clip(h - np.floor(h), 0, 1)
    out = x[lo - 1] + frac * (x[hi - 1] - x[lo - 1])
    out = np.where(h < 1, x[0], out)
    return np.where(h >= n, x[-1], out)


def bca(
    table: CaptureTable,
    estimator: Callable[[CaptureTable], float] | None = None,
    *,
    many: Callable[[np.ndarray], np.ndarray] | None = None,
    level: float = 0.95,
    replicates: int = 1000,
    seed: int = 1,
) -> BcaResult:
    """BCa interval for ``estimator`` (a table -> N̂ function that may return nan) on ``table``, or for
    ``many`` (a resamples x cells counts -> N̂ per resample function, for estimators that can run on
    every resample at once)."""
    if (estimator is None) == (many is None):
        raise ValueError("give exactly one of estimator and many")
    counts = table.counts()
    n = int(counts.sum())
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(n, counts / n, size=replicates).astype(float)
    positive = np.flatnonzero(counts > 0)
    deleted = np.tile(counts, (len(positive), 1))
    deleted[np.arange(len(positive)), positive] -= 1
    if many is not None:
        point = float(many(counts[None, :])[0])
        boot = np.asarray(many(draws), dtype=float)
        jack_positive = np.asarray(many(deleted), dtype=float)
    else:
        point = estimator(table)
        boot = np.array([estimator(_with_counts(table, d)) for d in draws], dtype=float)
        jack_positive = np.array([estimator(_with_counts(table, d)) for d in deleted], dtype=float)
    usable = boot[np.isfinite(boot)]
    jack = np.zeros(len(counts))
    jack[positive] = jack_positive
    weights = counts
    centred = float(np.sum(weights * jack) / n) - jack
    denom = 6 * float(np.sum(weights * centred**2)) ** 1.5
    accel = float(np.sum(weights * centred**3)) / denom if denom > 0 else 0.0
    z0 = float(stats.norm.ppf(np.mean(usable < point)))
    alphas = np.array([(1 - level) / 2, (1 + level) / 2])
    za = stats.norm.ppf(alphas) + z0
    probs = stats.norm.cdf(z0 + za / (1 - accel * za))
    low, high = quantile_type8(usable, probs)
    return BcaResult(
        estimate=point,
        interval=(float(low), float(high)),
        acceleration=accel,
        bias_correction=z0 if math.isfinite(z0) else math.nan,
        replicates=boot,
        failed=int(replicates - len(usable)),
    )
