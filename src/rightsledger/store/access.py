"""Restriction marks: documents and single fact fields that only some roles may read.

A mark is a row (who, when); removing it deletes the row.  Both are audited, and so is
every read of restricted data by someone allowed to see it (``record_read``), each in
its own transaction with its audit entry.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from rightsledger.errors import LedgerError
from rightsledger.store import audit
from rightsledger.store.ledger import Ledger, now
from rightsledger.store.schema import Base, DocumentRow, FactRow


class AccessError(LedgerError):
    """A restriction names an unknown document, fact or field."""


class RestrictedDocumentRow(Base):
    __tablename__ = "restricted_documents"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))


class RestrictedFieldRow(Base):
    __tablename__ = "restricted_fields"
    __table_args__ = (UniqueConstraint("fact_id", "field", name="uq_restricted_field"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(64))
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))


class Restrictions:
    """Which documents and fact fields are restricted, and the audited changes to that."""

    def __init__(self, ledger: Ledger) -> None:
        self._sessions = sessionmaker(ledger.engine, expire_on_commit=False)

    def documents(self) -> set[int]:
        """Ids of restricted documents."""
        with self._sessions() as session:
            return set(session.scalars(select(RestrictedDocumentRow.document_id)))

    def fields(self) -> dict[int, set[str]]:
        """fact id -> its restricted field names."""
        found: dict[int, set[str]] = {}
        with self._sessions() as session:
            for fact_id, name in session.execute(
                select(RestrictedFieldRow.fact_id, RestrictedFieldRow.field)
            ):
                found.setdefault(fact_id, set()).add(name)
        return found

    def set_document(self, doc_id: int, restricted: bool, *, by: str, note: str | None = None) -> bool:
        """Mark or unmark a document; returns False when it already was as asked (nothing is written)."""
        with self._sessions.begin() as session:
            sha = session.scalar(select(DocumentRow.sha256).where(DocumentRow.id == doc_id))
            if sha is None:
                raise AccessError(f"no document with id {doc_id}")
            current = session.get(RestrictedDocumentRow, doc_id)
            if (current is not None) == restricted:
                return False
            if restricted:
                session.add(RestrictedDocumentRow(document_id=doc_id, by=by, at=now()))
            else:
                session.delete(current)
            action = "document.restrict" if restricted else "document.unrestrict"
            _audit(session, by, action, f"document:{sha}", {"note": note})
            return True

    def set_field(
        self, fact_id: int, field: str, restricted: bool, *, by: str, note: str | None = None
    ) -> bool:
        """Mark or unmark one field of a fact (e.g. a count's claimant, a statement's speaker)."""
        with self._sessions.begin() as session:
            fact = session.get(FactRow, fact_id)
            if fact is None:
                raise AccessError(f"no fact with id {fact_id}")
            if field == "span" or field not in fact.data:
                fields = ", ".join(k for k in fact.data if k != "span")
                raise AccessError(f"{fact.type} have no field {field!r}; choose from {fields}")
            current = session.scalar(
                select(RestrictedFieldRow).where(
                    RestrictedFieldRow.fact_id == fact_id, RestrictedFieldRow.field == field
                )
            )
            if (current is not None) == restricted:
                return False
            if restricted:
                session.add(RestrictedFieldRow(fact_id=fact_id, field=field, by=by, at=now()))
            else:
                session.execute(delete(RestrictedFieldRow).where(RestrictedFieldRow.id == current.id))
            action = "field.restrict" if restricted else "field.unrestrict"
            _audit(session, by, action, f"fact:{fact_id}", {"field": field, "note": note})
            return True

    def record_read(self, by: str, target: str, what: str) -> None:
        """Audit one read of restricted data (``target`` like document:SHA or fact:ID)."""
        with self._sessions.begin() as session:
            _audit(session, by, "restricted.read", target, {"what": what})


def _audit(session: Session, by: str, action: str, target: str, payload: dict[str, object]) -> None:
    audit.append(session, at=now(), actor=by, action=action, target=target, payload=payload)
