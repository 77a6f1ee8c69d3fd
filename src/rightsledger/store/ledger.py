"""The ledger: documents, their provenance, and the facts extracted from them.

Every write is one transaction: a document and its first addition go in
together, and an extraction goes in with all of its facts or not at all, so
a killed process leaves the store as it was after its last commit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from rightsledger.domain import FACT_CLASSES, FACT_TYPES, Document, Facts, fact_from_json
from rightsledger.errors import QueryError, StoreError
from rightsledger.store import audit, grades, migrate
from rightsledger.store import search as fts
from rightsledger.store.audit import Anchor, AuditEntry, default_actor
from rightsledger.store.engine import display_url, make_engine, normalize_url, sqlite_path
from rightsledger.store.grades import SourceGrade
from rightsledger.store.review import ACTIONS, EVENT_ACTIONS, STATE_ACTIONS, ReviewError, corrected
from rightsledger.store.schema import (
    AdditionRow,
    DocumentRow,
    EventDecisionRow,
    ExtractionRow,
    FactRow,
    ReviewRow,
)

FACT_CHUNK = 200  # facts inserted per statement
ENTITY_FACTS = {"event": "events", "actor": "actors"}  # what a split of each kind takes
_HEX = re.compile(r"[0-9a-f]{6,64}")
# Document ids are a 32-bit INTEGER column: a longer run of digits can only be a hash prefix
# (PostgreSQL rejects an out-of-range parameter instead of finding nothing).
_MAX_ID = 2**31 - 1
_NAME_FIELDS = ("speaker", "name", "body", "by")


@dataclass(frozen=True)
class Addition:
    source_path: str | None
    url: str | None
    publisher: str | None
    published: str | None
    title: str | None
    added_by: str | None
    added_at: str


@dataclass(frozen=True)
class StoredDocument:
    id: int
    sha256: str
    media_type: str
    size: int
    title: str | None
    publisher: str | None
    url: str | None
    published: str | None
    source_path: str | None
    added_by: str | None
    added_at: str
    text: str
    additions: tuple[Addition, ...] = ()


@dataclass(frozen=True)
class StoredFact:
    id: int
    document_id: int
    sha256: str
    type: str
    span: tuple[int, int] | None
    data: dict[str, Any]  # the facts-jsonl form of the fact
    extractor: str
    version: str
    review: str | None = None  # latest accept / correct / reject (notes leave it as it was)
    corrected: dict[str, Any] | None = None  # the corrected fact when ``review`` is correct

    @property
    def fact(self) -> Any:
        """The domain object (Count, Statement, ...) this row holds, as extracted."""
        return fact_from_json(self.type, self.data)

    @property
    def rejected(self) -> bool:
        return self.review == "reject"

    @property
    def effective_data(self) -> dict[str, Any]:
        """The fact as reviewed: the correction when the latest decision corrected it."""
        return self.corrected if self.review == "correct" and self.corrected is not None else self.data

    @property
    def effective(self) -> Any:
        """The domain object of ``effective_data``."""
        return fact_from_json(self.type, self.effective_data)


@dataclass(frozen=True)
class Review:
    id: int
    fact_id: int
    action: str
    data: dict[str, Any] | None
    note: str | None
    by: str
    at: str


@dataclass(frozen=True)
class EventDecision:
    id: int
    action: str  # merge | split
    event: str
    other: str | None  # merge: the event joined into ``event``
    fact_id: int | None  # split: the event fact detached from ``event``
    note: str
    by: str
    at: str


@dataclass(frozen=True)
class Summary:
    documents: int
    bytes: int
    additions: int
    extractions: int
    facts_by_type: dict[str, int] = field(default_factory=dict)
    extractors: tuple[tuple[str, str, int], ...] = ()  # (name, version, documents)

    @property
    def facts(self) -> int:
        return sum(self.facts_by_type.values())


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    """A ledger database; use ``Ledger.open(url)`` and close it (or use ``with``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, create: bool = True) -> Ledger:
        """Connect to ``url`` and migrate it to the newest schema.

        With ``create=False`` a missing SQLite file is an error instead of a new ledger
        (so read-only commands do not leave empty ledgers behind).
        """
        parsed = normalize_url(url)
        path = sqlite_path(parsed)
        if path is not None:
            if not path.exists() and not create:
                raise StoreError(f"no ledger at {path}; add reports first with `rightsledger add PATH`")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"cannot create the data folder {path.parent}: {error.strerror}") from None
        engine = make_engine(parsed)
        try:
            migrate.upgrade(engine)
        except OperationalError as error:
            engine.dispose()
            raise StoreError(
                f"cannot open the ledger database {display_url(parsed)}: {_reason(error)}"
            ) from None
        except SQLAlchemyError as error:
            engine.dispose()
            raise StoreError(
                f"cannot migrate the ledger database {display_url(parsed)}: {_reason(error)}"
            ) from None
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        self.close()

    @property
    def url(self) -> str:
        return display_url(self.engine.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # -- documents ---------------------------------------------------------------------------

    def add_document(
        self, doc: Document, *, path: str | None = None, url: str | None = None
    ) -> tuple[int, bool]:
        """Store ``doc`` (or note one more addition of it); returns (document id, created).

        The blob must already be written: a row never points at missing bytes.
        """
        prov = doc.provenance
        addition = AdditionRow(
            source_path=path if path is not None else prov.source_path,
            url=url if url is not None else prov.url,
            publisher=prov.publisher,
            published=prov.published,
            title=prov.title,
            added_by=prov.added_by,
            added_at=prov.added_at or now(),
        )
        for _attempt in range(2):
            try:
                with self._sessions.begin() as session:
                    return self._insert_document(session, doc, addition)
            except IntegrityError:
                # Another process stored the same bytes between our SELECT and INSERT: retry as a repeat.
                addition = _copy_addition(addition)
                continue
            except SQLAlchemyError as error:
                raise StoreError(
                    f"could not store {addition.source_path or doc.sha256}: {_reason(error)}"
                ) from None
        raise StoreError(
            f"could not store {addition.source_path or doc.sha256}: conflicting concurrent writes"
        )

    def _insert_document(self, session: Session, doc: Document, addition: AdditionRow) -> tuple[int, bool]:
        """The document's row (new, or the stored one with one more addition), audited; (id, created)."""
        existing = session.scalar(select(DocumentRow).where(DocumentRow.sha256 == doc.sha256))
        if existing is not None:
            addition.document_id = existing.id
            session.add(addition)
            self._audit_addition(session, doc, addition, created=False)
            return existing.id, False
        prov = doc.provenance
        row = DocumentRow(
            sha256=doc.sha256,
            media_type=doc.media_type,
            size=doc.size,
            text=doc.text,
            title=prov.title,
            publisher=prov.publisher,
            published=prov.published,
            url=addition.url,
            source_path=addition.source_path,
            added_by=addition.added_by,
            added_at=addition.added_at,
        )
        row.additions.append(addition)
        session.add(row)
        session.flush()
        self._audit_addition(session, doc, addition, created=True)
        return row.id, True

    @staticmethod
    def _insert_extraction(
        session: Session,
        doc_id: int,
        sha: str | None,
        extractor: str,
        version: str,
        rows: dict[str, list[dict[str, Any]]],
        who: str,
    ) -> int:
        """One extraction row and all its facts, audited; returns the extraction id."""
        extraction = ExtractionRow(
            document_id=doc_id,
            extractor=extractor,
            version=version,
            created_at=now(),
            fact_count=sum(map(len, rows.values())),
        )
        session.add(extraction)
        session.flush()
        values = [
            _fact_values(extraction.id, doc_id, kind, i, fact)
            for i, (kind, fact) in enumerate((k, r) for k in FACT_TYPES for r in rows[k])
        ]
        for start in range(0, len(values), FACT_CHUNK):
            session.execute(FactRow.__table__.insert(), values[start : start + FACT_CHUNK])
        audit.append(
            session,
            at=extraction.created_at,
            actor=who,
            action="extraction.save",
            target=f"document:{sha}",
            payload={
                "extraction": extraction.id,
                "extractor": extractor,
                "version": version,
                "facts": extraction.fact_count,
            },
        )
        return extraction.id

    @staticmethod
    def _audit_addition(session: Session, doc: Document, addition: AdditionRow, *, created: bool) -> None:
        audit.append(
            session,
            at=now(),
            actor=addition.added_by or default_actor(),
            action="document.add",
            target=f"document:{doc.sha256}",
            payload={
                "created": created,
                "title": addition.title,
                "source_path": addition.source_path,
                "url": addition.url,
                "size": doc.size,
                "media_type": doc.media_type,
            },
        )

    def get_document(self, doc_id: int) -> StoredDocument:
        with self._sessions() as session:
            row = session.get(DocumentRow, doc_id)
            if row is None:
                raise QueryError(f"no document with id {doc_id}")
            return _stored(row, session)

    def find_document(self, ref: str) -> StoredDocument:
        """A document by id, SHA-256 prefix (at least 6 hex digits) or exact title.

        A ref of decimal digits only may be both an id and a hash prefix: it is taken as an id
        when it is within the id column's range and such a document exists, otherwise as a
        hash prefix (then a title).  Should a digit-only prefix be an id too, a longer prefix
        (beyond the id range) or the full hash finds the document by its hash.
        """
        ref = ref.strip()
        with self._sessions() as session:
            if ref.isascii() and ref.isdigit() and 0 < int(ref) <= _MAX_ID:
                row = session.get(DocumentRow, int(ref))
                if row is not None:
                    return _stored(row, session)
            if _HEX.fullmatch(ref.lower()):
                rows = session.scalars(
                    select(DocumentRow).where(DocumentRow.sha256.startswith(ref.lower())).limit(5)
                ).all()
                if len(rows) == 1:
                    return _stored(rows[0], session)
                if len(rows) > 1:
                    raise QueryError(f"{ref!r} matches several documents' hashes; give more digits")
            rows = session.scalars(select(DocumentRow).where(DocumentRow.title == ref).limit(5)).all()
            if len(rows) == 1:
                return _stored(rows[0], session)
            if len(rows) > 1:
                ids = ", ".join(str(r.id) for r in rows)
                raise QueryError(f"several documents are titled {ref!r} (ids {ids}); use an id or hash")
        raise QueryError(
            f"no document matches {ref!r} (give an id, a hash prefix of 6+ digits, or an exact title)"
        )

    def document_hashes(self) -> list[tuple[int, str]]:
        """(id, sha256) of every document, read at once so no transaction stays open."""
        with self._sessions() as session:
            rows = session.execute(select(DocumentRow.id, DocumentRow.sha256).order_by(DocumentRow.id))
            return [(doc_id, sha) for doc_id, sha in rows]

    def documents(self, limit: int | None = None) -> list[StoredDocument]:
        """Documents in the order they were added (without additions)."""
        with self._sessions() as session:
            rows = session.scalars(select(DocumentRow).order_by(DocumentRow.id).limit(limit)).all()
            return [_stored(row, None) for row in rows]

    # -- extractions -------------------------------------------------------------------------

    def documents_needing_extraction(self, extractor: str, version: str) -> list[int]:
        """Ids of documents not yet extracted by this extractor name and version."""
        done = select(ExtractionRow.document_id).where(
            ExtractionRow.extractor == extractor, ExtractionRow.version == version
        )
        with self._sessions() as session:
            return list(
                session.scalars(
                    select(DocumentRow.id).where(DocumentRow.id.not_in(done)).order_by(DocumentRow.id)
                )
            )

    def save_extraction(
        self, doc_id: int, extractor: str, version: str, facts: Facts, *, by: str | None = None
    ) -> tuple[int, bool]:
        """Store all of ``facts`` or none; returns (extraction id, created).

        created is False when this extractor version already has an extraction of the document
        (another run got there first); the stored facts are then left as they are.
        """
        rows = facts.to_json()
        try:
            with self._sessions.begin() as session:
                existing = session.scalar(
                    select(ExtractionRow.id).where(
                        ExtractionRow.document_id == doc_id,
                        ExtractionRow.extractor == extractor,
                        ExtractionRow.version == version,
                    )
                )
                if existing is not None:
                    return existing, False
                sha = session.scalar(select(DocumentRow.sha256).where(DocumentRow.id == doc_id))
                extraction_id = self._insert_extraction(
                    session, doc_id, sha, extractor, version, rows, by or default_actor()
                )
                return extraction_id, True
        except IntegrityError as error:
            if "uq_extraction" in str(error.orig) or "UNIQUE constraint failed: extractions" in str(
                error.orig
            ):
                return self._existing_extraction(doc_id, extractor, version), False
            raise StoreError(f"could not store facts for document {doc_id}: {_reason(error)}") from None
        except (StatementError, TypeError, ValueError) as error:
            # e.g. a fact field that is not JSON-serialisable: nothing of this extraction was kept.
            raise StoreError(f"could not store facts for document {doc_id}: {_reason(error)}") from None
        except SQLAlchemyError as error:
            raise StoreError(f"could not store facts for document {doc_id}: {_reason(error)}") from None

    def add_extracted(
        self, doc: Document, extractor: str, version: str, facts: Facts, *, by: str | None = None
    ) -> tuple[int, bool]:
        """Store a new document with its extraction in one transaction; (document id, created).

        For uploads: either both are stored or neither.  A document already stored only gets
        one more addition (its existing extractions are kept as they are).
        """
        prov = doc.provenance
        rows = facts.to_json()
        who = by or prov.added_by or default_actor()
        try:
            with self._sessions.begin() as session:
                addition = AdditionRow(
                    source_path=prov.source_path,
                    url=prov.url,
                    publisher=prov.publisher,
                    published=prov.published,
                    title=prov.title,
                    added_by=who,
                    added_at=prov.added_at or now(),
                )
                doc_id, created = self._insert_document(session, doc, addition)
                if created:
                    self._insert_extraction(session, doc_id, doc.sha256, extractor, version, rows, who)
                return doc_id, created
        except (SQLAlchemyError, TypeError, ValueError) as error:
            where = prov.title or doc.sha256[:12]
            raise StoreError(f"could not store {where} with its facts: {_reason(error)}") from None

    def _existing_extraction(self, doc_id: int, extractor: str, version: str) -> int:
        with self._sessions() as session:
            return (
                session.scalar(
                    select(ExtractionRow.id).where(
                        ExtractionRow.document_id == doc_id,
                        ExtractionRow.extractor == extractor,
                        ExtractionRow.version == version,
                    )
                )
                or 0
            )

    def extractions(self, doc_id: int) -> list[tuple[str, str, str, int]]:
        """(extractor, version, created_at, fact count) of each extraction of a document, oldest first."""
        with self._sessions() as session:
            rows = session.execute(
                select(
                    ExtractionRow.extractor,
                    ExtractionRow.version,
                    ExtractionRow.created_at,
                    ExtractionRow.fact_count,
                )
                .where(ExtractionRow.document_id == doc_id)
                .order_by(ExtractionRow.id)
            )
            return [tuple(row) for row in rows]

    def facts(
        self,
        type: str | None = None,
        document: int | None = None,
        extractor: str | None = None,
        *,
        include_rejected: bool = True,
    ) -> list[StoredFact]:
        """Facts, by default from each document's latest extraction (optionally of one extractor).

        Each carries its review state (``review``, ``corrected``, ``effective``); the stored
        extraction rows are never changed by a review.
        """
        if type is not None and type not in FACT_TYPES:
            raise QueryError(f"unknown fact type {type!r}; choose one of {', '.join(FACT_TYPES)}")
        latest = select(func.max(ExtractionRow.id).label("id")).group_by(ExtractionRow.document_id)
        if extractor is not None:
            latest = latest.where(ExtractionRow.extractor == extractor)
        query = (
            select(FactRow, ExtractionRow.extractor, ExtractionRow.version, DocumentRow.sha256)
            .join(ExtractionRow, ExtractionRow.id == FactRow.extraction_id)
            .join(DocumentRow, DocumentRow.id == FactRow.document_id)
            .where(FactRow.extraction_id.in_(latest.scalar_subquery()))
            .order_by(FactRow.document_id, FactRow.extraction_id, FactRow.position)
        )
        if type is not None:
            query = query.where(FactRow.type == type)
        if document is not None:
            query = query.where(FactRow.document_id == document)
        with self._sessions() as session:
            states = _review_states(session, query.with_only_columns(FactRow.id).order_by(None))
            found = [
                _stored_fact(row, name, version, sha, states.get(row.id))
                for row, name, version, sha in session.execute(query)
            ]
        return found if include_rejected else [f for f in found if not f.rejected]

    def get_fact(self, fact_id: int) -> StoredFact:
        """One fact by id (from any extraction), with its review state."""
        query = (
            select(FactRow, ExtractionRow.extractor, ExtractionRow.version, DocumentRow.sha256)
            .join(ExtractionRow, ExtractionRow.id == FactRow.extraction_id)
            .join(DocumentRow, DocumentRow.id == FactRow.document_id)
            .where(FactRow.id == fact_id)
        )
        with self._sessions() as session:
            found = session.execute(query).first()
            if found is None:
                raise ReviewError(f"no fact with id {fact_id}")
            states = _review_states(session, select(FactRow.id).where(FactRow.id == fact_id))
            row, name, version, sha = found
            return _stored_fact(row, name, version, sha, states.get(fact_id))

    # -- review and audit --------------------------------------------------------------------

    def review(
        self,
        fact_id: int,
        action: str,
        *,
        changes: dict[str, str] | None = None,
        note: str | None = None,
        by: str | None = None,
    ) -> Review:
        """Record one decision on a fact (and its audit entry, in one transaction).

        accept: the extracted fact is right (undoing an earlier correction or rejection);
        correct: ``changes`` (field -> value as typed) make the corrected fact; reject: not a
        fact; note: a remark that leaves the fact's state as it was.  correct, reject and note
        need a ``note``.  Nothing stored is ever changed: the latest decision is the state.
        """
        if action not in ACTIONS:
            raise ReviewError(f"unknown review action {action!r}; choose one of {', '.join(ACTIONS)}")
        note = (note or "").strip() or None
        if note is None and action != "accept":
            raise ReviewError(f"{action} needs a --note saying why")
        if changes and action != "correct":
            raise ReviewError("--set applies to correct only")
        fact = self.get_fact(fact_id)
        data = corrected(fact.type, fact.data, changes or {}) if action == "correct" else None
        who = (by or "").strip() or default_actor()
        try:
            with self._sessions.begin() as session:
                row = ReviewRow(fact_id=fact_id, action=action, data=data, note=note, by=who, at=now())
                session.add(row)
                session.flush()
                payload: dict[str, Any] = {"review": row.id, "note": note}
                if data is not None:
                    payload["changes"] = {k: data[k] for k in (changes or {})}
                    payload["before"] = {k: fact.effective_data.get(k) for k in (changes or {})}
                audit.append(
                    session,
                    at=row.at,
                    actor=who,
                    action=f"fact.{action}",
                    target=f"fact:{fact_id}",
                    payload=payload,
                )
                return Review(row.id, fact_id, action, data, note, who, row.at)
        except SQLAlchemyError as error:
            raise StoreError(f"could not record the review of fact {fact_id}: {_reason(error)}") from None

    def reviews(self, fact_id: int | None = None) -> list[Review]:
        """Review decisions, oldest first (of one fact, or all)."""
        query = select(ReviewRow).order_by(ReviewRow.id)
        if fact_id is not None:
            query = query.where(ReviewRow.fact_id == fact_id)
        with self._sessions() as session:
            return [
                Review(r.id, r.fact_id, r.action, r.data, r.note, r.by, r.at) for r in session.scalars(query)
            ]

    def decide_event(
        self,
        action: str,
        event: str,
        *,
        other: str | None = None,
        fact_id: int | None = None,
        note: str | None = None,
        by: str | None = None,
    ) -> EventDecision:
        """Record a merge (``other`` joins ``event``) or split (event fact ``fact_id`` leaves ``event``).

        The analyze stage checks the ids against the current canonical events before calling this.
        """
        return self.decide_entity("event", action, event, other=other, fact_id=fact_id, note=note, by=by)

    def decide_entity(
        self,
        kind: str,
        action: str,
        target: str,
        *,
        other: str | None = None,
        fact_id: int | None = None,
        note: str | None = None,
        by: str | None = None,
    ) -> EventDecision:
        """Record a reviewer's merge or split of a canonical event or actor (kind ``event`` or ``actor``).

        Both live in the ``event_decisions`` table: an actor's decision names ``ac-`` ids in its
        ``event`` and ``other`` columns, and a split names an actor fact.  Audited as
        ``event.merge`` / ``actor.split`` etc. in the same transaction.
        """
        if kind not in ENTITY_FACTS:
            raise ReviewError(f"unknown kind {kind!r}; choose event or actor")
        label = kind
        if action not in EVENT_ACTIONS:
            raise ReviewError(f"unknown {label} decision {action!r}; choose merge or split")
        note = (note or "").strip()
        if not note:
            raise ReviewError(f"{action} needs a --note saying why")
        if action == "merge" and (not other or other == target):
            raise ReviewError(f"merge needs two different {label}s")
        for ref in (target, other) if action == "merge" else (target,):
            if (kind == "actor") != (ref or "").startswith("ac-"):
                raise ReviewError(f"{ref!r} is not an {label} id")
        fact_type = ENTITY_FACTS[kind]
        if action == "split" and (fact_id is None or self.get_fact(fact_id).type != fact_type):
            raise ReviewError(f"fact {fact_id} is not an {label} fact; split takes an {label} fact's id")
        who = (by or "").strip() or default_actor()
        with self._sessions.begin() as session:
            row = EventDecisionRow(
                action=action,
                event=target,
                other=other if action == "merge" else None,
                fact_id=fact_id if action == "split" else None,
                note=note,
                by=who,
                at=now(),
            )
            session.add(row)
            session.flush()
            audit.append(
                session,
                at=row.at,
                actor=who,
                action=f"{kind}.{action}",
                target=f"{kind}:{target}",
                payload={"decision": row.id, "other": row.other, "fact": row.fact_id, "note": note},
            )
            return _decision(row)

    def event_decisions(self) -> list[EventDecision]:
        """Merges and splits of events, oldest first (the order they are applied in)."""
        return [d for d in self._decisions() if not d.event.startswith("ac-")]

    def actor_decisions(self) -> list[EventDecision]:
        """Merges and splits of actors (``ac-`` ids), oldest first."""
        return [d for d in self._decisions() if d.event.startswith("ac-")]

    def _decisions(self) -> list[EventDecision]:
        with self._sessions() as session:
            return [
                _decision(r) for r in session.scalars(select(EventDecisionRow).order_by(EventDecisionRow.id))
            ]

    # -- source grades -----------------------------------------------------------------------

    def grade_source(
        self, source: str, grade: str, *, note: str | None = None, by: str | None = None
    ) -> SourceGrade:
        """Grade a source ('B2', 'C', '3'; '-' clears it): a new row and its audit entry, one transaction."""
        who = (by or "").strip() or default_actor()
        try:
            with self._sessions.begin() as session:
                return grades.record(session, source, grade, note=note, by=who, at=now())
        except SQLAlchemyError as error:
            raise StoreError(f"could not record the grade of {source}: {_reason(error)}") from None

    def source_grades(self, *, history: bool = False, source: str | None = None) -> list[SourceGrade]:
        """Each graded source's latest grade, by source (cleared ones left out); or every row."""
        with self._sessions() as session:
            if history or source is not None:
                return grades.history(session, source)
            found = grades.latest(session)
        return [found[key] for key in sorted(found) if found[key].grade is not None]

    def grades(self) -> dict[str, str]:
        """source key -> current grade, the form reconciliation rules take."""
        return {g.source: g.grade for g in self.source_grades() if g.grade is not None}

    def audit_log(self, limit: int | None = None) -> list[AuditEntry]:
        """The newest ``limit`` audit entries (all by default), oldest first."""
        with self.engine.connect() as connection:
            return audit.entries(connection, limit)

    def verify_audit(self) -> list[str]:
        """Problems in the audit chain: edited, deleted or reordered entries (empty when intact)."""
        return self.audit_status()[0]

    def audit_status(self) -> tuple[list[str], int, str]:
        """(problems, entries checked, hash of the last entry)."""
        with self.engine.connect() as connection:
            problems, count, head = audit.verify(connection)
            problems += _unaudited(connection)
        return problems, count, head

    def audit_head(self) -> tuple[int, str] | None:
        """(seq, hash) of the newest audit entry, or None when the log is empty."""
        with self.engine.connect() as connection:
            return audit.head(connection)

    def anchor_audit(self, path: Path) -> Anchor | None:
        """Append the audit log's head to the anchor file ``path`` (None, nothing written, when empty).

        Keep the file outside the database: `audit verify` then sees entries cut off the log's end.
        """
        found = self.audit_head()
        if found is None:
            return None
        anchor = Anchor(found[0], found[1], now(), self.url)
        try:
            audit.write_anchor(path, anchor)
        except OSError as error:
            raise StoreError(f"cannot write the anchor file {path}: {error.strerror or error}") from None
        return anchor

    def check_anchors(self, path: Path, *, expect_head: str | None = None) -> tuple[list[str], int, int]:
        """(problems, anchors checked, anchors of other ledgers skipped) for an anchor file and an
        optional expected head hash."""
        try:
            anchors, problems = audit.read_anchors(path)
        except OSError as error:
            raise StoreError(f"cannot read the anchor file {path}: {error.strerror or error}") from None
        mine = [a for a in anchors if a.ledger in (None, self.url)]
        with self.engine.connect() as connection:
            problems += [p for a in mine if (p := audit.check_anchor(connection, a))]
            if expect_head is not None and (p := audit.check_expected_head(connection, expect_head)):
                problems.append(p)
        return problems, len(mine), len(anchors) - len(mine)

    # -- search, summary, checks -------------------------------------------------------------

    def search(
        self, query: str, limit: int = 10, *, marks: tuple[str, str] = ("[", "]")
    ) -> list[fts.SearchHit]:
        try:
            with self.engine.begin() as connection:
                return fts.search(connection, query, limit, marks=marks)
        except SQLAlchemyError as error:  # should not happen: queries are built from quoted tokens
            raise QueryError(f"search for {query!r} failed: {_reason(error)}") from None

    def summary(self) -> Summary:
        with self._sessions() as session:
            docs, size = session.execute(
                select(func.count(DocumentRow.id), func.coalesce(func.sum(DocumentRow.size), 0))
            ).one()
            by_type = dict(
                session.execute(
                    select(FactRow.type, func.count())
                    .where(
                        FactRow.extraction_id.in_(
                            select(func.max(ExtractionRow.id))
                            .group_by(ExtractionRow.document_id)
                            .scalar_subquery()
                        )
                    )
                    .group_by(FactRow.type)
                ).all()
            )
            extractors = session.execute(
                select(ExtractionRow.extractor, ExtractionRow.version, func.count())
                .group_by(ExtractionRow.extractor, ExtractionRow.version)
                .order_by(ExtractionRow.extractor, ExtractionRow.version)
            ).all()
            return Summary(
                documents=docs,
                bytes=int(size),
                additions=session.scalar(select(func.count(AdditionRow.id))) or 0,
                extractions=session.scalar(select(func.count(ExtractionRow.id))) or 0,
                facts_by_type={kind: by_type[kind] for kind in FACT_TYPES if kind in by_type},
                extractors=tuple(extractors),
            )

    def integrity_check(self) -> list[str]:
        """Problems found in the database (an empty list when all is well)."""
        problems: list[str] = []
        try:
            with self.engine.begin() as connection:
                if self.dialect == "sqlite":
                    problems += _sqlite_checks(connection)
                problems += _sanity_checks(connection)
        except SQLAlchemyError as error:
            problems.append(f"the integrity check itself failed: {_reason(error)}")
        current, head = migrate.current_revision(self.engine), migrate.head_revision()
        if current != head:
            problems.append(f"schema is at revision {current}, expected {head}")
        return problems


def _review_states(session: Session, fact_ids: Any) -> dict[int, tuple[str, dict[str, Any] | None]]:
    """fact id -> (latest accept/correct/reject action, its data) for the facts ``fact_ids`` selects."""
    query = (
        select(ReviewRow.fact_id, ReviewRow.action, ReviewRow.data)
        .where(ReviewRow.action.in_(STATE_ACTIONS), ReviewRow.fact_id.in_(fact_ids.scalar_subquery()))
        .order_by(ReviewRow.id)
    )
    return {fact_id: (action, data) for fact_id, action, data in session.execute(query)}


def _stored_fact(
    row: FactRow, name: str, version: str, sha: str, state: tuple[str, dict[str, Any] | None] | None
) -> StoredFact:
    action, data = state if state else (None, None)
    return StoredFact(
        id=row.id,
        document_id=row.document_id,
        sha256=sha,
        type=row.type,
        span=(row.span_start, row.span_end) if row.span_start is not None else None,
        data=_ordered(row.type, row.data),
        extractor=name,
        version=version,
        review=action,
        corrected=_ordered(row.type, data) if data is not None else None,
    )


def _decision(r: EventDecisionRow) -> EventDecision:
    return EventDecision(r.id, r.action, r.event, r.other, r.fact_id, r.note, r.by, r.at)


_AUDITED = (  # (payload key naming the row, table, what the row is, audit actions that write it)
    ("review", "reviews", "review", ("fact.%",)),
    ("decision", "event_decisions", "event or actor decision", ("event.%", "actor.%")),
    ("source_grade", "source_grades", "source grade", ("grade.%",)),
)


def _unaudited(connection: Connection) -> list[str]:
    """Reviews, event and actor decisions and grades with no audit entry (the log's tail was cut off)."""
    problems = []
    for key, table, label, actions in _AUDITED:
        where = " OR ".join(f"action LIKE '{a}'" for a in actions)
        audited: set[int] = set()
        for (payload,) in connection.execute(text(f"SELECT payload FROM audit_log WHERE {where}")):
            try:
                body = json.loads(payload)
            except ValueError:
                continue
            if isinstance(body.get(key), int):
                audited.add(body[key])
        ids = [row[0] for row in connection.execute(text(f"SELECT id FROM {table} ORDER BY id"))]
        missing = [i for i in ids if i not in audited]
        if missing:
            shown = ", ".join(map(str, missing[:10])) + (", ..." if len(missing) > 10 else "")
            problems.append(f"{label}(s) {shown} have no audit entry (entries deleted from the log?)")
    return problems


def _sqlite_checks(connection: Connection) -> list[str]:
    problems = [
        f"sqlite integrity: {row[0]}"
        for row in connection.exec_driver_sql("PRAGMA integrity_check")
        if row[0] != "ok"
    ]
    problems += [
        f"foreign key: {row[0]} row {row[1]} points at a missing {row[2]} row"
        for row in connection.exec_driver_sql("PRAGMA foreign_key_check")
    ]
    try:  # FTS5 compares its index with the documents table
        connection.exec_driver_sql("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
    except SQLAlchemyError as error:
        problems.append(f"full-text index does not match the documents: {_reason(error)}")
    return problems


_SANITY = {
    "facts whose document differs from their extraction's": (
        "SELECT count(*) FROM facts f JOIN extractions e ON e.id = f.extraction_id "
        "WHERE e.document_id <> f.document_id"
    ),
    "facts whose span lies outside their document's text": (
        "SELECT count(*) FROM facts f JOIN documents d ON d.id = f.document_id "
        "WHERE f.span_start < 0 OR f.span_end < f.span_start OR f.span_end > length(d.text)"
    ),
    "extractions whose fact count is wrong": (
        "SELECT count(*) FROM extractions e "
        "WHERE e.fact_count <> (SELECT count(*) FROM facts f WHERE f.extraction_id = e.id)"
    ),
    "documents without any addition": (
        "SELECT count(*) FROM documents d "
        "WHERE NOT EXISTS (SELECT 1 FROM additions a WHERE a.document_id = d.id)"
    ),
    "documents whose hash is not 64 lowercase hex digits": (
        "SELECT count(*) FROM documents WHERE length(sha256) <> 64 OR lower(sha256) <> sha256"
    ),
}


def _sanity_checks(connection: Connection) -> list[str]:
    problems = []
    for label, sql in _SANITY.items():
        count = connection.execute(text(sql)).scalar_one()
        if count:
            problems.append(f"{count} {label}")
    return problems


def _fact_values(
    extraction_id: int, doc_id: int, kind: str, position: int, row: dict[str, Any]
) -> dict[str, Any]:
    span = row.get("span")
    name = next((row[key] for key in _NAME_FIELDS if isinstance(row.get(key), str)), None)
    value = row.get("value") if kind == "counts" else None
    return {
        "extraction_id": extraction_id,
        "document_id": doc_id,
        "type": kind,
        "position": position,
        "span_start": span[0] if span else None,
        "span_end": span[1] if span else None,
        "category": row.get("category") if kind == "counts" else None,
        "code": row.get("code") if kind in ("violations", "instruments") else None,
        "value": value if isinstance(value, int) else None,
        "name": name,
        "data": row,
    }


def _ordered(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Fact data in its dataclass's field order (JSONB does not keep key order)."""
    order = [f.name for f in fields(FACT_CLASSES[kind])] if kind in FACT_CLASSES else []
    return {key: data[key] for key in [*order, *sorted(set(data) - set(order))] if key in data}


def _stored(row: DocumentRow, session: Session | None) -> StoredDocument:
    additions = (
        tuple(
            Addition(a.source_path, a.url, a.publisher, a.published, a.title, a.added_by, a.added_at)
            for a in row.additions
        )
        if session is not None
        else ()
    )
    return StoredDocument(
        id=row.id,
        sha256=row.sha256,
        media_type=row.media_type,
        size=row.size,
        title=row.title,
        publisher=row.publisher,
        url=row.url,
        published=row.published,
        source_path=row.source_path,
        added_by=row.added_by,
        added_at=row.added_at,
        text=row.text,
        additions=additions,
    )


def _copy_addition(a: AdditionRow) -> AdditionRow:
    return AdditionRow(
        source_path=a.source_path,
        url=a.url,
        publisher=a.publisher,
        published=a.published,
        title=a.title,
        added_by=a.added_by,
        added_at=a.added_at,
    )


def _reason(error: BaseException) -> str:
    """The driver's message without SQLAlchemy's SQL dump and background link."""
    orig = getattr(error, "orig", None)
    message = str(orig if orig is not None else error)
    return message.strip().splitlines()[0] if message.strip() else type(error).__name__
