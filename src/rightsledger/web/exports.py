"""CSV and JSON exports of claims and events (public exports leave restricted data out)."""

from __future__ import annotations

import csv
import io
import json

from fastapi.responses import Response

from rightsledger.web.services import NotFound, View

EXPORTS = ("claims.csv", "claims.json", "events.csv", "events.json")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def respond(view: View, name: str, *, public: bool) -> Response:
    """The export ``name``; viewers always get the public one, others when they ask (``public``)."""
    if name not in EXPORTS:
        raise NotFound(f"no export {name!r}; choose one of {', '.join(EXPORTS)}")
    what, fmt = name.split(".")
    public = public or not view.full
    rows = view.export_rows(what, public=public)
    filename = f"rightsledger-{what}{'-public' if public else ''}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if fmt == "json":
        body = json.dumps({"public": public, "rule": view.catalog.rule.name, what: rows}, ensure_ascii=False)
        return Response(body, media_type="application/json", headers=headers)
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading quote (OWASP CSV injection advice)."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value
