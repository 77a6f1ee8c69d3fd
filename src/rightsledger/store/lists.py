"""Victim lists in the ledger: imported records, person clusters with stable ids, linkage runs,
the review queue of uncertain pairs and reviewers' link decisions.

Nothing here is overwritten.  A record's person is its latest assignment row (older rows
are its history); a person id (``P-000001``) is never reused or renumbered; a reviewer's
decision is a new row (the latest for a pair counts).  Every import, linkage run, link
decision and display of restricted fields writes an audit entry in the same transaction.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from rightsledger.errors import StoreError
from rightsledger.ingest.lists import FIELDS, ParsedList
from rightsledger.ingest.lists_names import first_last_keys, normalized, skeleton, sorted_form
from rightsledger.store import audit
from rightsledger.store.audit import default_actor
from rightsledger.store.schema import Base, JSONData

if TYPE_CHECKING:
    from rightsledger.store.ledger import Ledger

INSERT_CHUNK = 2000
DECISIONS = ("match", "non-match")
PERSON_PREFIX = "P-"


class VictimListRow(Base):
    """A named list (one source: an NGO's list, a morgue register, ...)."""

    __tablename__ = "victim_lists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[str] = mapped_column(String(40))


class ListImportRow(Base):
    """One import of one file into a list: its bytes' hash, mapping and restricted fields."""

    __tablename__ = "list_imports"
    __table_args__ = (UniqueConstraint("list_id", "sha256", name="uq_list_import_file"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("victim_lists.id", ondelete="CASCADE"), index=True)
    source_path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    mapping: Mapped[dict[str, Any]] = mapped_column(JSONData)
    restricted: Mapped[list[str]] = mapped_column(JSONData)
    rows: Mapped[int] = mapped_column(Integer)
    problems: Mapped[list[Any]] = mapped_column(JSONData)  # [[line, problem], ...]
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))


class ListRecordRow(Base):
    """One row of a list as imported, with the derived name forms used for linkage."""

    __tablename__ = "list_records"
    __table_args__ = (UniqueConstraint("import_id", "line", name="uq_list_record_line"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("victim_lists.id", ondelete="CASCADE"), index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("list_imports.id", ondelete="CASCADE"))
    line: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)  # as written
    name_norm: Mapped[str] = mapped_column(Text)
    name_sorted: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    first_key: Mapped[str] = mapped_column(String(100))
    last_key: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str | None] = mapped_column(String(1))
    age: Mapped[int | None] = mapped_column(Integer)
    birth_date: Mapped[str | None] = mapped_column(String(10))
    event: Mapped[str | None] = mapped_column(String(100))
    event_date: Mapped[str | None] = mapped_column(String(10))
    event_place: Mapped[str | None] = mapped_column(Text)
    place_norm: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    raw: Mapped[dict[str, Any]] = mapped_column(JSONData)
    restricted: Mapped[list[str]] = mapped_column(JSONData)


class PersonRow(Base):
    """A person cluster's stable id; once written, never renumbered or reused."""

    __tablename__ = "persons"

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("link_runs.id", ondelete="SET NULL"))
    created_at: Mapped[str] = mapped_column(String(40))


class PersonAssignmentRow(Base):
    """A record's person from one run on; the latest row per record is its current person."""

    __tablename__ = "person_assignments"
    __table_args__ = (Index("ix_person_assignments_record", "record_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("list_records.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("link_runs.id", ondelete="CASCADE"))
    at: Mapped[str] = mapped_column(String(40))


class LinkModelRow(Base):
    """A trained Splink model: its settings JSON with the m and u probabilities."""

    __tablename__ = "link_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    settings: Mapped[str] = mapped_column(Text)
    records: Mapped[int] = mapped_column(Integer)  # records it was trained on
    backend: Mapped[str] = mapped_column(String(20))
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))


