"""Stepwise log-linear model choice as published for modern-slavery data, and the checks it needs.

Two procedures, both starting from main effects and adding pairwise interactions one at a time:

- ``bhs``: Bales, Hesketh & Silverman (2015, Significance 12(3)), the method behind the UK Home
  Office's 2014 estimate of 10,000-13,000 victims (R package modslavmse, ``MSEfit``). At each step the
  interaction that lowers AIC most is added, unless no interaction lowers AIC or the added
  coefficient's Wald p-value exceeds ``pthresh`` (0.05). The interval is the profile-likelihood one.
- ``sparse``: Chan, Silverman & Vincent (2021, JASA 116:1297-1306; R package SparseMSE,
  ``stepwisefit``). For each candidate pair the number of people on both lists is compared with its
  Poisson distribution under the current model; the pair with the smallest two-sided p-value is added
  while that p-value is below ``pthresh`` (0.02) and the new model passes the existence and
  identifiability checks of Fienberg & Rinaldo (2012). A pair of lists that share nobody may enter:
  its interaction is then minus infinity (the extended MLE), which is fitted by dropping every cell on
  both lists. The interval is the BCa bootstrap that repeats the selection in every resample.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, stats
from scipy.special import gammaln

from rightsledger.analyze.estimate.bootstrap import bca
from rightsledger.analyze.estimate.loglinear import (
    Term,
    design,
    fit_model,
    poisson_fit,
    profile_interval,
    term_label,
)
from rightsledger.analyze.estimate.result import Estimate, data_warnings, extrapolation_warning
from rightsledger.analyze.estimate.table import CaptureTable, EstimateError, patterns


@dataclass
class SparseFit:
    """A log-linear fit in which interactions between lists that share nobody are minus infinity."""

    terms: list[Term]
    empty: list[Term]
    estimate: float
    coef: np.ndarray
    cov: np.ndarray
    kept: np.ndarray  # which of patterns(t) are fitted (cells on an empty pair have expected count 0)
    mu: np.ndarray  # expected counts over patterns(t)
    loglik: float
    parameters: int  # every parameter, those at minus infinity included (as SparseMSE and Rcapture count)
    ok: bool = True
    labels: list[str] = field(default_factory=list)

    def aic(self) -> float:
        return -2 * self.loglik + 2 * self.parameters

    def bic(self, observed: int) -> float:
        return -2 * self.loglik + math.log(observed) * self.parameters

    def wald_p(self, term: Term) -> float:
        """Two-sided Wald p-value of one fitted interaction (1 for an interaction at minus infinity)."""
        if term in self.empty:
            return 1.0
        fitted = [t for t in self.terms if t not in self.empty]
        k = len(self.coef) - len(fitted) + fitted.index(term)  # after the intercept and main effects
        z = self.coef[k] / math.sqrt(self.cov[k, k])
        return float(2 * stats.norm.sf(abs(z)))


def _cells(table: CaptureTable) -> np.ndarray:
    return np.array(patterns(len(table.lists)), dtype=bool)


def _kept_cells(table: CaptureTable, empty: Sequence[Term]) -> np.ndarray:
    cells = _cells(table)
    kept = np.ones(len(cells), dtype=bool)
    for term in empty:
        idx = [table.lists.index(n) for n in term]
        kept &= ~cells[:, idx].all(axis=1)
    return kept


def model_matrix(table: CaptureTable, terms: Sequence[Term]) -> tuple[np.ndarray, np.ndarray, list[Term]]:
    """Design rows of the fitted cells, which cells those are, and which terms are at minus infinity."""
    empty = [t for t in terms if table.overlap(*t) == 0]
    fitted = [t for t in terms if t not in empty]
    kept = _kept_cells(table, empty)
    return design(table.lists, fitted)[kept], kept, empty


def existence_code(table: CaptureTable, terms: Sequence[Term]) -> int:
    """SparseMSE's ``checkident`` code: 0 if the extended MLE exists and is identifiable, 1 if
    Fienberg & Rinaldo's (2012) linear program shows it does not exist, 2 if the design is rank
    deficient (not identifiable), 3 for both. The program maximises s subject to A'x = A'y over the
    fitted cells and x_i >= s >= 0: the MLE exists iff some strictly positive x has the observed
    sufficient statistics."""
    x, kept, _ = model_matrix(table, terms)
    code = 2 if np.linalg.matrix_rank(x) < x.shape[1] else 0
    y = table.counts()[kept]
    a = x.T
    n_cells = a.shape[1]
    c = np.zeros(n_cells + 1)
    c[-1] = -1.0
    a_eq = np.hstack([a, np.zeros((a.shape[0], 1))])
    a_ub = np.hstack([-np.eye(n_cells), np.ones((n_cells, 1))])
    res = optimize.linprog(
        c, A_ub=a_ub, b_ub=np.zeros(n_cells), A_eq=a_eq, b_eq=a @ y, bounds=[(0, None)] * (n_cells + 1)
    )
    if not (res.status == 0 and -res.fun > 1e-7):
        code += 1
    return code


def mle_exists(table: CaptureTable, terms: Sequence[Term]) -> bool:
    """Whether the model passes both of SparseMSE's checks (``existence_code`` 0)."""
    return existence_code(table, terms) == 0


