"""Response headers every reply carries, and the request body size limit (a pure ASGI middleware).

The Content-Security-Policy allows only this site's own scripts, styles and images (and
``data:`` images), no inline script or style, no framing, no forms to other sites.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class BodyTooLarge(Exception):
    pass


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit  # the largest upload
        self.max_body = limit + 64 * 1024  # room for the other form fields and multipart framing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = exceeded = replaced = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started, replaced
            if replaced:  # the app's own reply to a cut-off body (e.g. a 400) is dropped
                return
            if message["type"] == "http.response.start" and exceeded:
                replaced = True
                await _too_large(send_with_headers_raw, self.limit, scope["path"])
                return
            await send_with_headers_raw(message)

        async def send_with_headers_raw(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [h for h in message.get("headers", []) if h[0].lower() not in dict(HEADERS)]
                message = {**message, "headers": headers + HEADERS}
                if scope["path"].startswith(("/api/", "/login", "/admin")) or _is_html(headers):
                    message["headers"].append((b"cache-control", b"no-store"))
            await send(message)

        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await _too_large(send_with_headers_raw, self.limit, scope["path"])
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    exceeded = True
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await _too_large(send_with_headers_raw, self.limit, scope["path"])
        except Exception:
            # Answer here, with the security headers, then let the server log the error.
            if not started:
                await _reply(send_with_headers_raw, 500, "something went wrong on the server", scope["path"])
            raise


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"


async def _too_large(send: Send, limit: int, path: str) -> None:
    message = f"the upload is larger than the limit of {_size(limit)}; send a smaller file"
    await _reply(send, 413, message, path)


async def _reply(send: Send, status: int, message: str, path: str) -> None:
    """A plain answer written here (no user input in it): JSON under /api, else a page."""
    heading = "Too large" if status == 413 else "Error"
    if path.startswith("/api/"):
        body, kind = json.dumps({"detail": message}).encode(), b"application/json"
    else:
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{heading} · rightsledger</title>"
            f'<link rel="stylesheet" href="/static/style.css"></head><body><main><h1>{heading}</h1>'
            f'<p class="error" role="alert">{message}.</p>'
            '<p><a href="/">Back to the documents</a></p></main></body></html>'
        ).encode()
        kind = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