class LinkRunRow(Base):
    """One linkage run (full or incremental) with its thresholds and figures."""

    __tablename__ = "link_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("link_models.id"))
    kind: Mapped[str] = mapped_column(String(16))  # full | incremental
    backend: Mapped[str] = mapped_column(String(20))
    threshold: Mapped[float] = mapped_column(Float)
    review_low: Mapped[float] = mapped_column(Float)
    review_high: Mapped[float] = mapped_column(Float)
    stats: Mapped[dict[str, Any]] = mapped_column(JSONData)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))


class LinkPairRow(Base):
    """A pair scored into the review band by a run (the review queue)."""

    __tablename__ = "link_pairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("link_runs.id", ondelete="CASCADE"), index=True)
    record_l: Mapped[int] = mapped_column(ForeignKey("list_records.id", ondelete="CASCADE"))
    record_r: Mapped[int] = mapped_column(ForeignKey("list_records.id", ondelete="CASCADE"))
    probability: Mapped[float] = mapped_column(Float)


class LinkDecisionRow(Base):
    """A reviewer's decision that two records are (match) or are not (non-match) one person."""

    __tablename__ = "link_decisions"
    __table_args__ = (Index("ix_link_decisions_pair", "record_l", "record_r"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_l: Mapped[int] = mapped_column(ForeignKey("list_records.id", ondelete="CASCADE"))
    record_r: Mapped[int] = mapped_column(ForeignKey("list_records.id", ondelete="CASCADE"))
    decision: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))


# -- plain values handed to the other stages ----------------------------------------------------


@dataclass(frozen=True)
class ListRecord:
    id: int
    list: str
    line: int
    name: str
    name_norm: str
    name_sorted: str
    name_key: str
    first_key: str
    last_key: str
    sex: str | None
    age: int | None
    birth_date: str | None
    event: str | None
    event_date: str | None
    event_place: str | None
    place_norm: str | None
    text: str | None
    restricted: tuple[str, ...] = ()

    def shown(self, reveal: bool = False) -> dict[str, Any]:
        """Fields for display: restricted ones masked unless ``reveal`` (audit the reveal!)."""
        out: dict[str, Any] = {"record": self.id, "list": self.list, "line": self.line}
        for key in FIELDS:
            value = getattr(self, key)
            out[key] = (
                "[restricted]" if key in self.restricted and not reveal and value is not None else value
            )
        return out


@dataclass(frozen=True)
class ImportResult:
    list: str
    import_id: int
    imported: int
    problems: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class ListSummary:
    name: str
    records: int
    imports: int
    persons: int


@dataclass(frozen=True)
class LinkDecision:
    id: int
    record_l: int
    record_r: int
    decision: str
    note: str
    by: str
    at: str


@dataclass(frozen=True)
class ReviewPair:
    pair: str  # "L-R" record ids, the handle reviewers type
    record_l: int
    record_r: int
    probability: float
    run_id: int


@dataclass
class RunResult:
    run_id: int
    kind: str
    new_persons: list[str] = field(default_factory=list)
    changed: int = 0  # records whose person changed (or was first set)
    review_pairs: int = 0


def _now() -> str:
    from rightsledger.store.ledger import now

    return now()


def _reason(error: BaseException) -> str:
    from rightsledger.store.ledger import _reason as reason

    return reason(error)


def pair_key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


# -- import -------------------------------------------------------------------------------------


