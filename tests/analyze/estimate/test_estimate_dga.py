"""Model averaging over decomposable graphs: Madigan & York's published three-list figures."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import gammaln

from rightsledger.analyze.estimate import CaptureTable, EstimateError, dga, estimate


@pytest.mark.parametrize(("lists", "count"), [(3, 8), (4, 61), (5, 822)])
def test_every_decomposable_graph_is_enumerated(lists, count):
    """Labelled chordal graphs on 3, 4, 5 vertices: 8, 61, 822 (OEIS A058862; dga ships 61 in graphs4)."""
    assert len(dga.decomposable_graphs(lists)) == count


def test_madigan_york_three_lists(dataset):
    """Madigan & York (1997, Biometrika 84:19-31), three-list example as checked in dga's
    tests/testthat/test-BMAfunctions.R: delta = 1, negative-binomial prior on N (a = 13.14,
    b = 55.17), n0 in 1..300. Published: top model posterior probability 0.37; model-averaged
    posterior mode 728; Bayes estimator under relative squared error loss 731. Tolerance: the
    published rounding (0.005 for the probability, exact integers for N). For the top graph alone the
    same test publishes posterior mode 729 and Bayes estimate 731."""
    table = dataset("madigan_york_3")
    a, b = 13.14, 55.17

    def prior(n):
        return n * np.log(b) - (n + a) * np.log(1 + b) + gammaln(n + a) - gammaln(n + 1) - gammaln(a)

    e = estimate(table, "dga", delta=1.0, grid=np.arange(1, 301), log_prior=prior)
    d = e.diagnostics
    assert d["top_models"][0]["probability"] == pytest.approx(0.37, abs=0.005)
    assert d["posterior_mode"] == 728
    assert round(d["bayes_relative_loss"]) == 731
    assert e.interval[0] < 728 < e.interval[1]
    assert e.method == "rightsledger.mse.dga.v1" and e.observed == 626
    # the most probable graph alone: published posterior mode 729, Bayes estimate 731
    n0 = np.arange(1, 301, dtype=float)
    _, probs, graphs = dga.posterior(table, n0, 1.0, prior)
    top = graphs[int(np.argmax(probs))]
    alone, _, _ = dga.posterior(table, n0, 1.0, prior, graphs=[top])
    values = n0 + table.observed
    assert values[int(np.argmax(alone))] == 729
    assert round(float(np.sum(alone / values) / np.sum(alone / values**2))) == 731


def test_default_prior_and_grid_give_a_proper_interval(dataset):
    e = estimate(dataset("lesbian"), "dga")
    assert e.observed == 2185
    assert e.observed < e.interval[0] < e.estimate < e.interval[1]
    assert sum(m["probability"] for m in e.diagnostics["top_models"]) <= 1 + 1e-9
    assert e.diagnostics["delta"] == 2**-4


def test_only_three_to_five_lists():
    two = CaptureTable(("A", "B"), {(1, 0): 5, (0, 1): 5, (1, 1): 2})
    with pytest.raises(EstimateError, match="3 to 5 lists"):
        estimate(two, "dga")
