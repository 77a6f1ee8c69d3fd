"""docs/security.md names every route of the policy table with its role; docs/web.md every API route."""

from __future__ import annotations

import re
from pathlib import Path

from rightsledger.web.policy import POLICIES

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _norm(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def test_security_doc_lists_every_route_with_its_role() -> None:
    doc = DOCS.joinpath("security.md").read_text()
    rows = [line for line in doc.splitlines() if line.startswith("| ") and "`/" in line]
    table: dict[str, set[str]] = {}
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        role = cells[-1].split()[0]
        for path in re.findall(r"`(/[^`]*)`", row):
            table.setdefault(_norm(path.replace("/…", "")), set()).add(role)
    for (_method, path), role in POLICIES.items():
        assert _norm(path) in table, f"{path} is not in docs/security.md"
        assert role in table[_norm(path)], f"{path} needs {role}; docs/security.md says {table[_norm(path)]}"


def test_web_doc_lists_every_api_route() -> None:
    doc = _norm(DOCS.joinpath("web.md").read_text())
    for (_method, path), _role in POLICIES.items():
        if path.startswith("/api/v1"):
            assert _norm(path) in doc or _norm(path).replace("{}", "{claims,events}.{csv,json}") in doc, path