def import_list(
    ledger: Ledger, name: str, parsed: ParsedList, *, restricted: Sequence[str] = (), by: str | None = None
) -> ImportResult:
    """Store every good row of ``parsed`` in list ``name`` (created if new), all or nothing."""
    name = name.strip()
    if not name:
        raise StoreError("a list needs a name (--list NAME)")
    unknown = [f for f in restricted if f not in FIELDS]
    if unknown:
        raise StoreError(
            f"cannot restrict unknown field(s) {', '.join(unknown)}; fields are {', '.join(FIELDS)}"
        )
    who = (by or "").strip() or default_actor()
    at = _now()
    problems = [(p.line, p.problem) for p in parsed.problems]
    try:
        with ledger._sessions.begin() as session:
            row = session.scalar(select(VictimListRow).where(VictimListRow.name == name))
            if row is None:
                row = VictimListRow(name=name, created_by=who, created_at=at)
                session.add(row)
                session.flush()
            elif session.scalar(
                select(ListImportRow.id).where(
                    ListImportRow.list_id == row.id, ListImportRow.sha256 == parsed.sha256
                )
            ):
                raise StoreError(
                    f"{parsed.path} (sha256 {parsed.sha256[:12]}) is already imported into list {name!r}"
                )
            imp = ListImportRow(
                list_id=row.id,
                source_path=parsed.path,
                sha256=parsed.sha256,
                mapping=dict(parsed.mapping),
                restricted=list(restricted),
                rows=len(parsed.rows),
                problems=[list(p) for p in problems],
                by=who,
                at=at,
            )
            session.add(imp)
            session.flush()
            values = [
                _record_values(row.id, imp.id, r.line, r.values, r.raw, restricted) for r in parsed.rows
            ]
            for start in range(0, len(values), INSERT_CHUNK):
                session.execute(ListRecordRow.__table__.insert(), values[start : start + INSERT_CHUNK])
            audit.append(
                session,
                at=at,
                actor=who,
                action="list.import",
                target=f"list:{name}",
                payload={
                    "import": imp.id,
                    "source_path": parsed.path,
                    "sha256": parsed.sha256,
                    "mapping": dict(parsed.mapping),
                    "restricted": list(restricted),
                    "rows": len(parsed.rows),
                    "problem_lines": [line for line, _ in problems],
                },
            )
            return ImportResult(name, imp.id, len(parsed.rows), tuple(problems))
    except SQLAlchemyError as error:
        raise StoreError(f"could not import {parsed.path} into list {name!r}: {_reason(error)}") from None


def _record_values(
    list_id: int,
    import_id: int,
    line: int,
    v: Mapping[str, Any],
    raw: Mapping[str, str],
    restricted: Sequence[str],
) -> dict[str, Any]:
    first, last = first_last_keys(v["name"])
    place = v.get("event_place")
    return {
        "list_id": list_id,
        "import_id": import_id,
        "line": line,
        "name": v["name"],
        "name_norm": normalized(v["name"]),
        "name_sorted": sorted_form(v["name"]),
        "name_key": skeleton(v["name"]),
        "first_key": first,
        "last_key": last,
        "sex": v.get("sex"),
        "age": v.get("age"),
        "birth_date": v.get("birth_date"),
        "event": v.get("event"),
        "event_date": v.get("event_date"),
        "event_place": place,
        "place_norm": normalized(place) if place else None,
        "text": v.get("text"),
        "raw": dict(raw),
        "restricted": list(restricted),
    }


# -- reading ------------------------------------------------------------------------------------


def list_summaries(ledger: Ledger) -> list[ListSummary]:
    current = _current_assignments_query().subquery()
    with ledger._sessions() as session:
        rows = session.execute(
            select(
                VictimListRow.name,
                select(func.count(ListRecordRow.id))
                .where(ListRecordRow.list_id == VictimListRow.id)
                .scalar_subquery(),
                select(func.count(ListImportRow.id))
                .where(ListImportRow.list_id == VictimListRow.id)
                .scalar_subquery(),
                select(func.count(func.distinct(current.c.person_id)))
                .join(ListRecordRow, ListRecordRow.id == current.c.record_id)
                .where(ListRecordRow.list_id == VictimListRow.id)
                .scalar_subquery(),
            ).order_by(VictimListRow.name)
        )
        return [ListSummary(*r) for r in rows]


def list_imports(ledger: Ledger, name: str) -> list[dict[str, Any]]:
    with ledger._sessions() as session:
        rows = session.scalars(
            select(ListImportRow)
            .join(VictimListRow, VictimListRow.id == ListImportRow.list_id)
            .where(VictimListRow.name == name)
            .order_by(ListImportRow.id)
        ).all()
        return [
            {
                "import": r.id,
                "source_path": r.source_path,
                "sha256": r.sha256,
                "rows": r.rows,
                "problems": r.problems,
                "restricted": r.restricted,
                "by": r.by,
                "at": r.at,
            }
            for r in rows
        ]