def fit_sparse(table: CaptureTable, terms: Sequence[Term]) -> SparseFit:
    """Fit main effects plus ``terms``; interactions between lists sharing nobody are minus infinity."""
    terms = list(terms)
    x, kept, empty = model_matrix(table, terms)
    y_all = table.counts()
    y = y_all[kept]
    beta, converged = poisson_fit(x, y)
    mu_kept = np.exp(x @ beta)
    mu = np.zeros(len(y_all))
    mu[kept] = mu_kept
    rank_ok = np.linalg.matrix_rank(x) == x.shape[1]
    ok = bool(converged and rank_ok and np.isfinite(beta).all())
    cov = np.linalg.inv(x.T @ (x * mu_kept[:, None])) if rank_ok else np.full((x.shape[1],) * 2, np.nan)
    loglik = float(np.sum(y * np.log(np.where(mu_kept > 0, mu_kept, 1.0)) - mu_kept - gammaln(y + 1)))
    n0 = math.exp(beta[0]) if ok else math.nan
    return SparseFit(
        terms=terms,
        empty=empty,
        estimate=table.observed + n0,
        coef=beta,
        cov=cov,
        kept=kept,
        mu=mu,
        loglik=loglik,
        parameters=x.shape[1] + len(empty),
        ok=ok,
        labels=[term_label(t) for t in terms],
    )


def pairs(table: CaptureTable) -> list[Term]:
    """Every pair of lists, in SparseMSE's and modslavmse's order: (1,2), (1,3), ..., (t-1,t)."""
    return list(itertools.combinations(table.lists, 2))


def bhs(table: CaptureTable, pthresh: float = 0.05) -> SparseFit:
    """Bales, Hesketh & Silverman's stepwise choice (modslavmse ``MSEfit``)."""
    current: list[Term] = []
    fit = fit_sparse(table, current)
    candidates = pairs(table)
    while len(current) < len(candidates):
        trials = [(fit_sparse(table, [*current, p]), p) for p in candidates if p not in current]
        scored = [(f.aic() if f.ok else math.inf, i) for i, (f, _) in enumerate(trials)]
        best_aic, best_i = min(scored)
        if not best_aic < fit.aic():
            return fit
        new_fit, new_term = trials[best_i]
        if new_fit.wald_p(new_term) > pthresh:
            return fit
        current.append(new_term)
        fit = new_fit
    return fit


class ExistenceCache:
    """Existence depends only on which cells are zero, so bootstrap resamples share most answers."""

    def __init__(self) -> None:
        self._seen: dict[tuple[bytes, tuple[Term, ...]], bool] = {}

    def __call__(self, table: CaptureTable, terms: Sequence[Term]) -> bool:
        key = ((table.counts() > 0).tobytes(), tuple(terms))
        if key not in self._seen:
            self._seen[key] = mle_exists(table, terms)
        return self._seen[key]


def sparse(table: CaptureTable, pthresh: float = 0.02, exists: ExistenceCache | None = None) -> SparseFit:
    """Chan, Silverman & Vincent's stepwise choice (SparseMSE ``stepwisefit``)."""
    exists = exists or ExistenceCache()
    current: list[Term] = []
    fit = fit_sparse(table, current)
    cells = _cells(table)
    candidates = pairs(table)
    for _ in candidates:
        best_p, best = 1.0, None
        for pair in candidates:
            if pair in current:
                continue
            idx = [table.lists.index(n) for n in pair]
            on_both = cells[:, idx].all(axis=1)
            expected = float(fit.mu[on_both].sum())
            seen = table.overlap(*pair)
            p = min(stats.poisson.cdf(seen, expected), stats.poisson.sf(seen - 1, expected))
            if p < best_p and exists(table, [*current, pair]):
                best_p, best = p, pair
        if best is None or best_p >= pthresh:
            return fit
        current.append(best)
        fit = fit_sparse(table, current)
    return fit


