"""The latent-class model: exact agreement with a closed form in the one-class case, and seeding."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import betaln, gammaln

from rightsledger.analyze.estimate import CaptureTable, estimate


def _exact_one_class_quantiles(table: CaptureTable, qs: tuple[float, ...]) -> list[int]:
    """With one latent class the lists are independent with lambda_j ~ Beta(1, 1) and N ~ 1/N.
    Integrating lambda out by hand: p(N | data) ∝ (1/N) N!/(N - n)! prod_j B(n_j + 1, N - n_j + 1)."""
    n = table.observed
    big_n = np.arange(n, 6 * n)
    logp = -np.log(big_n) + gammaln(big_n + 1) - gammaln(big_n - n + 1)
    for total in table.list_totals().values():
        logp += betaln(total + 1, big_n - total + 1)
    cdf = np.cumsum(np.exp(logp - logp.max()))
    return [int(big_n[np.searchsorted(cdf, q * cdf[-1])]) for q in qs]


def test_one_class_matches_the_exact_independence_posterior(dataset):
    """Madigan & York's three-list counts; the Gibbs sampler with K = 1 must reproduce the closed
    form. Tolerance: 1% on the median and the 2.5%/97.5% quantiles (Monte Carlo error, seed 3)."""
    table = dataset("madigan_york_3")
    low, median, high = _exact_one_class_quantiles(table, (0.025, 0.5, 0.975))
    e = estimate(table, "lcmcr", classes=1, iterations=20_000, burn_in=2_000, thinning=2, seed=3)
    assert e.estimate == pytest.approx(median, rel=0.01)
    assert e.interval[0] == pytest.approx(low, rel=0.01)
    assert e.interval[1] == pytest.approx(high, rel=0.01)


def test_the_same_seed_repeats_exactly_and_another_seed_does_not(dataset):
    table = dataset("madigan_york_3")
    options = {"iterations": 2_000, "burn_in": 500, "thinning": 1}
    first = estimate(table, "lcmcr", seed=7, **options)
    assert estimate(table, "lcmcr", seed=7, **options).to_json() == first.to_json()
    assert estimate(table, "lcmcr", seed=8, **options).diagnostics != first.diagnostics


def test_heterogeneous_population_is_covered_where_independence_is_biased():
    """Seeded simulation: 3000 people in two hidden classes (a quarter easy to record, p = .6 on each of
    four lists; the rest hard, p = .15). Independence underestimates badly; the latent-class interval
    contains the true 3000 (in a check of seeds 1-5 it did every time)."""
    rng = np.random.default_rng(1)
    easy = rng.random(3000) < 0.25
    p = np.where(easy, 0.6, 0.15)[:, None]
    caught = (rng.random((3000, 4)) < p).astype(int)
    cells: dict[tuple[int, ...], int] = {}
    for row in caught[caught.any(axis=1)]:
        cells[tuple(row)] = cells.get(tuple(row), 0) + 1
    table = CaptureTable(("A", "B", "C", "D"), cells)
    independent = estimate(table, interactions=[])
    assert independent.interval[1] < 3000
    e = estimate(table, "lcmcr", seed=1, iterations=20_000, burn_in=5_000)
    assert e.interval[0] <= 3000 <= e.interval[1]