_RECORD_COLUMNS = (
    ListRecordRow.id, VictimListRow.name, ListRecordRow.line, ListRecordRow.name, ListRecordRow.name_norm,
    ListRecordRow.name_sorted, ListRecordRow.name_key, ListRecordRow.first_key, ListRecordRow.last_key,
    ListRecordRow.sex, ListRecordRow.age, ListRecordRow.birth_date, ListRecordRow.event,
    ListRecordRow.event_date, ListRecordRow.event_place, ListRecordRow.place_norm, ListRecordRow.text,
    ListRecordRow.import_id,
)  # fmt: skip


def records(
    ledger: Ledger, *, lists: Iterable[str] | None = None, ids: Iterable[int] | None = None
) -> list[ListRecord]:
    """Records in id order (of some lists, or some ids); restricted values included: mask them for display."""
    query = select(*_RECORD_COLUMNS).join(VictimListRow, VictimListRow.id == ListRecordRow.list_id)
    if lists is not None:
        query = query.where(VictimListRow.name.in_(list(lists)))
    if ids is not None:
        query = query.where(ListRecordRow.id.in_(list(ids)))
    # Core rows, and restricted fields per import (not per row): a 200,000-record read stays fast.
    with ledger.engine.connect() as connection:
        restricted = {
            i: tuple(r or ())
            for i, r in connection.execute(select(ListImportRow.id, ListImportRow.restricted))
        }
        return [
            ListRecord(*row[:-1], restricted=restricted.get(row[-1], ()))
            for row in connection.execute(query.order_by(ListRecordRow.id))
        ]


def known_lists(ledger: Ledger) -> list[str]:
    with ledger._sessions() as session:
        return list(session.scalars(select(VictimListRow.name).order_by(VictimListRow.id)))


def record_reveal(ledger: Ledger, record_ids: Sequence[int], *, purpose: str, by: str | None = None) -> None:
    """Audit that restricted fields of these records were shown to ``by``."""
    who = (by or "").strip() or default_actor()
    with ledger._sessions.begin() as session:
        audit.append(
            session,
            at=_now(),
            actor=who,
            action="list.read_restricted",
            target="records:"
            + ",".join(map(str, record_ids[:50]))
            + (",..." if len(record_ids) > 50 else ""),
            payload={"records": list(record_ids), "purpose": purpose},
        )


# -- persons and runs ---------------------------------------------------------------------------


def _current_assignments_query():
    latest = select(func.max(PersonAssignmentRow.id)).group_by(PersonAssignmentRow.record_id)
    return select(PersonAssignmentRow.record_id, PersonAssignmentRow.person_id).where(
        PersonAssignmentRow.id.in_(latest.scalar_subquery())
    )


def current_assignments(ledger: Ledger) -> dict[int, str]:
    """record id -> its current person id (records never linked are absent)."""
    with ledger.engine.connect() as connection:
        return dict(connection.execute(_current_assignments_query()).all())


def assignment_history(ledger: Ledger, record_id: int) -> list[tuple[str, int, str]]:
    """(person id, run id, at) of every assignment of one record, oldest first."""
    with ledger._sessions() as session:
        rows = session.execute(
            select(PersonAssignmentRow.person_id, PersonAssignmentRow.run_id, PersonAssignmentRow.at)
            .where(PersonAssignmentRow.record_id == record_id)
            .order_by(PersonAssignmentRow.id)
        )
        return [tuple(r) for r in rows]


def save_model(
    ledger: Ledger, settings: dict[str, Any], *, records: int, backend: str, by: str | None = None
) -> int:
    who = (by or "").strip() or default_actor()
    with ledger._sessions.begin() as session:
        row = LinkModelRow(
            settings=json.dumps(settings, sort_keys=True), records=records, backend=backend, by=who, at=_now()
        )
        session.add(row)
        session.flush()
        audit.append(
            session,
            at=row.at,
            actor=who,
            action="linkage.train",
            target=f"model:{row.id}",
            payload={"model": row.id, "records": records, "backend": backend},
        )
        return row.id