BHS_NAME = "rightsledger.mse.bhs.v1"
SPARSE_NAME = "rightsledger.mse.sparsemse.v1"


def _check(table: CaptureTable, pthresh: float) -> list[str]:
    if not 0 <= pthresh <= 1:
        raise EstimateError(f"pthresh must be between 0 and 1, got {pthresh}")
    empty_lists = [name for name, total in table.list_totals().items() if total == 0]
    if empty_lists:
        raise EstimateError(f"list {', '.join(empty_lists)} has no records: drop the column")
    return data_warnings(table)


def estimate_bhs(table: CaptureTable, *, pthresh: float = 0.05, level: float = 0.95, **_: object) -> Estimate:
    """Bales, Hesketh & Silverman's stepwise model with Rcapture's profile-likelihood interval."""
    warnings = _check(table, pthresh)
    chosen = bhs(table, pthresh)
    fit = fit_model(table, chosen.terms)
    if not fit.estimable:
        raise EstimateError(f"model {', '.join(chosen.labels) or 'independence'}: {fit.problem}")
    interval, n_max, notes = profile_interval(table, fit, level)
    return Estimate(
        estimate=fit.estimate,
        interval=interval,
        level=level,
        observed=table.observed,
        method=BHS_NAME,
        model=fit.labels,
        diagnostics={
            "stderr": fit.stderr,
            "aic": fit.aic,
            "deviance": fit.deviance,
            "df": fit.df,
            "pthresh": pthresh,
            "multinomial_mle": n_max,
            "interval_method": "multinomial profile likelihood (Cormack 1992), as Rcapture closedpCI.t",
            "selected_by": "stepwise AIC with a Wald p-value stop (Bales, Hesketh & Silverman 2015)",
        },
        warnings=warnings + notes + extrapolation_warning(fit.estimate, table.observed),
        lists=table.lists,
        stratum=table.stratum,
    )


def estimate_sparse(
    table: CaptureTable,
    *,
    pthresh: float = 0.02,
    level: float = 0.95,
    replicates: int = 1000,
    seed: int = 1,
    **_: object,
) -> Estimate:
    """Chan, Silverman & Vincent's stepwise model with the BCa bootstrap interval that repeats the
    model choice on every resample (SparseMSE ``estimatepopulation``)."""
    warnings = _check(table, pthresh)
    cache = ExistenceCache()
    chosen = sparse(table, pthresh, cache)
    if not chosen.ok:
        raise EstimateError("the main-effects model cannot be fitted to these lists")

    def rerun(resample: CaptureTable) -> float:
        f = sparse(resample, pthresh, cache)
        return f.estimate if f.ok else math.nan

    boot = bca(table, rerun, level=level, replicates=replicates, seed=seed)
    # SparseMSE's conditional interval: the unobserved count log-normal around exp(intercept)
    sd0 = math.sqrt(chosen.cov[0, 0])
    z = stats.norm.ppf((1 + level) / 2)
    conditional = [table.observed + math.exp(chosen.coef[0] + s * z * sd0) for s in (-1, 1)]
    if boot.failed:
        warnings.append(f"{boot.failed} of {replicates} resamples gave no estimate and were left out")
    return Estimate(
        estimate=chosen.estimate,
        interval=boot.interval,
        level=level,
        observed=table.observed,
        method=SPARSE_NAME,
        model=chosen.labels,
        diagnostics={
            "pthresh": pthresh,
            "minus_infinity_terms": [term_label(t) for t in chosen.empty],
            "aic": chosen.aic(),
            "interval_method": (
                f"BCa bootstrap repeating the stepwise choice ({replicates} resamples, seed {seed})"
            ),
            "acceleration": boot.acceleration,
            "bias_correction": boot.bias_correction,
            "conditional_interval": conditional,
            "selected_by": "stepwise Poisson p-values with existence checks (Chan, Silverman & Vincent 2021)",
        },
        warnings=warnings + extrapolation_warning(chosen.estimate, table.observed),
        lists=table.lists,
        stratum=table.stratum,
    )
