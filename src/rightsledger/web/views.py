"""HTML pages.  Each route's access rule is in ``policy.POLICIES``; each does its work in ``services``."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from rightsledger.domain import FACT_TYPES
from rightsledger.errors import LedgerError
from rightsledger.store.review import EDITABLE
from rightsledger.store.users import ROLES
from rightsledger.web import exports
from rightsledger.web.chart import chart
from rightsledger.web.highlight import highlighted
from rightsledger.web.policy import LOGIN_CSRF_COOKIE, SESSION_COOKIE, Principal
from rightsledger.web.render import render
from rightsledger.web.services import HIT_START, HIT_STOP, Services, View

router = APIRouter(include_in_schema=False)


def services(request: Request) -> Services:
    return request.app.state.services


def view(request: Request) -> View:
    principal: Principal = request.state.principal
    return View(services(request), principal.user)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _safe_next(target: str | None) -> str:
    """Only a local path (never //host or a scheme) may be the page to go to after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


# -- login ------------------------------------------------------------------------------------


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    if request.state.principal is not None:
        return see_other(_safe_next(next))
    return _login_form(request, next, None, 200)


def _login_form(request: Request, next: str, message: str | None, status: int) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        {"login_csrf": token, "next": _safe_next(next), "message": message},
        status=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=services(request).settings.secure_cookies,
        path="/login",
    )
    return response


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    svc = services(request)
    settings = svc.settings
    ip = request.client.host if request.client else "unknown"
    by_name, by_ip = svc.accounts.recent_failures(username, ip, settings.login_window)
    if by_name >= settings.login_failures or by_ip >= settings.login_failures:
        svc.accounts.record_login(username, ip, False)
        minutes = int(settings.login_window.total_seconds() // 60)
        return _login_form(request, next, f"Too many failed logins; try again in {minutes} minutes.", 429)
    user = svc.accounts.authenticate(username, password)
    svc.accounts.record_login(username, ip, user is not None)
    if user is None:
        return _login_form(request, next, "Wrong user name or password.", 401)
    token, _session = svc.accounts.start_session(user, settings.session_lifetime)
    response = see_other(_safe_next(next))
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(settings.session_lifetime.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies,
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    token = getattr(request.state, "session_token", None)
    if token:
        services(request).accounts.end_session(token)
    response = see_other("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- documents and search ---------------------------------------------------------------------


@router.get("/")
def index(request: Request) -> Response:
    v = view(request)
    docs = v.documents()
    return render(request, "index.html", {"documents": docs, "restricted": v.restricted_docs})


@router.get("/search")
def search(
    request: Request,
    q: str = "",
    country: str = "",
    event: str = "",
    violation: str = "",
    to: str = "",
) -> Response:
    date_from = request.query_params.get("from", "")  # "from" is a Python keyword
    v = view(request)
    hits, facets = v.search(
        q, country=country, event=event, violation=violation, date_from=date_from, date_to=to
    )
    filters = {
        "q": q,
        "country": country,
        "event": event,
        "violation": violation,
        "from": date_from,
        "to": to,
    }
    return render(
        request,
        "search.html",
        {
            "hits": [(doc, _snippet_parts(snippet)) for doc, snippet in hits],
            "facets": facets,
            "filters": filters,
            "restricted": v.restricted_docs,
        },
    )


def _snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """(text, is a match) pieces of a search snippet, escaped by the template."""
    parts: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        before, start, after = rest.partition(HIT_START)
        if before:
            parts.append((before, False))
        if not start:
            break
        hit, _stop, rest = after.partition(HIT_STOP)
        parts.append((hit, True))
    return parts


@router.get("/documents/{ref}")
def document(request: Request, ref: str) -> Response:
    v = view(request)
    doc = v.document(ref)
    facts = v.document_facts(doc)
    visible = [f for f in facts if not f.rejected]
    rows = [(f, v.fact_data(f)) for f in facts]
    return render(
        request,
        "document.html",
        {
            "doc": doc,
            "text": highlighted(doc.text, visible),
            "rows": rows,
            "restricted": v.is_restricted(doc.id),
            "counts": {kind: sum(1 for f in visible if f.type == kind) for kind in FACT_TYPES},
        },
    )


@router.post("/documents/{ref}/restrict")
def restrict_document(request: Request, ref: str, note: Annotated[str, Form()] = "") -> Response:
    return _set_restricted(request, ref, True, note)


@router.post("/documents/{ref}/unrestrict")
def unrestrict_document(request: Request, ref: str, note: Annotated[str, Form()] = "") -> Response:
    return _set_restricted(request, ref, False, note)


def _set_restricted(request: Request, ref: str, restricted: bool, note: str) -> Response:
    v = view(request)
    doc = v.document(ref)
    services(request).restrictions.set_document(doc.id, restricted, by=v.user.name, note=note or None)
    return see_other(f"/documents/{doc.id}")


# -- facts and review -------------------------------------------------------------------------


@router.get("/facts/{fact_id}")
def fact(request: Request, fact_id: int) -> Response:
    v = view(request)
    found = v.fact(fact_id)
    doc = v.catalog.docs.get(found.document_id) or v.ledger.get_document(found.document_id)
    quote = doc.text[found.span[0] : found.span[1]] if found.span else ""
    return render(
        request,
        "fact.html",
        {
            "fact": found,
            "data": v.fact_data(found),
            "extracted": {k: val for k, val in found.data.items() if k in v.fact_data(found)},
            "doc": doc,
            "quote": quote,
            "history": v.ledger.reviews(fact_id),
            "editable": EDITABLE.get(found.type, ()),
            "marked": sorted(v.restricted_fields.get(fact_id, set())) if v.full else [],
            "fields": [k for k in found.data if k != "span"],
        },
    )


@router.post("/facts/{fact_id}/review")
async def review_fact(request: Request, fact_id: int) -> Response:
    form = await request.form()
    action = str(form.get("action", ""))
    note = str(form.get("note", "")) or None
    changes = {
        key.removeprefix("set_"): str(value)
        for key, value in form.multi_items()
        if key.startswith("set_") and str(value).strip()
    }
    v = view(request)
    await run_in_threadpool(v.review, fact_id, action, changes if action == "correct" else {}, note)
    return see_other(f"/facts/{fact_id}")


@router.post("/facts/{fact_id}/restrict")
def restrict_field(
    request: Request,
    fact_id: int,
    field: Annotated[str, Form()],
    restricted: Annotated[str, Form()] = "1",
    note: Annotated[str, Form()] = "",
) -> Response:
    v = view(request)
    v.fact(fact_id)
    services(request).restrictions.set_field(
        fact_id, field, restricted == "1", by=v.user.name, note=note or None
    )
    return see_other(f"/facts/{fact_id}")


@router.get("/review")
def review_queue(request: Request) -> Response:
    v = view(request)
    queue = [(f, reason, v.fact_data(f)) for f, reason in v.review_queue()]
    return render(request, "review.html", {"queue": queue})


# -- events and actors ------------------------------------------------------------------------


@router.get("/events")
def events(request: Request) -> Response:
    v = view(request)
    return render(request, "events.html", {"events": v.events(), "rule": v.catalog.rule.name})


@router.get("/events/{event_id}")
def event(request: Request, event_id: str) -> Response:
    v = view(request)
    found, figures, data = v.event(event_id)
    timeline = sorted(
        [
            *(
                (m.get("start") or "", "mention", m.get("name") or "", m.get("title") or m["sha256"][:12])
                for m in found.members
                if found.kind == "event"
            ),
            *(
                (
                    c.published or "",
                    "claim",
                    f"{c.qualifier} {c.value if c.value is not None else ''} {cat}",
                    c.claimant or c.source,
                )
                for cat, claims in found.claims.items()
                for c in claims
            ),
        ],
        key=lambda row: (row[0] == "", row[0]),
    )
    others = v.merge_targets(found.id) if found.kind == "event" else []
    return render(
        request,
        "event.html",
        {
            "event": found,
            "data": data,
            "chart": chart(found.claims, figures),
            "timeline": timeline,
            "others": others,
        },
    )


@router.post("/events/{event_id}/merge")
def merge_event(
    request: Request, event_id: str, other: Annotated[str, Form()], note: Annotated[str, Form()] = ""
) -> Response:
    done = view(request).decide_event("merge", event_id, other=other, fact_id=None, note=note)
    return see_other(f"/events/{done.event}")


@router.post("/events/{event_id}/split")
def split_event(
    request: Request, event_id: str, fact_id: Annotated[int, Form()], note: Annotated[str, Form()] = ""
) -> Response:
    view(request).decide_event("split", event_id, fact_id=fact_id, note=note)
    return see_other("/events")


@router.get("/actors")
def actors(request: Request) -> Response:
    return render(request, "actors.html", {"actors": view(request).actors()})


@router.get("/actors/{actor_id}")
def actor(request: Request, actor_id: str) -> Response:
    v = view(request)
    found = v.actor(actor_id)
    others = [a for a in v.actors() if a.id != found.id]
    return render(request, "actor.html", {"actor": found, "others": others})


@router.post("/actors/{actor_id}/merge")
def merge_actor(
    request: Request, actor_id: str, other: Annotated[str, Form()], note: Annotated[str, Form()] = ""
) -> Response:
    done = view(request).decide_actor("merge", actor_id, other=other, fact_id=None, note=note)
    return see_other(f"/actors/{done.event}")


@router.post("/actors/{actor_id}/split")
def split_actor(
    request: Request, actor_id: str, fact_id: Annotated[int, Form()], note: Annotated[str, Form()] = ""
) -> Response:
    view(request).decide_actor("split", actor_id, fact_id=fact_id, note=note)
    return see_other("/actors")


# -- upload, audit, exports -------------------------------------------------------------------


@router.get("/upload")
def upload_page(request: Request) -> Response:
    return render(request, "upload.html", {"message": None, "values": {}})


@router.post("/upload")
async def upload(
    request: Request,
    file: Annotated[UploadFile, File()],
    publisher: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
) -> Response:
    values = {"publisher": publisher, "url": url, "published": published, "title": title}
    data = await file.read()
    try:
        doc_id, _created, _facts = await run_in_threadpool(
            view(request).upload, file.filename or "upload", data, **values
        )
    except LedgerError as error:
        return render(request, "upload.html", {"message": str(error), "values": values}, status=400)
    return see_other(f"/documents/{doc_id}")


@router.get("/audit")
def audit(request: Request, limit: int = 200) -> Response:
    ledger = services(request).ledger
    problems, count, head = ledger.audit_status()
    entries = list(reversed(ledger.audit_log(max(1, min(limit, 5000)))))
    return render(
        request, "audit.html", {"entries": entries, "problems": problems, "count": count, "head": head}
    )


@router.get("/export/{name}")
def export(request: Request, name: str, public: bool = False) -> Response:
    return exports.respond(view(request), name, public=public)


# -- admin ------------------------------------------------------------------------------------


@router.get("/admin/users")
def users(request: Request) -> Response:
    return render(
        request, "users.html", {"users": services(request).accounts.users(), "roles": ROLES, "message": None}
    )


@router.post("/admin/users")
def add_user(
    request: Request,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    svc = services(request)
    svc.accounts.add_user(name, role, password, by=request.state.principal.name)
    return see_other("/admin/users")


@router.post("/admin/users/{name}/role")
def set_role(request: Request, name: str, role: Annotated[str, Form()]) -> Response:
    services(request).accounts.set_role(name, role, by=request.state.principal.name)
    return see_other("/admin/users")


@router.post("/admin/users/{name}/disable")
def disable_user(request: Request, name: str) -> Response:
    services(request).accounts.disable(name, by=request.state.principal.name)
    return see_other("/admin/users")