def latest_model(ledger: Ledger) -> tuple[int, dict[str, Any]] | None:
    with ledger._sessions() as session:
        row = session.scalars(select(LinkModelRow).order_by(LinkModelRow.id.desc()).limit(1)).first()
        return (row.id, json.loads(row.settings)) if row is not None else None


def save_run(
    ledger: Ledger,
    *,
    model_id: int,
    kind: str,
    backend: str,
    threshold: float,
    band: tuple[float, float],
    assignments: Mapping[int, str],
    review: Iterable[tuple[int, int, float]],
    stats: dict[str, Any],
    by: str | None = None,
) -> RunResult:
    """Record one run: new persons (labels starting ``new:`` get the next ids), changed
    assignments, and the run's review pairs, with one audit entry, in one transaction.
    Assignments equal to a record's current person write nothing."""
    who = (by or "").strip() or default_actor()
    at = _now()
    with ledger._sessions.begin() as session:
        run = LinkRunRow(
            model_id=model_id,
            kind=kind,
            backend=backend,
            threshold=threshold,
            review_low=band[0],
            review_high=band[1],
            stats=stats,
            by=who,
            at=at,
        )
        session.add(run)
        session.flush()
        current = dict(session.execute(_current_assignments_query()).all())
        existing = set(session.scalars(select(PersonRow.id)))
        unknown = {p for p in assignments.values() if not p.startswith("new:") and p not in existing}
        if unknown:
            raise StoreError(f"linkage named unknown person id(s) {', '.join(sorted(unknown)[:5])}")
        # New persons are numbered in order of their lowest record id, so a rerun numbers alike.
        firsts: dict[str, int] = {}
        for record, label in assignments.items():
            if label.startswith("new:"):
                firsts[label] = min(firsts.get(label, record), record)
        seq = session.scalar(select(func.max(PersonRow.seq))) or 0
        ids: dict[str, str] = {}
        for label in sorted(firsts, key=firsts.__getitem__):
            seq += 1
            ids[label] = f"{PERSON_PREFIX}{seq:06d}"
            session.add(PersonRow(id=ids[label], seq=seq, run_id=run.id, created_at=at))
        session.flush()
        values = []
        for record, label in sorted(assignments.items()):
            person = ids.get(label, label)
            if current.get(record) != person:
                values.append({"record_id": record, "person_id": person, "run_id": run.id, "at": at})
        for start in range(0, len(values), INSERT_CHUNK):
            session.execute(PersonAssignmentRow.__table__.insert(), values[start : start + INSERT_CHUNK])
        pairs = [
            {
                "run_id": run.id,
                "record_l": pair_key(a, b)[0],
                "record_r": pair_key(a, b)[1],
                "probability": float(p),
            }
            for a, b, p in review
        ]
        for start in range(0, len(pairs), INSERT_CHUNK):
            session.execute(LinkPairRow.__table__.insert(), pairs[start : start + INSERT_CHUNK])
        summary = {
            **stats,
            "run": run.id,
            "kind": kind,
            "model": model_id,
            "new_persons": len(ids),
            "changed_assignments": len(values),
            "review_pairs": len(pairs),
        }
        run.stats = summary
        audit.append(session, at=at, actor=who, action="linkage.run", target=f"run:{run.id}", payload=summary)
        return RunResult(run.id, kind, sorted(ids.values()), len(values), len(pairs))


def runs(ledger: Ledger) -> list[dict[str, Any]]:
    with ledger._sessions() as session:
        return [
            {
                "run": r.id,
                "kind": r.kind,
                "model": r.model_id,
                "backend": r.backend,
                "threshold": r.threshold,
                "review_band": [r.review_low, r.review_high],
                "stats": r.stats,
                "by": r.by,
                "at": r.at,
            }
            for r in session.scalars(select(LinkRunRow).order_by(LinkRunRow.id))
        ]


