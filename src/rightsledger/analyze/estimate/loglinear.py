"""Log-linear (Poisson GLM) capture-recapture models, as in Rcapture (Baillargeon & Rivest 2007).

The observed cells of the 2^t table are fitted with a Poisson GLM: an intercept, one main effect per
list and the chosen interactions. The unobserved cell has every list at 0, so its expected count is
exp(intercept) and N̂ = observed + exp(intercept). The interval is the multinomial profile
likelihood interval of Cormack (1992) that Rcapture's ``closedpCI.t`` computes: for each candidate N
the full table (unobserved cell = N - observed) is refitted and the multinomial log-likelihood is
the Poisson deviance corrected by log(n0^n0 N! / (N^N n0!)); the interval holds the N whose
log-likelihood is within chi2(1, level)/2 of the maximum. AIC and BIC are Rcapture's:
AIC = -2 log L + 2 p (Poisson likelihood of the observed cells) and BIC = -2 log L + log(n) p.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, stats
from scipy.special import gammaln

from rightsledger.analyze.estimate.result import Estimate, data_warnings, extrapolation_warning
from rightsledger.analyze.estimate.table import CaptureTable, EstimateError, patterns

NAME = "rightsledger.mse.loglinear.v1"
EXHAUSTIVE_MAX_PAIRS = 10  # up to 5 lists every subset of pairwise terms is fitted; beyond, stepwise
HUGE = 1e12  # an unobserved count beyond this means the maximum likelihood estimate does not exist

Term = tuple[str, ...]


def parse_terms(spec: str | Sequence[str] | None, lists: Sequence[str]) -> list[Term]:
    """Interaction terms from ``"A:B,B:C"`` (or a list of such strings), in the table's list order."""
    if spec is None:
        return []
    parts = [p.strip() for p in (spec.split(",") if isinstance(spec, str) else spec)]
    terms: list[Term] = []
    for part in parts:
        if not part:
            continue
        names = [n.strip() for n in part.split(":")]
        unknown = [n for n in names if n not in lists]
        if unknown:
            raise EstimateError(
                f"interaction {part!r}: unknown list {', '.join(unknown)}; lists are {', '.join(lists)}"
            )
        if len(set(names)) < 2 or len(set(names)) != len(names):
            raise EstimateError(f"interaction {part!r} must join two or more different lists, like A:B")
        term = tuple(sorted(names, key=list(lists).index))
        if term in terms:
            raise EstimateError(f"interaction {part!r} is given twice")
        terms.append(term)
    return terms


def term_label(term: Term) -> str:
    return ":".join(term)


HETEROGENEITY = {
    # Rcapture's columns for heterogeneous catchability, a convex function of the number of captures k
    "poisson": (2.0, lambda k, theta: theta**k - 1.0),
    "darroch": (None, lambda k, theta: k**2 / 2.0),
    "gamma": (3.5, lambda k, theta: -np.log(theta + k) + np.log(theta)),
}


def design(
    lists: Sequence[str], terms: Sequence[Term], heterogeneity: str | None = None, theta: float | None = None
) -> np.ndarray:
    """Design matrix over ``patterns(len(lists))``: intercept, main effects, interactions, heterogeneity."""
    cells = np.array(patterns(len(lists)), dtype=float)
    columns = [np.ones(len(cells)), *cells.T]
    for term in terms:
        idx = [list(lists).index(n) for n in term]
        columns.append(np.prod(cells[:, idx], axis=1))
    if heterogeneity is not None:
        if heterogeneity not in HETEROGENEITY:
            raise EstimateError(
                f"unknown heterogeneity {heterogeneity!r}; choose one of {', '.join(HETEROGENEITY)}"
            )
        default, f = HETEROGENEITY[heterogeneity]
        columns.append(f(cells.sum(axis=1), default if theta is None else theta))
    return np.column_stack(columns)


