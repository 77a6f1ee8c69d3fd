"""The JSON API under /api/v1 (bearer tokens only), and its documentation page at /api/docs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from rightsledger.web import exports
from rightsledger.web.render import render
from rightsledger.web.services import HIT_START, HIT_STOP, Services, View

# Declares the bearer scheme in the OpenAPI document; ``policy.enforce`` does the checking.
bearer = HTTPBearer(auto_error=False, description="An API token from `rightsledger token create NAME`.")
router = APIRouter(prefix="/api/v1", tags=["ledger"], dependencies=[Depends(bearer)])
docs_router = APIRouter(include_in_schema=False)


class ReviewIn(BaseModel):
    action: str = Field(description="accept, correct, reject or note")
    note: str | None = Field(None, description="why (required except for accept)")
    changes: dict[str, str] = Field(default_factory=dict, description="field -> value, for correct")


def view(request: Request) -> View:
    services: Services = request.app.state.services
    return View(services, request.state.principal.user)


def _document(v: View, doc: Any, *, text: bool) -> dict[str, Any]:
    data = {
        "id": doc.id,
        "sha256": doc.sha256,
        "title": doc.title,
        "publisher": doc.publisher,
        "url": doc.url,
        "published": doc.published,
        "media_type": doc.media_type,
        "size": doc.size,
        "added_at": doc.added_at,
        "added_by": doc.added_by,
        "restricted": v.is_restricted(doc.id),
    }
    if text:
        data["text"] = doc.text
    return data


@router.get("/documents", summary="Documents, in the order they were added")
def documents(request: Request) -> dict[str, Any]:
    v = view(request)
    return {"documents": [_document(v, d, text=False) for d in v.documents()]}


@router.get("/documents/{ref}", summary="One document (id or SHA-256 prefix) with its text")
def document(request: Request, ref: str) -> dict[str, Any]:
    v = view(request)
    return _document(v, v.document(ref), text=True)


@router.get("/documents/{ref}/facts", summary="The facts of a document's latest extraction, as reviewed")
def document_facts(request: Request, ref: str) -> dict[str, Any]:
    v = view(request)
    doc = v.document(ref)
    return {"document": doc.id, "facts": [v.fact_json(f) for f in v.document_facts(doc)]}


@router.post(
    "/documents", summary="Upload a report: ingest, extract and store it in one unit", status_code=201
)
async def upload(
    request: Request,
    file: Annotated[UploadFile, File()],
    publisher: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
) -> dict[str, Any]:
    data = await file.read()
    doc_id, created, facts = await run_in_threadpool(
        view(request).upload,
        file.filename or "upload",
        data,
        publisher=publisher,
        url=url,
        published=published,
        title=title,
    )
    return {"document": doc_id, "created": created, "facts": facts}


@router.get("/search", summary="Full-text search with facets (country, event, violation, date range)")
def search(
    request: Request,
    q: str = "",
    country: str = "",
    event: str = "",
    violation: str = "",
    to: str = "",
) -> dict[str, Any]:
    v = view(request)
    date_from = request.query_params.get("from", "")
    hits, facets = v.search(
        q, country=country, event=event, violation=violation, date_from=date_from, date_to=to
    )
    return {
        "hits": [
            {
                **_document(v, doc, text=False),
                "snippet": snippet.replace(HIT_START, "[").replace(HIT_STOP, "]"),
            }
            for doc, snippet in hits
        ],
        "facets": {
            name: [{"value": value, "label": label, "count": n} for value, label, n in values]
            for name, values in facets.items()
        },
    }


@router.get("/events", summary="Canonical events with reconciled low / best / high figures")
def events(request: Request) -> dict[str, Any]:
    v = view(request)
    return {
        "rule": v.catalog.rule.name,
        "events": [
            {
                **event.summary_json(),
                "claims": event.claim_count,
                "figures": {
                    cat: {**rec.to_json(), "claims": len(event.claims[cat]), "sources": rec.sources}
                    for cat, rec in figures.items()
                },
            }
            for event, figures in v.events()
        ],
    }


@router.get("/events/{event_id}", summary="One event: figures and every claim behind them")
def event(request: Request, event_id: str) -> dict[str, Any]:
    _event, _figures, data = view(request).event(event_id)
    return data


@router.get("/actors", summary="Canonical actors across reports, with their aliases")
def actors(request: Request) -> dict[str, Any]:
    return {"actors": [a.summary_json() for a in view(request).actors()]}


@router.get("/actors/{actor_id}", summary="One actor: members, and its statements, claims and demands")
def actor(request: Request, actor_id: str) -> dict[str, Any]:
    return view(request).actor(actor_id).to_json()


@router.get("/facts/{fact_id}", summary="One fact with its review history")
def fact(request: Request, fact_id: int) -> dict[str, Any]:
    v = view(request)
    found = v.fact(fact_id)
    history = [
        {"id": r.id, "action": r.action, "note": r.note, "by": r.by, "at": r.at, "data": r.data}
        for r in v.ledger.reviews(fact_id)
    ]
    return {**v.fact_json(found), "history": history}


@router.post("/facts/{fact_id}/review", summary="Accept, correct, reject or annotate a fact", status_code=201)
def review(request: Request, fact_id: int, body: ReviewIn) -> dict[str, Any]:
    v = view(request)
    done = v.review(fact_id, body.action, body.changes, body.note)
    return {"review": done.id, "fact": fact_id, "action": done.action, "by": done.by, "at": done.at}


@router.get(
    "/export/{name}",
    summary="claims.csv, claims.json, events.csv or events.json (public: leave restricted data out)",
)
def export(request: Request, name: str, public: bool = False) -> Response:
    return exports.respond(view(request), name, public=public)


@router.get("/audit", summary="The audit log (newest last) and whether its hash chain is intact")
def audit(request: Request, limit: int = 200) -> dict[str, Any]:
    ledger = view(request).ledger
    problems, count, head = ledger.audit_status()
    return {
        "intact": not problems,
        "problems": problems,
        "entries_checked": count,
        "head": head,
        "entries": [e.to_json() for e in ledger.audit_log(max(1, min(limit, 5000)))],
    }


@docs_router.get("/api/docs")
def api_docs(request: Request) -> Response:
    """A plain page listing the API's operations from the OpenAPI schema (no scripts, works offline)."""
    schema = request.app.openapi()
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "summary": op.get("summary", ""),
            "parameters": [p.get("name") for p in op.get("parameters", [])],
        }
        for path, methods in schema.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return render(request, "api_docs.html", {"operations": operations, "schema": schema})
