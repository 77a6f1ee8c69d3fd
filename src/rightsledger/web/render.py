"""Templates: Jinja2 with autoescaping on for every template, and the context every page gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from rightsledger.domain import FACT_TYPES

environment = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True,  # everything, whatever the file name
    trim_blocks=True,
    lstrip_blocks=True,
)


def query(filters: dict[str, str], **changes: str) -> str:
    """A query string: the current filters with ``changes``, empty ones left out."""
    return urlencode({k: v for k, v in {**filters, **changes}.items() if v})


environment.globals["query"] = query
templates = Jinja2Templates(env=environment)


def render(request: Request, name: str, context: dict[str, Any] | None = None, *, status: int = 200) -> Any:
    principal = getattr(request.state, "principal", None)
    base = {
        "user": principal.user if principal else None,
        "csrf": principal.csrf if principal else "",
        "can": (lambda role: principal is not None and principal.can(role)),
        "fact_types": FACT_TYPES,
    }
    return templates.TemplateResponse(request, name, {**base, **(context or {})}, status_code=status)
