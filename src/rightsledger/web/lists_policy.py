"""Access rules of the victim-list pages and API (merged into ``policy.POLICIES``).

Victim-list records are sensitive: viewers see aggregates only (lists, counts, overlaps,
estimates); names and other record fields need the analyst role (persons) or reviewer
(review queue); restricted fields of a record are shown to admins only, and each such read
is written to the audit log.
"""

from __future__ import annotations

LISTS_POLICIES: dict[tuple[str, str], str] = {
    ("GET", "/lists"): "viewer",
    ("GET", "/lists/estimate"): "viewer",
    ("GET", "/lists/persons"): "analyst",
    ("GET", "/lists/review"): "reviewer",
    ("POST", "/lists/review"): "reviewer",
    ("GET", "/api/v1/lists"): "viewer",
    ("GET", "/api/v1/lists/estimate"): "viewer",
    ("GET", "/api/v1/lists/persons"): "analyst",
    ("GET", "/api/v1/lists/review"): "reviewer",
    ("POST", "/api/v1/lists/review"): "reviewer",
}