def poisson_fit(x: np.ndarray, y: np.ndarray, start: np.ndarray | None = None) -> tuple[np.ndarray, bool]:
    """Maximum likelihood coefficients of a log-link Poisson GLM by Newton steps with step halving."""

    def loglik(b: np.ndarray) -> float:
        eta = x @ b
        return float(np.sum(y * eta - np.exp(eta)))

    if start is None:
        start = np.linalg.lstsq(x, np.log(y + 0.5), rcond=None)[0]
    beta = start.astype(float)
    current = loglik(beta)
    for _ in range(200):
        mu = np.exp(np.clip(x @ beta, -700, 700))
        grad = x.T @ (y - mu)
        hess = x.T @ (x * mu[:, None])
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            return beta, False
        scale = 1.0
        while scale > 1e-8:
            trial = beta + scale * step
            value = loglik(trial)
            if value >= current - 1e-12:
                break
            scale /= 2
        beta, current = trial, value
        if np.max(np.abs(scale * step)) < 1e-10:
            return beta, True
    return beta, False


@dataclass
class LoglinearFit:
    """One fitted model: its terms, N̂, standard error, fit statistics and whether N̂ exists."""

    terms: list[Term]
    heterogeneity: str | None
    estimate: float
    stderr: float
    deviance: float
    df: int
    aic: float
    bic: float
    estimable: bool
    problem: str | None = None
    coef: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)

    @property
    def labels(self) -> list[str]:
        labels = [term_label(t) for t in self.terms]
        if self.heterogeneity:
            labels.append(f"heterogeneity:{self.heterogeneity}")
        return labels


def _empty_terms(table: CaptureTable, terms: Sequence[Term]) -> list[Term]:
    """Interactions whose lists share nobody: their coefficient is -infinity, so no MLE exists."""
    return [t for t in terms if table.overlap(*t) == 0]


def fit_model(
    table: CaptureTable,
    terms: Sequence[Term] = (),
    heterogeneity: str | None = None,
    theta: float | None = None,
) -> LoglinearFit:
    """Fit one log-linear model to the observed cells."""
    x = design(table.lists, terms, heterogeneity, theta)
    y = table.counts()
    n = table.observed
    rank = int(np.linalg.matrix_rank(x))

    def refused(problem: str) -> LoglinearFit:
        nan = float("nan")
        return LoglinearFit(list(terms), heterogeneity, nan, nan, nan, 0, nan, nan, False, problem)

    if rank < x.shape[1]:
        return refused("the model has more parameters than the observed cells can identify")
    empty = _empty_terms(table, terms)
    if empty:
        return refused(f"no one is on all of {', '.join(term_label(t) for t in empty)}: no MLE exists")
    beta, converged = poisson_fit(x, y)
    mu = np.exp(x @ beta)
    if not converged or not np.isfinite(beta).all() or mu.sum() <= 0:
        return refused(
            "the fit diverges, so no maximum likelihood estimate exists "
            "(typically the lists overlap too little for this model)"
        )
    n0 = math.exp(beta[0])
    if n0 > HUGE:
        return refused("the unobserved count diverges: the maximum likelihood estimate does not exist")
    cov = np.linalg.inv(x.T @ (x * mu[:, None]))
    stderr = math.sqrt(n0 + n0**2 * cov[0, 0])
    loglik = float(np.sum(y * np.log(mu) - mu - gammaln(y + 1)))
    with np.errstate(divide="ignore", invalid="ignore"):
        deviance = float(2 * np.sum(np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu)))
    return LoglinearFit(
        terms=list(terms),
        heterogeneity=heterogeneity,
        estimate=n + n0,
        stderr=stderr,
        deviance=deviance,
        df=len(y) - rank,
        aic=-2 * loglik + 2 * rank,
        bic=-2 * loglik + math.log(n) * rank,
        estimable=True,
        coef=beta,
    )


