"""``rightsledger estimate``: multiple systems estimation from a capture-history CSV or linked lists.

Hooked into the main app by ``register(app)``; the estimation code is imported only when the
command runs, so ``--help`` stays fast.
"""

from __future__ import annotations

import json
import math
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rightsledger.analyze.estimate import CaptureTable, Estimate, ModelRow


class Method(StrEnum):
    loglinear = "loglinear"
    dga = "dga"
    lcmcr = "lcmcr"
    bhs = "bhs"
    sparsemse = "sparsemse"


class Interval(StrEnum):
    profile = "profile"
    bca = "bca"
    bca_search = "bca-search"


class Select(StrEnum):
    aic = "aic"
    bic = "bic"


class Heterogeneity(StrEnum):
    poisson = "poisson"
    darroch = "darroch"
    gamma = "gamma"


class Format(StrEnum):
    table = "table"
    json = "json"


def _names(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


def _linked_tables(ctx: typer.Context, lists: list[str], strata: list[str]) -> list[CaptureTable]:
    """Capture tables built from the ledger's linked victim lists (current person clusters)."""
    from rightsledger.analyze.estimate.linked import linked_tables
    from rightsledger.cli import _open

    with _open(ctx) as ledger:
        return linked_tables(ledger, lists or None, strata or None)


def _in_stratum(run: Any, table: CaptureTable, method: str, options: dict[str, Any]) -> Estimate:
    """One stratum's estimate; a refusal names the stratum (small strata often leave a list empty)."""
    from rightsledger.analyze.estimate import EstimateError

    try:
        return run(table, method, **options)
    except (EstimateError, ArithmeticError, ValueError) as error:  # ValueError: e.g. a NaN profile
        raise EstimateError(
            f"stratum {table.stratum} ({table.observed} persons): {error}; "
            "choose coarser strata or fewer lists"
        ) from None


def _fmt(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "∞" if value == math.inf else "-"
    return f"{value:,.0f}"


def _interval(interval: tuple[float, float] | None) -> str:
    return "-" if interval is None else f"[{_fmt(interval[0])}, {_fmt(interval[1])}]"


def _print_estimates(rows: list[Estimate], total: Estimate | None) -> None:
    from rightsledger.cli import err, out

    shown = [*rows, total] if total is not None else rows
    first = shown[0]
    table = Table(box=None, pad_edge=False)
    if total is not None:
        table.add_column("stratum")
    for name in ("observed", "estimate", f"{first.level:.0%} interval", "model"):
        table.add_column(name, justify="right" if name != "model" else "left")
    for e in shown:
        cells = [_fmt(e.observed), _fmt(e.estimate), _interval(e.interval), ", ".join(e.model) or "-"]
        if total is not None:
            cells.insert(0, "total" if e is total else str(e.stratum))
        table.add_row(*(Text(c) for c in cells))  # Text: list names are data, never markup or emoji
    out.print(f"method: {first.method}; lists: {', '.join(first.lists)}", markup=False)
    out.print(table)
    for e in shown:
        label = "" if total is None else f"[{'total' if e is total else e.stratum}] "
        for w in e.warnings:
            err.print(f"warning: {label}{w}", markup=False)


def _print_models(rows: list[ModelRow], select: str) -> None:
    from rightsledger.cli import out

    table = Table("model", "AIC", "BIC", "estimate", "interval", box=None, pad_edge=False)
    for r in rows:
        name = ", ".join(r.model) or "independence"
        if r.problem:
            cells = [name, "-", "-", "-", r.problem]
        else:
            cells = [name, f"{r.aic:.1f}", f"{r.bic:.1f}", _fmt(r.estimate), _interval(r.interval)]
        table.add_row(*(Text(c) for c in cells))
    out.print(f"log-linear models, best {select.upper()} first:", markup=False)
    out.print(table)


def estimate_command(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Capture-history CSV: one 0/1 column per list and a count column. "
            "Without it, the ledger's linked lists are used."
        ),
    ] = None,
    method: Annotated[Method, typer.Option("--method", help="Estimator.")] = Method.loglinear,
    interactions: Annotated[
        str | None, typer.Option("--interactions", help="Log-linear interactions, e.g. A:B,B:C.")
    ] = None,
    select: Annotated[
        Select, typer.Option("--select", help="Log-linear model selection when no interactions are given.")
    ] = Select.bic,
    heterogeneity: Annotated[
        Heterogeneity | None,
        typer.Option("--heterogeneity", help="Log-linear: add Rcapture's heterogeneity column (Mth models)."),
    ] = None,
    level: Annotated[float, typer.Option("--level", help="Interval level, between 0 and 1.")] = 0.95,
    count_column: Annotated[
        str | None,
        typer.Option("--count-column", help="Count column, when not count, freq, frequency or n."),
    ] = None,
    strata: Annotated[
        str | None,
        typer.Option(
            "--strata",
            help="Columns to stratify by (comma separated); without FILE: sex, event, event_year, "
            "event_place, age_group.",
        ),
    ] = None,
    lists: Annotated[
        str | None, typer.Option("--lists", help="Linked lists to use, without FILE (default: all).")
    ] = None,
    maxorder: Annotated[
        int,
        typer.Option("--maxorder", min=2, help="Log-linear search: interactions of up to this many lists."),
    ] = 2,
    interval: Annotated[
        Interval,
        typer.Option(
            "--interval",
            help="Log-linear interval: profile likelihood, BCa bootstrap of the model, or of the search.",
        ),
    ] = Interval.profile,
    pthresh: Annotated[
        float | None,
        typer.Option("--pthresh", help="Stepwise p-value threshold (bhs: 0.05, sparsemse: 0.02)."),
    ] = None,
    replicates: Annotated[
        int, typer.Option("--replicates", min=50, help="Bootstrap resamples (sparsemse, --interval bca).")
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed for the MCMC and bootstrap methods.")] = 1,
    iterations: Annotated[
        int | None, typer.Option("--iterations", min=100, help="MCMC iterations after burn-in (lcmcr).")
    ] = None,
    models: Annotated[
        bool, typer.Option("--models", help="Also list every candidate log-linear model.")
    ] = False,
    format: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Estimate how many people there are in total, seen or not, from overlapping lists."""
    from rightsledger.analyze.estimate import (
        EstimateError,
        combine,
        estimate,
        model_comparison,
        read_capture_csv,
    )

    if not 0 < level < 1:
        raise EstimateError(f"--level must be between 0 and 1, got {level}")
    if (interactions or heterogeneity) and method is not Method.loglinear:
        raise EstimateError("--interactions and --heterogeneity apply to --method loglinear only")
    strata_cols = _names(strata)
    if file is None:
        tables = _linked_tables(ctx, _names(lists), strata_cols)
    else:
        tables = read_capture_csv(file, count_column=count_column, strata=strata_cols)
    options: dict[str, Any] = {"level": level, "seed": seed, "replicates": replicates}
    if method is Method.loglinear:
        options.update(
            interactions=interactions,
            select=select.value,
            heterogeneity=heterogeneity.value if heterogeneity else None,
            maxorder=maxorder,
            interval=interval.value,
        )
    if pthresh is not None:
        if method not in (Method.bhs, Method.sparsemse):
            raise EstimateError("--pthresh applies to --method bhs or sparsemse only")
        options["pthresh"] = pthresh
    if iterations is not None:
        options["iterations"] = iterations
    total_table = combine(tables) if strata_cols else tables[0]
    per_stratum = [_in_stratum(estimate, t, method.value, options) for t in tables] if strata_cols else []
    total = estimate(total_table, method.value, **options)
    if strata_cols:
        total.diagnostics["sum_of_strata"] = sum(e.estimate for e in per_stratum)
    comparison = None
    if models:
        het = heterogeneity.value if heterogeneity else None
        comparison = model_comparison(total_table, select.value, level, heterogeneity=het)
    if format is Format.json:
        payload = total.to_json()
        if strata_cols:
            payload["strata"] = [e.to_json() for e in per_stratum]
        if comparison is not None:
            payload["models"] = [r.to_json() for r in comparison]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return
    if strata_cols:
        _print_estimates(per_stratum, total)
    else:
        _print_estimates([total], None)
    if comparison is not None:
        _print_models(comparison, select.value)


def register(app: typer.Typer) -> None:
    from rightsledger.cli import friendly

    app.command("estimate")(friendly(estimate_command))
