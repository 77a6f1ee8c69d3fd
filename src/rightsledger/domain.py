"""Shared domain types: the nouns every pipeline stage speaks.

Plain frozen dataclasses with no behaviour beyond (de)serialisation, so that
ingest, extract, store and the shells over them agree on one vocabulary
without importing each other.  Offsets are Python string indices (code
points) into a document's extracted text, half-open ``[start, end)``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[int, int]

COUNT_CATEGORIES = (
    "killed",
    "injured",
    "arrested",
    "executed",
    "sentenced",
    "disappeared",
    "tortured",
    "displaced",
    "missing",
    "other",
)
QUALIFIERS = ("exact", "at_least", "more_than", "at_most", "fewer_than", "about", "range", "vague")
ACTOR_TYPES = ("person", "organization", "state", "group")
FACT_TYPES = (
    "counts",
    "statements",
    "violations",
    "instruments",
    "events",
    "resolutions",
    "actors",
    "demands",
)


@dataclass(frozen=True)
class Provenance:
    """Where a document came from and who put it in the ledger."""

    source_path: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO 8601 prefix: 2020, 2020-11, 2020-11-19
    title: str | None = None
    added_by: str | None = None
    added_at: str | None = None  # ISO 8601 timestamp, UTC


@dataclass(frozen=True)
class Document:
    """A report as ingested: the original bytes' hash and the text read from them."""

    sha256: str
    media_type: str  # text/plain, text/html, application/pdf
    size: int
    text: str
    provenance: Provenance = field(default_factory=Provenance)

    @property
    def title(self) -> str | None:
        return self.provenance.title


@dataclass(frozen=True)
class Count:
    """A number of people harmed, as claimed in one place of one document."""

    value: int | None
    qualifier: str
    category: str
    span: Span
    low: int | None = None
    high: int | None = None
    subject: str | None = None
    event: str | None = None
    claimant: str | None = None


@dataclass(frozen=True)
class Statement:
    speaker: str | None
    kind: str  # direct | indirect
    span: Span


@dataclass(frozen=True)
class CodedMention:
    """A violation or instrument code with the words that evidence it."""

    code: str
    span: Span


@dataclass(frozen=True)
class Event:
    name: str
    start: str | None
    end: str | None
    span: Span


@dataclass(frozen=True)
class Resolution:
    body: str | None
    span: Span
    symbol: str | None = None
    ordinal: int | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None


@dataclass(frozen=True)
class Actor:
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    span: Span | None = None  # first mention


@dataclass(frozen=True)
class Demand:
    by: str | None
    text: str
    span: Span


@dataclass(frozen=True)
class Facts:
    """Everything one extractor found in one document."""

    counts: tuple[Count, ...] = ()
    statements: tuple[Statement, ...] = ()
    violations: tuple[CodedMention, ...] = ()
    instruments: tuple[CodedMention, ...] = ()
    events: tuple[Event, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    actors: tuple[Actor, ...] = ()
    demands: tuple[Demand, ...] = ()

    def items(self) -> list[tuple[str, Any]]:
        """(fact type, fact) pairs in a stable order."""
        return [(kind, fact) for kind in FACT_TYPES for fact in getattr(self, kind)]

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        """The facts format of ``shared/eval/FORMAT.md`` (without ``doc_id``)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for kind in FACT_TYPES:
            rows = []
            for fact in getattr(self, kind):
                row = asdict(fact)
                if row.get("span") is not None:
                    row["span"] = list(row["span"])
                if "aliases" in row:
                    row["aliases"] = list(row["aliases"])
                rows.append(row)
            out[kind] = rows
        return out


FACT_CLASSES: dict[str, type] = {
    "counts": Count,
    "statements": Statement,
    "violations": CodedMention,
    "instruments": CodedMention,
    "events": Event,
    "resolutions": Resolution,
    "actors": Actor,
    "demands": Demand,
}


def fact_from_json(kind: str, row: dict[str, Any]) -> Any:
    """Rebuild one fact of type ``kind`` from its JSON form."""
    cls = FACT_CLASSES[kind]
    row = dict(row)
    if row.get("span") is not None:
        row["span"] = tuple(row["span"])
    if "aliases" in row:
        row["aliases"] = tuple(row["aliases"])
    return cls(**row)
