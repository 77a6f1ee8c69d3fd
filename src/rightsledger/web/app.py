"""The app factory: pages, the JSON API, the policy dependency, error pages and security headers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from rightsledger import __version__
from rightsledger.errors import LedgerError
from rightsledger.store import Ledger
from rightsledger.web.policy import Forbidden, NotAuthenticated, enforce, is_api
from rightsledger.web.render import render
from rightsledger.web.security import SecurityMiddleware
from rightsledger.web.services import NotFound, Services
from rightsledger.web.settings import WebSettings

STATIC = Path(__file__).with_name("static")


def create_app(ledger_url: str, home: Path, *, settings: WebSettings | None = None) -> FastAPI:
    """A FastAPI app over the ledger at ``ledger_url`` (blobs in ``home``); migrates the ledger."""
    from rightsledger.web import api, lists_api, lists_views, views

    settings = settings or WebSettings()
    ledger = Ledger.open(ledger_url, create=True)
    app = FastAPI(
        title="rightsledger",
        version=__version__,
        description="JSON API of the rightsledger evidence ledger. Authenticate with "
        "`Authorization: Bearer TOKEN` (`rightsledger token create NAME`).",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(enforce)],
        lifespan=_lifespan(ledger),
    )
    app.state.services = Services(ledger, Path(home), settings)
    app.state.settings = settings
    app.include_router(views.router)
    app.include_router(api.router)
    app.include_router(api.docs_router)
    app.include_router(lists_views.router)  # victim lists (own modules: lists_*.py)
    app.include_router(lists_api.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecurityMiddleware, limit=settings.max_upload_bytes)
    _handlers(app)

    return app


def _lifespan(ledger: Ledger) -> Any:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        ledger.close()  # when a server shuts down; connections are pooled until then

    return lifespan


def _handlers(app: FastAPI) -> None:
    def error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        if is_api(request.url.path):
            return JSONResponse({"detail": message}, status_code=status, headers=headers)
        return render(request, "error.html", {"status": status, "message": message}, status=status)

    @app.exception_handler(NotAuthenticated)
    async def not_authenticated(request: Request, _exc: Exception) -> Response:
        if is_api(request.url.path):
            return error(request, 401, "a valid API token is required", {"WWW-Authenticate": "Bearer"})
        target = request.url.path if request.method == "GET" else "/"
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Exception) -> Response:
        return error(request, 403, getattr(exc, "message", "forbidden"))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: Exception) -> Response:
        return error(request, 404, str(exc))

    @app.exception_handler(LedgerError)
    async def bad_request(request: Request, exc: Exception) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
            for e in exc.errors()
        )
        return error(request, 422, problems or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))


def principal_of(request: Request) -> Any:
    return request.state.principal
