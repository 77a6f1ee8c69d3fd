"""Review decisions on facts: which fields a correction may change, and how values are read.

A correction is stored as the full corrected fact in the facts format (span and all
unchanged fields copied from the extracted fact), so it can be read without the original.
"""

from __future__ import annotations

import re
from typing import Any

from rightsledger.domain import ACTOR_TYPES, COUNT_CATEGORIES, QUALIFIERS
from rightsledger.errors import LedgerError

ACTIONS = ("accept", "correct", "reject", "note")
STATE_ACTIONS = ("accept", "correct", "reject")  # a note leaves a fact's state as it was
EVENT_ACTIONS = ("merge", "split")

EDITABLE: dict[str, tuple[str, ...]] = {
    "counts": ("value", "low", "high", "qualifier", "category", "claimant", "event", "subject"),
    "statements": ("speaker", "kind"),
    "violations": ("code",),
    "instruments": ("code",),
    "events": ("name", "start", "end"),
    "resolutions": ("body", "symbol", "ordinal", "votes_for", "votes_against", "abstentions"),
    "actors": ("name", "type", "aliases"),
    "demands": ("by", "text"),
}
_INTEGERS = {"value", "low", "high", "ordinal", "votes_for", "votes_against", "abstentions"}
_REQUIRED = {"qualifier", "category", "kind", "code", "name", "type", "text"}
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_NONE = ("", "null", "none", "-")


class ReviewError(LedgerError):
    """A review names an unknown fact, field or action, or a value that does not fit."""


def corrected(kind: str, data: dict[str, Any], changes: dict[str, str]) -> dict[str, Any]:
    """The fact ``data`` with ``changes`` (field -> text as typed) applied and checked."""
    if not changes:
        raise ReviewError("a correction needs at least one --set FIELD=VALUE")
    allowed = EDITABLE.get(kind, ())
    result = dict(data)
    for name, raw in changes.items():
        if name not in allowed:
            raise ReviewError(
                f"{kind} have no field {name!r} that can be corrected; choose from {', '.join(allowed)}"
            )
        result[name] = _value(kind, name, raw)
    if kind == "counts":
        low, high = result.get("low"), result.get("high")
        if low is not None and high is not None and low > high:
            raise ReviewError(f"low ({low}) is greater than high ({high})")
        if result.get("value") is None and low is None and high is None:
            raise ReviewError("a count needs a value, a low or a high")
    return result


def _value(kind: str, name: str, raw: str) -> Any:
    text = raw.strip()
    if text.lower() in _NONE:
        if name in _REQUIRED:
            raise ReviewError(f"{name} cannot be empty")
        return [] if name == "aliases" else None
    if name in _INTEGERS:
        digits = text.replace(",", "").replace("_", "")
        if not digits.isdigit():
            raise ReviewError(f"{name} must be a whole number of 0 or more, not {raw!r}")
        return int(digits)
    choices = _choices(kind, name)
    if choices is not None and text not in choices:
        raise ReviewError(f"{text!r} is not a valid {name}; choose one of {', '.join(choices)}")
    if name in ("start", "end") and not _DATE.fullmatch(text):
        raise ReviewError(f"{name} must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not {raw!r}")
    if name == "aliases":
        return [a.strip() for a in text.split(";") if a.strip()]
    return text


def _choices(kind: str, name: str) -> tuple[str, ...] | None:
    if name == "qualifier":
        return QUALIFIERS
    if name == "category":
        return COUNT_CATEGORIES
    if name == "kind":
        return ("direct", "indirect")
    if name == "type" and kind == "actors":
        return ACTOR_TYPES
    if name == "code":
        from rightsledger.extract.codes import INSTRUMENT_CUES, VIOLATION_CUES

        return tuple(VIOLATION_CUES if kind == "violations" else INSTRUMENT_CUES)
    return None
