"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997), as in R's dga.

Every decomposable graph on the lists is a model of how they depend on each other. Under the
hyper-Dirichlet prior (each marginal table over a clique C gets Dirichlet parameters
delta * 2^(p - |C|) per cell, so that the margins agree) the marginal likelihood of a graph is the
product over its cliques divided by the product over its separators of the Dirichlet-multinomial
marginal likelihoods of those margins. For each candidate number of unobserved people n0 on a grid,
that, times the multinomial coefficient and the prior on N (1/N by default), gives the joint
posterior of (graph, N); summing over graphs gives the model-averaged posterior of N. The formulas
follow dga's ``bma.cr``/``CompLogML``/``MakeCompMatrix``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
from scipy.special import gammaln, logsumexp

from rightsledger.analyze.estimate.result import Estimate, data_warnings, extrapolation_warning
from rightsledger.analyze.estimate.table import CaptureTable, EstimateError

NAME = "rightsledger.mse.dga.v1"
MIN_LISTS, MAX_LISTS = 3, 5
GRID_POINTS = 60_000  # beyond this many values of n0 the grid steps by more than one
TAIL = 1e-9  # posterior mass allowed beyond the grid's end before the grid is widened

Graph = tuple[tuple[int, ...], tuple[int, ...]]  # (clique bitmasks, non-empty separator bitmasks)


def _is_chordal(p: int, edges: set[tuple[int, int]]) -> bool:
    """A graph is chordal (decomposable) iff simplicial vertices can be removed one by one to the end."""
    left = set(range(p))
    adjacent = {v: {u for e in edges for u in e if v in e and u != v} for v in range(p)}
    while left:
        for v in left:
            nbrs = adjacent[v] & left
            if all((a, b) in edges or (b, a) in edges for a, b in itertools.combinations(nbrs, 2)):
                left.remove(v)
                break
        else:
            return False
    return True


def _cliques(p: int, edges: set[tuple[int, int]]) -> list[frozenset[int]]:
    def complete(vs: Sequence[int]) -> bool:
        return all((a, b) in edges for a, b in itertools.combinations(sorted(vs), 2))

    found: list[frozenset[int]] = []
    for size in range(p, 0, -1):
        for vs in itertools.combinations(range(p), size):
            s = frozenset(vs)
            if complete(vs) and not any(s < c for c in found):
                found.append(s)
    return found


