"""The Bayesian latent-class capture-recapture model LCMCR (Manrique-Vallier 2016, Biometrics).

People fall into latent classes (a Dirichlet process truncated at K classes, stick-breaking weights
nu with concentration alpha ~ Gamma(a, b)); within a class, list j records a person with probability
lambda_jk (Beta(1, 1) prior) independently of the other lists. Heterogeneity between classes is what
lets the lists look dependent. The prior on N is proportional to 1/N. The Gibbs sampler follows the
LCMCR package's steps: classes of the observed cells (multinomial per cell), lambda (Beta), the
sticks (Beta), the probability of being on no list, the number unobserved n0 (negative binomial),
the classes of the unobserved (multinomial), and alpha (Gamma). Every step draws a whole array at
once from one seeded numpy Generator, so a run repeats exactly for a seed.
"""

from __future__ import annotations

import math

import numpy as np

from rightsledger.analyze.estimate.result import Estimate, data_warnings, extrapolation_warning
from rightsledger.analyze.estimate.table import CaptureTable, EstimateError

NAME = "rightsledger.mse.lcmcr.v1"
MAX_N0_FACTOR = 20  # as LCMCR: draws of n0 above 20 times the observed count are redrawn


def _log_gamma(rng: np.random.Generator, shape: np.ndarray) -> np.ndarray:
    """log of Gamma(shape, 1) draws, exact even when shape is tiny: G(a) = G(a + 1) U^(1/a)."""
    return np.log(rng.standard_gamma(shape + 1.0)) + np.log(rng.random(np.shape(shape))) / shape