def profile_interval(
    table: CaptureTable,
    fit: LoglinearFit,
    level: float = 0.95,
    theta: float | None = None,
    upper_factor: float = 3.0,
) -> tuple[tuple[float, float], float, list[str]]:
    """Cormack's multinomial profile-likelihood interval for N, the multinomial MLE, and any warnings."""
    notes: list[str] = []
    x = design(table.lists, fit.terms, fit.heterogeneity, theta)
    x_full = np.vstack([x, np.eye(1, x.shape[1])])  # the unobserved cell: intercept only
    y = table.counts()
    n = table.observed
    start = fit.coef.copy()

    def loglik(big_n: float) -> float:
        n0 = max(big_n - n, 0.0)
        y_full = np.append(y, n0)
        beta, _ = poisson_fit(x_full, y_full, start)
        mu = np.exp(x_full @ beta)
        with np.errstate(divide="ignore", invalid="ignore"):
            dev = 2 * np.sum(np.where(y_full > 0, y_full * np.log(y_full / mu), 0.0) - (y_full - mu))
        total = n + n0
        ct = (n0 * math.log(n0) if n0 > 0 else 0.0) + gammaln(total + 1) - total * math.log(total)
        ct -= gammaln(n0 + 1)
        return float(-(dev - 2 * ct) / 2)

    best = optimize.minimize_scalar(
        lambda v: -loglik(v),
        bounds=(n, max(1.5 * fit.estimate, n + 1)),
        method="bounded",
        options={"xatol": 1e-4},
    )
    n_max, l_max = float(best.x), -float(best.fun)
    target = l_max - stats.chi2.ppf(level, 1) / 2

    def gap(v: float) -> float:
        return loglik(v) - target

    # On small, sparse tables the refits can diverge (NaN likelihoods): the interval end is then left
    # open (observed / infinite) with a note, rather than failing the whole estimate.
    traced = "the profile likelihood could not be traced {} the estimate (the fits diverge); {}"
    if gap(n) > 0:
        low = float(n)
        notes.append("the interval's lower end is the number observed")
    else:
        try:
            low = optimize.brentq(gap, n, n_max, xtol=1e-6)
        except (ValueError, FloatingPointError, OverflowError):
            low = float(n)
            notes.append(traced.format("below", "the lower end is the number observed"))
    high_end = max(upper_factor * fit.estimate, n_max + 1)
    high = math.inf
    try:
        for _ in range(6):
            if gap(high_end) < 0:
                high = optimize.brentq(gap, n_max, high_end, xtol=1e-6)
                break
            high_end *= 4
        else:
            notes.append("the interval has no finite upper end within 4000 times the estimate")
    except (ValueError, FloatingPointError, OverflowError):
        high = math.inf
        notes.append(traced.format("above", "the upper end is left open"))
    return (low, high), n_max, notes


MAX_CANDIDATES = 5000  # beyond this an exhaustive search is refused (it would take minutes)


def candidate_models(lists: Sequence[str], maxorder: int = 2) -> list[list[Term]]:
    """Every hierarchical model with all main effects and interactions of at most ``maxorder`` lists:
    a term may be present only if every term of one list fewer inside it is (for 4 lists and order 3
    that is 113 models, as Silverman, Chan & Vincent 2024 count). With ``maxorder`` 2, every subset of
    the pairs, smallest first."""
    pairs = list(itertools.combinations(lists, 2))
    models = [list(c) for r in range(len(pairs) + 1) for c in itertools.combinations(pairs, r)]
    for order in range(3, min(maxorder, len(lists) - 1) + 1):
        grown: list[list[Term]] = []
        for model in models:
            present = set(model)
            allowed = [
                t
                for t in itertools.combinations(lists, order)
                if all(sub in present for sub in itertools.combinations(t, order - 1))
            ]
            for r in range(len(allowed) + 1):
                grown += [[*model, *c] for c in itertools.combinations(allowed, r)]
            if len(grown) > MAX_CANDIDATES:
                raise EstimateError(
                    f"more than {MAX_CANDIDATES} models with interactions of up to {maxorder} lists: "
                    "lower --maxorder"
                )
        models = grown
    return models


def _criterion(fit: LoglinearFit, select: str) -> float:
    return fit.aic if select == "aic" else fit.bic


