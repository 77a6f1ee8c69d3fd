"""The victim-list JSON API under /api/v1/lists (bearer tokens only): the pages' twins."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from rightsledger.web.api import bearer
from rightsledger.web.lists_services import ListsView, parse_strata

router = APIRouter(prefix="/api/v1", tags=["victim lists"], dependencies=[Depends(bearer)])


class DecisionIn(BaseModel):
    pair: str = Field(description="two record ids as L-R, e.g. 12-40", max_length=50)
    decision: str = Field(description="match or non-match", max_length=20)
    note: str = Field(description="why (required)", max_length=2000)


def lists_view(request: Request) -> ListsView:
    return ListsView(request.app.state.services.ledger, request.state.principal.user)


@router.get("/lists", summary="Victim lists (record and person counts), the last link run, overlaps")
def lists(request: Request) -> dict[str, Any]:
    v = lists_view(request)
    names, rows = v.overlaps()
    return {
        "lists": [vars(s) for s in v.summaries()],
        "last_run": v.last_run(),
        "pending_review": v.pending_review(),
        "overlaps": [
            {"pattern": list(p), "lists": [names[i] for i, b in enumerate(p) if b], "persons": n}
            for p, n in rows
        ],
    }


@router.get(
    "/lists/estimate", summary="Multiple systems estimate from the linked lists, per stratum and by model"
)
def estimate(request: Request, method: str = "loglinear", strata: str = "") -> dict[str, Any]:
    return lists_view(request).estimates(method, parse_strata(strata)).to_json()


@router.get("/lists/persons", summary="Persons with their records (analyst and up: names)")
def persons(request: Request) -> dict[str, Any]:
    return {"persons": lists_view(request).persons()}


@router.get("/lists/review", summary="Uncertain record pairs, most uncertain first")
def review_queue(request: Request) -> dict[str, Any]:
    return {"pairs": lists_view(request).review_queue()}


@router.post("/lists/review", summary="Record a match or non-match decision on a pair", status_code=201)
def decide(request: Request, body: DecisionIn) -> dict[str, Any]:
    return vars(lists_view(request).decide(body.pair, body.decision, body.note))
