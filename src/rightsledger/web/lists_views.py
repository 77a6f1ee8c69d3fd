"""Victim-list pages: lists and overlaps, estimates by stratum and by model, persons, the review queue.

Access rules are in ``lists_policy.LISTS_POLICIES``; the work is done in ``lists_services``.
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from rightsledger.analyze.estimate import EstimateError
from rightsledger.analyze.linkage import STRATA
from rightsledger.web.lists_chart import intervals, upset
from rightsledger.web.lists_services import METHODS, Estimates, ListsView, parse_strata
from rightsledger.web.render import render

router = APIRouter(include_in_schema=False)


def lists_view(request: Request) -> ListsView:
    return ListsView(request.app.state.services.ledger, request.state.principal.user)


@router.get("/lists")
def lists_page(request: Request) -> Response:
    v = lists_view(request)
    names, rows = v.overlaps()
    return render(
        request,
        "lists.html",
        {
            "summaries": v.summaries(),
            "run": v.last_run(),
            "pending": v.pending_review(),
            "names": names,
            "rows": rows,
            "chart": upset(names, rows),
        },
    )


def _interval_rows(
    found: Estimates,
) -> list[tuple[str, float | None, float | None, float | None, int | None]]:
    shown = [*found.rows, found.total] if found.strata else [found.total]
    out = []
    for r in shown:
        label = "total" if r is found.total else str(r.stratum)
        e = r.estimate
        out.append((label, *((e.estimate, *e.interval) if e else (None, None, None)), r.observed))
    return out


@router.get("/lists/estimate")
def estimate_page(request: Request, method: str = "loglinear", strata: str = "") -> Response:
    v = lists_view(request)
    chosen = parse_strata(strata)
    try:
        found = v.estimates(method, chosen)
    except EstimateError as error:
        found, problem = None, str(error)
    else:
        problem = None
    models = found.models if found else []
    return render(
        request,
        "lists_estimate.html",
        {
            "found": found,
            "problem": problem,
            "method": method,
            "strata": chosen,
            "methods": METHODS,
            "inf": math.inf,
            "all_strata": STRATA,
            "chart": intervals(_interval_rows(found)) if found else "",
            "models_chart": intervals(
                [(", ".join(m.model) or "independence", m.estimate, *(m.interval or (None, None)), None)
                 for m in models if not m.problem]
            ),
        },
    )  # fmt: skip


@router.get("/lists/persons")
def persons_page(request: Request) -> Response:
    return render(request, "lists_persons.html", {"persons": lists_view(request).persons()})


@router.get("/lists/review")
def review_page(request: Request) -> Response:
    return render(request, "lists_review.html", {"queue": lists_view(request).review_queue()})


@router.post("/lists/review")
def decide(
    request: Request,
    pair: Annotated[str, Form(max_length=50)],
    decision: Annotated[str, Form(max_length=20)],
    note: Annotated[str, Form(max_length=2000)],
) -> Response:
    lists_view(request).decide(pair, decision, note)
    return RedirectResponse("/lists/review", status_code=303)
