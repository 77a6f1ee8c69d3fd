"""``NAME.meta.json`` beside ``NAME.ext``: what is known about a report besides its text.

See ``shared/eval/FORMAT.md``.  Only ``published``, ``publisher``, ``title`` and
``url`` are read; other keys (genre, sources, notes ...) are the annotators' and ignored.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from rightsledger.errors import IngestError

FIELDS = ("published", "publisher", "title", "url")
SUFFIX = ".meta.json"

_ISO_PREFIX = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + SUFFIX)


def valid_published(value: str) -> bool:
    """True for an ISO 8601 date prefix that names a real year, month or day: 2020, 2020-11, 2020-11-19."""
    found = _ISO_PREFIX.fullmatch(value)
    if not found:
        return False
    year, month, day = (int(g) if g else None for g in found.groups())
    try:
        date(year or 1, month or 1, day or 1)
    except ValueError:
        return False
    return True


def check_published(value: str, where: str) -> str:
    if not valid_published(value):
        raise IngestError(
            where,
            f"published {value!r} is not an ISO 8601 date prefix; "
            "write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2020-11-19)",
        )
    return value


def read_sidecar(path: Path) -> dict[str, str]:
    """The sidecar's fields that are set (nulls left out), or {} when there is no sidecar."""
    meta = sidecar_path(path)
    if not meta.exists() and not meta.is_symlink():
        return {}
    where = str(meta)
    try:
        raw = json.loads(meta.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise IngestError(
            where,
            f"malformed sidecar JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); fix or remove it",
        ) from exc
    except UnicodeDecodeError as exc:
        raise IngestError(where, "sidecar is not UTF-8; save it as UTF-8 JSON") from exc
    except OSError as exc:
        raise IngestError(where, f"cannot read sidecar ({exc.strerror or exc})") from exc
    if not isinstance(raw, dict):
        raise IngestError(where, f"sidecar must be a JSON object, not {type(raw).__name__}")
    fields: dict[str, str] = {}
    for key in FIELDS:
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise IngestError(
                where, f"sidecar field {key!r} must be a string or null, not {type(value).__name__}"
            )
        if value.strip():
            fields[key] = value.strip()
    if "published" in fields:
        check_published(fields["published"], where)
    return fields