def _separators(cliques: list[frozenset[int]]) -> list[frozenset[int]]:
    """Separators of a junction tree: a maximum-weight spanning tree of the cliques (Kruskal)."""
    parent = list(range(len(cliques)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = sorted(
        itertools.combinations(range(len(cliques)), 2),
        key=lambda ij: -len(cliques[ij[0]] & cliques[ij[1]]),
    )
    found = []
    for i, j in pairs:
        a, b = root(i), root(j)
        if a != b:
            parent[a] = b
            found.append(cliques[i] & cliques[j])
    return [s for s in found if s]  # an empty separator joins independent components and contributes 1


def _mask(vertices: frozenset[int]) -> int:
    return sum(1 << v for v in vertices)


@cache
def decomposable_graphs(p: int) -> tuple[Graph, ...]:
    """Every decomposable graph on p labelled vertices (8, 61 and 822 for p = 3, 4, 5)."""
    pairs = list(itertools.combinations(range(p), 2))
    graphs = []
    for r in range(len(pairs) + 1):
        for chosen in itertools.combinations(pairs, r):
            edges = set(chosen)
            if _is_chordal(p, edges):
                cliques = _cliques(p, edges)
                graphs.append(
                    (tuple(_mask(c) for c in cliques), tuple(_mask(s) for s in _separators(cliques)))
                )
    return tuple(graphs)


def _array(table: CaptureTable) -> np.ndarray:
    """Counts as a 2 x ... x 2 array indexed by the capture pattern; the unobserved cell is 0."""
    y = np.zeros((2,) * len(table.lists))
    for pattern, count in table.cells.items():
        y[pattern] = count
    return y


def _component_loglik(y: np.ndarray, mask: int, n0: np.ndarray, delta: float) -> np.ndarray:
    """dga's CompLogML for the margin over the lists in ``mask``, for every n0 on the grid."""
    p = y.ndim
    keep = [i for i in range(p) if mask >> i & 1]
    margin = y.sum(axis=tuple(i for i in range(p) if i not in keep)).ravel()
    d = delta * 2 ** (p - len(keep))
    return gammaln(n0 + margin[0] + d) + gammaln(margin[1:] + d).sum() - margin.size * gammaln(d)


def posterior(
    table: CaptureTable,
    grid: np.ndarray,
    delta: float,
    log_prior: Callable[[np.ndarray], np.ndarray] | None = None,
    graphs: Sequence[Graph] | None = None,
) -> tuple[np.ndarray, np.ndarray, list[Graph]]:
    """Posterior of n0 over ``grid`` averaged over graphs (default: every decomposable graph, equally
    likely a priori), and each graph's posterior probability."""
    p = len(table.lists)
    y = _array(table)
    n = table.observed
    n0 = np.asarray(grid, dtype=float)
    big_n = n0 + n
    graphs = list(decomposable_graphs(p) if graphs is None else graphs)
    comp = {mask: _component_loglik(y, mask, n0, delta) for mask in range(1, 2**p)}
    denominator = gammaln(2**p * delta) - gammaln(big_n + 2**p * delta)
    base = gammaln(big_n + 1) - gammaln(y.ravel()[1:] + 1).sum() - gammaln(n0 + 1)
    base = base + (log_prior(big_n) if log_prior is not None else -np.log(big_n))
    averaged = np.full(n0.size, -np.inf)
    per_graph = np.empty(len(graphs))
    for g, (cliques, separators) in enumerate(graphs):
        row = base + (len(cliques) - len(separators)) * denominator
        for c in cliques:
            row = row + comp[c]
        for s in separators:
            row = row - comp[s]
        averaged = np.logaddexp(averaged, row)
        per_graph[g] = logsumexp(row)
    total = logsumexp(averaged)
    return np.exp(averaged - total), np.exp(per_graph - total), graphs


def _graph_terms(graph: Graph, lists: Sequence[str]) -> list[str]:
    """A graph's cliques as terms, e.g. ``A:B`` (single lists are main effects and are left out)."""
    return [":".join(lists[i] for i in range(len(lists)) if c >> i & 1) for c in graph[0] if c & (c - 1)]


def _quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    cdf = np.cumsum(weights)
    return float(values[min(int(np.searchsorted(cdf, q * cdf[-1])), values.size - 1)])


def _grid(n: int, upper: int) -> np.ndarray:
    step = max(1, math.ceil(upper / GRID_POINTS))
    return np.arange(0, upper + 1, step, dtype=float)


def estimate(
    table: CaptureTable,
    *,
    level: float = 0.95,
    delta: float | None = None,
    grid: Sequence[float] | None = None,
    log_prior: Callable[[np.ndarray], np.ndarray] | None = None,
    **_: object,
) -> Estimate:
    """Posterior median of N averaged over decomposable graphs, with an equal-tailed credible interval.

    ``delta`` defaults to 2^-p as dga suggests; ``grid`` (values of n0) defaults to 0 .. a bound widened
    until the posterior beyond it is negligible; ``log_prior`` maps N to its log prior (default 1/N).
    """
    p = len(table.lists)
    if not MIN_LISTS <= p <= MAX_LISTS:
        raise EstimateError(f"dga averages over decomposable graphs for 3 to 5 lists; this table has {p}")
    delta = 2.0**-p if delta is None else delta
    n = table.observed
    warnings = data_warnings(table)
    if grid is not None:
        n0 = np.asarray(grid, dtype=float)
        post, graph_probs, graphs = posterior(table, n0, delta, log_prior)
    else:
        upper = max(10 * n, 1000)
        while True:
            n0 = _grid(n, upper)
            post, graph_probs, graphs = posterior(table, n0, delta, log_prior)
            if post[-max(1, n0.size // 100) :].sum() < TAIL or upper >= 1000 * max(n, 100):
                break
            upper *= 4
        if post[-max(1, n0.size // 100) :].sum() >= TAIL:
            warnings.append(
                f"the posterior of N has a heavy tail beyond {n + n0[-1]:,.0f}: the upper end of the "
                "interval is understated"
            )
    values = n + n0
    mean = float(np.sum(values * post))
    median = _quantile(values, post, 0.5)
    interval = (_quantile(values, post, (1 - level) / 2), _quantile(values, post, (1 + level) / 2))
    order = np.argsort(-graph_probs)
    top = graphs[int(order[0])]
    warnings += extrapolation_warning(median, n)
    diagnostics = {
        "posterior_mean": mean,
        "posterior_mode": float(values[int(np.argmax(post))]),
        # Madigan & York's Bayes estimator under relative squared error loss ((N - N̂)/N)^2
        "bayes_relative_loss": float(np.sum(post / values) / np.sum(post / values**2)),
        "delta": delta,
        "prior": "custom" if log_prior is not None else "1/N",
        "grid": [float(n0[0]), float(n0[-1]), float(n0[1] - n0[0]) if n0.size > 1 else 1.0],
        "graphs": len(graphs),
        "top_models": [
            {"model": _graph_terms(graphs[int(i)], table.lists), "probability": float(graph_probs[i])}
            for i in order[:5]
        ],
    }
    return Estimate(
        estimate=median,
        interval=interval,
        level=level,
        observed=n,
        method=NAME,
        model=_graph_terms(top, table.lists),
        diagnostics=diagnostics,
        warnings=warnings,
        lists=table.lists,
        stratum=table.stratum,
    )