def _stepwise(table: CaptureTable, select: str, heterogeneity: str | None = None) -> list[LoglinearFit]:
    """Forward then backward search over pairwise terms, from independence; every fit seen is returned."""
    pairs = list(itertools.combinations(table.lists, 2))
    seen: dict[tuple[Term, ...], LoglinearFit] = {}

    def fit(terms: list[Term]) -> LoglinearFit:
        key = tuple(sorted(terms))
        if key not in seen:
            seen[key] = fit_model(table, list(key), heterogeneity)
        return seen[key]

    def score(f: LoglinearFit) -> float:
        return _criterion(f, select) if f.estimable else math.inf

    current: list[Term] = []
    best = score(fit(current))
    improved = True
    while improved:
        improved = False
        moves = [[*current, p] for p in pairs if p not in current]
        moves += [[t for t in current if t != p] for p in current]
        for terms in moves:
            value = score(fit(terms))
            if value < best - 1e-9:
                best, chosen, improved = value, terms, True
        if improved:
            current = chosen
    return list(seen.values())


def search(
    table: CaptureTable, select: str = "bic", heterogeneity: str | None = None, maxorder: int = 2
) -> list[LoglinearFit]:
    """Every candidate model fitted, estimable ones first, best ``select`` criterion first.

    With ``heterogeneity`` every candidate also has that heterogeneity column (Rcapture's closedpMS.t).
    ``maxorder`` above 2 also admits hierarchical interactions of more lists (exhaustive search only)."""
    if select not in ("aic", "bic"):
        raise EstimateError(f"unknown selection criterion {select!r}; choose aic or bic")
    pairs = len(table.lists) * (len(table.lists) - 1) // 2
    if maxorder > 2:
        fits = [fit_model(table, terms, heterogeneity) for terms in candidate_models(table.lists, maxorder)]
    elif pairs <= EXHAUSTIVE_MAX_PAIRS:
        fits = [fit_model(table, terms, heterogeneity) for terms in candidate_models(table.lists)]
    else:
        fits = _stepwise(table, select, heterogeneity)
    return sorted(fits, key=lambda f: (not f.estimable, _criterion(f, select) if f.estimable else 0.0))