def persons(ledger: Ledger) -> dict[str, list[int]]:
    """person id -> its current record ids (persons left without records are absent)."""
    found: dict[str, list[int]] = {}
    for record, person in sorted(current_assignments(ledger).items()):
        found.setdefault(person, []).append(record)
    return dict(sorted(found.items()))


# -- review -------------------------------------------------------------------------------------


def decide(
    ledger: Ledger, record_a: int, record_b: int, decision: str, *, note: str, by: str | None = None
) -> LinkDecision:
    """Record that two records are (``match``) or are not (``non-match``) the same person."""
    if decision not in DECISIONS:
        raise StoreError(f"unknown decision {decision!r}; choose match or non-match")
    note = (note or "").strip()
    if not note:
        raise StoreError("a link decision needs a --note saying why")
    if record_a == record_b:
        raise StoreError("a pair needs two different records")
    left, right = pair_key(record_a, record_b)
    who = (by or "").strip() or default_actor()
    with ledger._sessions.begin() as session:
        found = set(session.scalars(select(ListRecordRow.id).where(ListRecordRow.id.in_([left, right]))))
        missing = sorted({left, right} - found)
        if missing:
            raise StoreError(f"no list record with id {missing[0]}")
        row = LinkDecisionRow(record_l=left, record_r=right, decision=decision, note=note, by=who, at=_now())
        session.add(row)
        session.flush()
        audit.append(
            session,
            at=row.at,
            actor=who,
            action=f"linkage.{decision}",
            target=f"pair:{left}-{right}",
            payload={"link_decision": row.id, "records": [left, right], "note": note},
        )
        return LinkDecision(row.id, left, right, decision, note, who, row.at)


def decisions(ledger: Ledger) -> dict[tuple[int, int], LinkDecision]:
    """The latest decision per pair (earlier ones are history)."""
    with ledger._sessions() as session:
        found: dict[tuple[int, int], LinkDecision] = {}
        for r in session.scalars(select(LinkDecisionRow).order_by(LinkDecisionRow.id)):
            found[(r.record_l, r.record_r)] = LinkDecision(
                r.id, r.record_l, r.record_r, r.decision, r.note, r.by, r.at
            )
        return found


def review_queue(ledger: Ledger, limit: int | None = None) -> list[ReviewPair]:
    """Undecided pairs the latest run of each kind put in the review band, most uncertain first."""
    decided = set(decisions(ledger))
    with ledger._sessions() as session:
        rows = session.execute(
            select(
                LinkPairRow.record_l, LinkPairRow.record_r, LinkPairRow.probability, LinkPairRow.run_id
            ).order_by(LinkPairRow.run_id.desc())
        ).all()
        last_full = session.scalar(select(func.max(LinkRunRow.id)).where(LinkRunRow.kind == "full")) or 0
    seen: set[tuple[int, int]] = set()
    queue = []
    for left, right, p, run in rows:
        if run < last_full or (left, right) in decided or (left, right) in seen:
            continue  # a full run re-scores every pair: older queues are superseded
        seen.add((left, right))
        queue.append(ReviewPair(f"{left}-{right}", left, right, p, run))
    queue.sort(key=lambda q: (abs(q.probability - 0.5), q.record_l, q.record_r))
    return queue[:limit] if limit else queue


def overlap_counts(
    ledger: Ledger, lists: Sequence[str] | None = None
) -> tuple[list[str], Counter[tuple[int, ...]]]:
    """(list names, Counter of 0/1 membership pattern -> persons) over the current persons."""
    names = list(lists) if lists else known_lists(ledger)
    index = {n: i for i, n in enumerate(names)}
    current = current_assignments(ledger)
    member: dict[str, set[int]] = {}
    for rec in records(ledger, lists=names):
        person = current.get(rec.id)
        if person is not None:
            member.setdefault(person, set()).add(index[rec.list])
    counts: Counter[tuple[int, ...]] = Counter()
    for found in member.values():
        counts[tuple(int(i in found) for i in range(len(names)))] += 1
    return names, counts