def _log_beta_pair(
    rng: np.random.Generator, a: np.ndarray, b: np.ndarray, tiny_b: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """log(X) and log(1 - X) for X ~ Beta(a, b), from two Gamma draws (stable when X is near 0 or 1).

    ``a`` is always at least 1 here; ``tiny_b`` says ``b`` may be near 0, where a plain Gamma draw
    underflows to 0."""
    ga = np.log(rng.standard_gamma(a))
    gb = _log_gamma(rng, b) if tiny_b else np.log(rng.standard_gamma(b))
    total = np.logaddexp(ga, gb)
    return ga - total, gb - total


def sample(
    table: CaptureTable,
    *,
    iterations: int = 40_000,
    burn_in: int = 10_000,
    thinning: int = 10,
    classes: int = 10,
    a_alpha: float = 0.25,
    b_alpha: float = 0.25,
    seed: int = 1,
) -> dict[str, np.ndarray]:
    """Posterior draws of N (and of alpha and the number of occupied classes) after burn-in, thinned."""
    rng = np.random.default_rng(seed)
    observed = [(p, c) for p, c in table.cells.items() if c > 0 and any(p)]
    x = np.array([p for p, _ in observed], dtype=float)  # (cells, lists)
    freq = np.array([c for _, c in observed], dtype=np.int64)
    n = int(freq.sum())
    k = classes
    alpha = 1.0
    log_nu = np.full(k, -math.log(k))
    log_lam1, log_lam0 = _log_beta_pair(rng, np.ones((x.shape[1], k)), np.ones((x.shape[1], k)))
    n0 = 0
    count0 = np.zeros(k, dtype=np.int64)
    kept_n, kept_alpha, kept_k = [], [], []
    for it in range(burn_in + iterations):
        # classes of the observed people, cell by cell
        logp = log_nu + x @ log_lam1 + (1 - x) @ log_lam0
        probs = np.exp(logp - logp.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        counts = rng.multinomial(freq, probs)  # (cells, classes)
        # lambda: who in each class is on each list (the unobserved are on none)
        ones = x.T @ counts
        zeros = (1 - x).T @ counts + count0
        log_lam1, log_lam0 = _log_beta_pair(rng, 1.0 + ones, 1.0 + zeros)
        # stick-breaking weights
        per_class = counts.sum(axis=0) + count0
        after = n + n0 - np.cumsum(per_class)[:-1]
        log_v, log_1mv = _log_beta_pair(rng, 1.0 + per_class[:-1], alpha + after, tiny_b=True)
        prefix = np.concatenate(([0.0], np.cumsum(log_1mv)))
        log_nu = np.append(log_v + prefix[:-1], prefix[-1])
        # the unobserved: how many, and in which classes
        log_zero = log_nu + log_lam0.sum(axis=0)
        prob_zero = float(np.exp(log_zero).sum())
        while True:
            n0 = int(rng.negative_binomial(n, min(max(1.0 - prob_zero, 1e-300), 1.0)))
            if n0 <= MAX_N0_FACTOR * n:
                break
        if n0:
            weights = np.exp(log_zero - log_zero.max())
            count0 = rng.multinomial(n0, weights / weights.sum())
        else:
            count0 = np.zeros(k, dtype=np.int64)
        alpha = float(rng.gamma(a_alpha + k - 1, 1.0 / (b_alpha - log_nu[-1])))
        if it >= burn_in and (it - burn_in) % thinning == 0:
            kept_n.append(n + n0)
            kept_alpha.append(alpha)
            kept_k.append(int(np.count_nonzero(per_class)))
    return {"N": np.array(kept_n), "alpha": np.array(kept_alpha), "classes": np.array(kept_k)}


def effective_size(draws: np.ndarray) -> float:
    """Effective sample size from the autocorrelations, summed until they first turn negative."""
    x = draws - draws.mean()
    if not x.any():
        return float(draws.size)
    spectrum = np.fft.rfft(x, 2 * x.size)
    acf = np.fft.irfft(spectrum * np.conj(spectrum))[: x.size]
    acf /= acf[0]
    total = 0.0
    for rho in acf[1:]:
        if rho < 0:
            break
        total += rho
    return float(draws.size / (1 + 2 * total))


def estimate(
    table: CaptureTable,
    *,
    level: float = 0.95,
    seed: int = 1,
    iterations: int = 40_000,
    burn_in: int | None = None,
    thinning: int = 10,
    classes: int = 10,
    a_alpha: float = 0.25,
    b_alpha: float = 0.25,
    **_: object,
) -> Estimate:
    """Posterior median of N with an equal-tailed credible interval; seeded, so runs repeat."""
    if classes < 1:
        raise EstimateError(f"the latent class model needs at least 1 class, got {classes}")
    burn_in = iterations // 4 if burn_in is None else burn_in
    draws = sample(
        table,
        iterations=iterations,
        burn_in=burn_in,
        thinning=thinning,
        classes=classes,
        a_alpha=a_alpha,
        b_alpha=b_alpha,
        seed=seed,
    )
    big_n = draws["N"].astype(float)
    low, median, high = np.quantile(big_n, [(1 - level) / 2, 0.5, (1 + level) / 2])
    ess = effective_size(big_n)
    warnings = data_warnings(table)
    if ess < 200:
        warnings.append(f"only about {ess:.0f} effectively independent draws of N: run more --iterations")
    if np.mean(big_n >= MAX_N0_FACTOR * table.observed) > 0.01:
        warnings.append("draws of N reach the sampler's cap of 20 times the observed: the tail is cut off")
    if np.mean(draws["classes"] >= classes) > 0.5:
        warnings.append(f"most draws use all {classes} latent classes: consider a larger truncation K")
    warnings += extrapolation_warning(float(median), table.observed)
    return Estimate(
        estimate=float(median),
        interval=(float(low), float(high)),
        level=level,
        observed=table.observed,
        method=NAME,
        model=[f"latent classes (K={classes})"],
        diagnostics={
            "posterior_mean": float(big_n.mean()),
            "posterior_sd": float(big_n.std(ddof=1)),
            "draws": int(big_n.size),
            "effective_draws": ess,
            "iterations": iterations,
            "burn_in": burn_in,
            "thinning": thinning,
            "seed": seed,
            "alpha_mean": float(draws["alpha"].mean()),
            "occupied_classes_mean": float(draws["classes"].mean()),
            "prior": f"N ~ 1/N; alpha ~ Gamma({a_alpha}, {b_alpha}); lambda ~ Beta(1, 1)",
        },
        warnings=warnings,
        lists=table.lists,
        stratum=table.stratum,
    )