def poisson_fit_many(
    x: np.ndarray, ys: np.ndarray, start: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """``poisson_fit`` for many count vectors (rows of ``ys``) sharing one design, all at once: Newton
    steps with step halving row by row. Returns the coefficients and which rows converged."""
    rows = ys.shape[0]
    if start is None:
        start = np.linalg.lstsq(x, np.log(ys.mean(axis=0) + 0.5), rcond=None)[0]
    beta = np.tile(start.astype(float), (rows, 1))

    def loglik(b: np.ndarray, rows_: np.ndarray | slice = slice(None)) -> np.ndarray:
        eta = np.clip(b @ x.T, -700, 700)
        return np.sum(ys[rows_] * eta - np.exp(eta), axis=1)

    current = loglik(beta)
    done = np.zeros(rows, dtype=bool)
    for _ in range(200):
        mu = np.exp(np.clip(beta @ x.T, -700, 700))
        grad = (ys - mu) @ x
        hess = np.einsum("ri,ij,ik->rjk", mu, x, x)
        try:
            step = np.linalg.solve(hess, grad[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            break
        step[done] = 0.0
        scale = np.ones(rows)
        trial = beta + step
        value = loglik(trial)
        for _ in range(30):
            worse = value < current - 1e-12
            if not worse.any():
                break
            scale[worse] /= 2
            trial[worse] = beta[worse] + scale[worse, None] * step[worse]
            value[worse] = loglik(trial[worse], worse)
        beta, current = trial, value
        done |= np.max(np.abs(scale[:, None] * step), axis=1) < 1e-10
        if done.all():
            break
    return beta, done & np.isfinite(beta).all(axis=1)


def research_estimator(
    table: CaptureTable, fits: Sequence[LoglinearFit], select: str, theta: float | None = None
):
    """A (resamples x cells) counts -> N̂ per resample function that repeats the ``select`` choice
    among the models of ``fits`` (the search already run on ``table``): for bootstrap resamples, where
    it must be fast, every model is fitted to all resamples at once from the original coefficients. A
    model is skipped for a resample where ``fit_model`` would refuse it."""
    cells = np.array(patterns(len(table.lists)), dtype=bool)
    prepared = []
    for f in fits:
        x = design(table.lists, f.terms, f.heterogeneity, theta)
        if int(np.linalg.matrix_rank(x)) < x.shape[1]:
            continue
        on_terms = [cells[:, [table.lists.index(n) for n in t]].all(axis=1) for t in f.terms]
        prepared.append((x, on_terms, f.coef if f.estimable else None))

    def best(ys: np.ndarray) -> np.ndarray:
        n = ys.sum(axis=1)
        penalty = 2.0 if select == "aic" else np.log(n)
        best_crit = np.full(len(ys), np.inf)
        best_n = np.full(len(ys), np.nan)
        for x, on_terms, start in prepared:
            beta, ok = poisson_fit_many(x, ys, start)
            for on in on_terms:
                ok &= ys[:, on].sum(axis=1) > 0
            ok &= beta[:, 0] < math.log(HUGE)
            mu = np.exp(np.clip(beta @ x.T, -700, 700))
            with np.errstate(divide="ignore", invalid="ignore"):
                loglik = np.sum(ys * np.log(mu) - mu - gammaln(ys + 1), axis=1)
            crit = np.where(ok, -2 * loglik + penalty * x.shape[1], np.inf)
            better = crit < best_crit
            best_crit[better] = crit[better]
            best_n[better] = n[better] + np.exp(beta[better, 0])
        return best_n

    return best


@dataclass
class ModelRow:
    """One line of "how the estimate changes by model"."""

    model: list[str]
    aic: float | None
    bic: float | None
    estimate: float | None
    interval: tuple[float, float] | None
    deviance: float | None
    df: int | None
    problem: str | None

    def to_json(self) -> dict:
        def r(v: float | None) -> float | None:
            return None if v is None or not math.isfinite(v) else round(v, 4)

        return {
            "model": self.model,
            "aic": r(self.aic),
            "bic": r(self.bic),
            "estimate": r(self.estimate),
            "interval": None if self.interval is None else [r(self.interval[0]), r(self.interval[1])],
            "deviance": r(self.deviance),
            "df": self.df,
            "problem": self.problem,
        }


def model_comparison(
    table: CaptureTable,
    select: str = "bic",
    level: float = 0.95,
    intervals: int = 10,
    heterogeneity: str | None = None,
) -> list[ModelRow]:
    """How the estimate changes by model: every candidate with AIC, BIC, N̂ and (for the best
    ``intervals`` of them) the profile-likelihood interval, best ``select`` first."""
    rows = []
    for i, f in enumerate(search(table, select, heterogeneity)):
        if not f.estimable:
            rows.append(ModelRow(f.labels, None, None, None, None, None, None, f.problem))
            continue
        interval = profile_interval(table, f, level)[0] if i < intervals else None
        rows.append(ModelRow(f.labels, f.aic, f.bic, f.estimate, interval, f.deviance, f.df, None))
    return rows


def estimate(
    table: CaptureTable,
    *,
    interactions: str | Sequence[str] | None = None,
    select: str = "bic",
    level: float = 0.95,
    heterogeneity: str | None = None,
    theta: float | None = None,
    maxorder: int = 2,
    interval: str = "profile",
    replicates: int = 1000,
    seed: int = 1,
    **_: object,
) -> Estimate:
    """N̂ from the given interactions, or from the model with the best AIC/BIC when none are given.

    ``interval="bca"`` replaces the profile interval by the BCa bootstrap interval of the chosen model
    (refitted, not re-chosen, on each of ``replicates`` resamples: Silverman, Chan & Vincent's 2024
    n_top = 1); ``"bca-search"`` repeats the whole AIC/BIC choice on every resample (their n_top =
    every model), so the interval allows for the model choice. The profile interval stays in the
    diagnostics."""
    if interval not in ("profile", "bca", "bca-search"):
        raise EstimateError(f"unknown interval {interval!r}; choose profile, bca or bca-search")
    empty_lists = [name for name, total in table.list_totals().items() if total == 0]
    if empty_lists:
        raise EstimateError(
            f"list {', '.join(empty_lists)} has no records: a log-linear model cannot use it; drop the column"
        )
    warnings = data_warnings(table)
    candidates = None
    if interactions is not None:
        terms = parse_terms(interactions, table.lists)
        empty = _empty_terms(table, terms)
        if empty:
            warnings.append(
                f"dropped {', '.join(term_label(t) for t in empty)}: no one is on all of those lists, "
                "so the interaction has no finite estimate"
            )
            terms = [t for t in terms if t not in empty]
        fit = fit_model(table, terms, heterogeneity, theta)
        chosen_by = "given"
    else:
        candidates = search(table, select, heterogeneity, maxorder)
        fit = candidates[0]
        chosen_by = select
    if not fit.estimable:
        raise EstimateError(f"model {', '.join(fit.labels) or 'independence'}: {fit.problem}")
    profile, n_max, notes = profile_interval(table, fit, level, theta)
    warnings += notes + extrapolation_warning(fit.estimate, table.observed)
    interval_method = "multinomial profile likelihood (Cormack 1992)"
    bca_notes: dict[str, object] = {}
    if interval in ("bca", "bca-search"):
        from rightsledger.analyze.estimate.bootstrap import bca

        if interval == "bca-search" and candidates is None:
            raise EstimateError("--interval bca-search needs a model search: give no --interactions")
        models = candidates if interval == "bca-search" else [fit]
        boot = bca(
            table,
            many=research_estimator(table, models, select, theta),
            level=level,
            replicates=replicates,
            seed=seed,
        )
        what = f"repeating the {select.upper()} choice" if interval == "bca-search" else "of the chosen model"
        interval_method = f"BCa bootstrap {what} ({replicates} resamples, seed {seed})"
        interval_ends = boot.interval
        bca_notes = {
            "profile_interval": list(profile),
            "acceleration": boot.acceleration,
            "bias_correction": boot.bias_correction,
            "failed_resamples": boot.failed,
        }
    else:
        interval_ends = profile
    diagnostics: dict[str, object] = {
        "stderr": fit.stderr,
        "deviance": fit.deviance,
        "df": fit.df,
        "aic": fit.aic,
        "bic": fit.bic,
        "gof_p_value": float(stats.chi2.sf(fit.deviance, fit.df)) if fit.df > 0 else None,
        "multinomial_mle": n_max,
        "interval_method": interval_method,
        "selected_by": chosen_by,
        **bca_notes,
    }
    if candidates is not None:
        diagnostics["models_compared"] = len(candidates)
        if maxorder > 2:
            diagnostics["search"] = f"all hierarchical models up to order {maxorder}"
        else:
            exhaustive = len(candidates) == len(candidate_models(table.lists))
            diagnostics["search"] = "all pairwise models" if exhaustive else "stepwise"
        estimable = [c for c in candidates if c.estimable]
        if len(estimable) > 1:
            diagnostics["runner_up"] = {
                "model": estimable[1].labels,
                "estimate": estimable[1].estimate,
                select: _criterion(estimable[1], select),
            }
    if fit.df > 0 and diagnostics["gof_p_value"] is not None and diagnostics["gof_p_value"] < 0.05:
        warnings.append(
            f"the chosen model fits poorly (deviance {fit.deviance:.1f} on {fit.df} df, "
            f"p = {diagnostics['gof_p_value']:.3g})"
        )
    return Estimate(
        estimate=fit.estimate,
        interval=interval_ends,
        level=level,
        observed=table.observed,
        method=NAME,
        model=fit.labels,
        diagnostics=diagnostics,
        warnings=warnings,
        lists=table.lists,
        stratum=table.stratum,
    )
