"""Who may call which route: one policy table keyed by (method, path), enforced by one dependency.

Every route must have an entry; a route without one is refused (500) and fails the test that
walks ``app.routes``.  Roles are ordered (``store.users.ROLES``): a role may do everything the
roles before it may.  HTML pages authenticate with the session cookie (and check the CSRF token
on every POST); ``/api/v1`` authenticates with ``Authorization: Bearer TOKEN`` only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.routing import Mount

from rightsledger.store.users import User
from rightsledger.web.lists_policy import LISTS_POLICIES

PUBLIC = "public"
SESSION_COOKIE = "rl_session"
LOGIN_CSRF_COOKIE = "rl_login_csrf"
CSRF_FIELD = "csrf_token"

POLICIES: dict[tuple[str, str], str] = {
    # pages
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): "viewer",
    ("GET", "/"): "viewer",
    ("GET", "/search"): "viewer",
    ("GET", "/documents/{ref}"): "viewer",
    ("GET", "/facts/{fact_id}"): "viewer",
    ("POST", "/facts/{fact_id}/review"): "reviewer",
    ("POST", "/facts/{fact_id}/restrict"): "admin",
    ("GET", "/events"): "viewer",
    ("GET", "/events/{event_id}"): "viewer",
    ("POST", "/events/{event_id}/merge"): "reviewer",
    ("POST", "/events/{event_id}/split"): "reviewer",
    ("GET", "/actors"): "viewer",
    ("GET", "/actors/{actor_id}"): "viewer",
    ("POST", "/actors/{actor_id}/merge"): "reviewer",
    ("POST", "/actors/{actor_id}/split"): "reviewer",
    ("GET", "/review"): "reviewer",
    ("GET", "/upload"): "analyst",
    ("POST", "/upload"): "analyst",
    ("GET", "/audit"): "analyst",
    ("GET", "/export/{name}"): "viewer",
    ("GET", "/admin/users"): "admin",
    ("POST", "/admin/users"): "admin",
    ("POST", "/admin/users/{name}/role"): "admin",
    ("POST", "/admin/users/{name}/disable"): "admin",
    ("POST", "/documents/{ref}/restrict"): "admin",
    ("POST", "/documents/{ref}/unrestrict"): "admin",
    ("GET", "/static"): PUBLIC,
    # API documentation (describes the routes, holds no data)
    ("GET", "/api/openapi.json"): PUBLIC,
    ("GET", "/api/docs"): PUBLIC,
    # JSON API
    ("GET", "/api/v1/documents"): "viewer",
    ("POST", "/api/v1/documents"): "analyst",
    ("GET", "/api/v1/documents/{ref}"): "viewer",
    ("GET", "/api/v1/documents/{ref}/facts"): "viewer",
    ("GET", "/api/v1/search"): "viewer",
    ("GET", "/api/v1/events"): "viewer",
    ("GET", "/api/v1/events/{event_id}"): "viewer",
    ("GET", "/api/v1/actors"): "viewer",
    ("GET", "/api/v1/actors/{actor_id}"): "viewer",
    ("GET", "/api/v1/facts/{fact_id}"): "viewer",
    ("POST", "/api/v1/facts/{fact_id}/review"): "reviewer",
    ("GET", "/api/v1/export/{name}"): "viewer",
    ("GET", "/api/v1/audit"): "analyst",
}
POLICIES.update(LISTS_POLICIES)  # the victim-list pages and API


class NotAuthenticated(Exception):
    """No valid session (pages: redirect to the login page) or token (API: 401)."""


class Forbidden(Exception):
    """Authenticated, but the role may not do this, or the CSRF token is missing or wrong."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Principal:
    user: User
    csrf: str | None  # the session's CSRF token (None for API tokens)
    via: str  # session | token

    @property
    def name(self) -> str:
        return self.user.name

    def can(self, role: str) -> bool:
        return self.user.can(role)


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def route_key(request: Request) -> tuple[str, str]:
    route = request.scope.get("route")
    return request.method, getattr(route, "path", request.url.path)


async def enforce(request: Request) -> None:
    """The app-wide dependency: authenticate, check the route's policy and (for forms) CSRF."""
    key = route_key(request)
    required = POLICIES.get(key)
    if required is None:  # fail closed
        raise RuntimeError(f"route {key[0]} {key[1]} has no access policy")
    principal = await _authenticate(request)
    request.state.principal = principal
    if required == PUBLIC:
        if request.method == "POST" and key[1] == "/login":
            await _check_login_csrf(request)
        return
    if principal is None:
        raise NotAuthenticated()
    if not principal.can(required):
        raise Forbidden(f"this needs the {required} role; you are {principal.user.role}")
    if request.method not in ("GET", "HEAD", "OPTIONS") and principal.via == "session":
        form = await request.form()
        sent = form.get(CSRF_FIELD)
        if not isinstance(sent, str) or not secrets.compare_digest(sent, principal.csrf or ""):
            raise Forbidden("the form's CSRF token is missing or wrong; reload the page and try again")


async def _authenticate(request: Request) -> Principal | None:
    accounts = request.app.state.services.accounts
    if is_api(request.url.path):
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        user = await run_in_threadpool(accounts.token_user, token.strip())
        return Principal(user, None, "token") if user else None
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    session = await run_in_threadpool(accounts.session, token)
    if session is None:
        return None
    request.state.session_token = token
    return Principal(session.user, session.csrf, "session")


async def _check_login_csrf(request: Request) -> None:
    form = await request.form()
    sent, cookie = form.get(CSRF_FIELD), request.cookies.get(LOGIN_CSRF_COOKIE)
    if not isinstance(sent, str) or not cookie or not secrets.compare_digest(sent, cookie):
        raise Forbidden("the login form's CSRF token is missing or wrong; reload the page and try again")


def walk_routes(routes: list[Any]) -> list[tuple[str, str, Any]]:
    """(method, path, route) of every route, descending into included routers; a mount is one GET."""
    found: list[tuple[str, str, Any]] = []
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            found += walk_routes(list(included.routes))
        elif isinstance(route, Mount):
            found.append(("GET", route.path, route))
        else:
            found += [
                (m, route.path, route) for m in sorted(getattr(route, "methods", None) or ()) if m != "HEAD"
            ]
    return found
