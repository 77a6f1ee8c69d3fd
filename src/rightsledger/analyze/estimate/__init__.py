"""Multiple systems estimation (capture-recapture): how many people, seen or not, from overlapping lists.

Estimators are registered under versioned names in ``estimators`` (a catalogue registry) and take a
``CaptureTable`` plus keyword options, returning an ``Estimate``:

- ``rightsledger.mse.loglinear.v1``: Poisson log-linear models, chosen interactions or AIC/BIC search,
  profile-likelihood interval (Rcapture's approach);
- ``rightsledger.mse.dga.v1``: Bayesian model averaging over decomposable graphical models
  (Madigan & York 1997, the dga package);
- ``rightsledger.mse.lcmcr.v1``: the Dirichlet-process latent class model (Manrique-Vallier 2016);
- ``rightsledger.mse.bhs.v1``: Bales, Hesketh & Silverman's stepwise log-linear model (the UK Home
  Office's 2014 modern-slavery estimate), profile-likelihood interval;
- ``rightsledger.mse.sparsemse.v1``: Chan, Silverman & Vincent's stepwise model for sparse lists, with
  extended maximum likelihood and a BCa bootstrap interval that repeats the model choice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import catalogue

from rightsledger.analyze.estimate import dga, lcmcr, loglinear, stepwise
from rightsledger.analyze.estimate.loglinear import ModelRow, model_comparison
from rightsledger.analyze.estimate.result import Estimate, data_warnings
from rightsledger.analyze.estimate.table import (
    COUNT_COLUMNS,
    CaptureTable,
    EstimateError,
    combine,
    patterns,
    read_capture_csv,
    tables_from_frame,
)
from rightsledger.registries import lookup

estimators = catalogue.create("rightsledger", "mse_estimators", entry_points=True)
estimators.register(loglinear.NAME, func=loglinear.estimate)
estimators.register(dga.NAME, func=dga.estimate)
estimators.register(lcmcr.NAME, func=lcmcr.estimate)
estimators.register(stepwise.BHS_NAME, func=stepwise.estimate_bhs)
estimators.register(stepwise.SPARSE_NAME, func=stepwise.estimate_sparse)

METHODS = {
    "loglinear": loglinear.NAME,
    "dga": dga.NAME,
    "lcmcr": lcmcr.NAME,
    "bhs": stepwise.BHS_NAME,
    "sparsemse": stepwise.SPARSE_NAME,
}


def estimator(name: str) -> Callable[..., Estimate]:
    """The estimator registered as ``name`` (a full name, or a short one such as ``loglinear``)."""
    return lookup(estimators, METHODS.get(name, name), "estimator", EstimateError)


def estimate(table: CaptureTable, method: str = "loglinear", **options: Any) -> Estimate:
    """Estimate the population size behind ``table`` with the named method."""
    return estimator(method)(table, **options)


__all__ = [
    "COUNT_COLUMNS",
    "METHODS",
    "CaptureTable",
    "Estimate",
    "EstimateError",
    "ModelRow",
    "combine",
    "data_warnings",
    "estimate",
    "estimator",
    "estimators",
    "model_comparison",
    "patterns",
    "read_capture_csv",
    "tables_from_frame",
]
