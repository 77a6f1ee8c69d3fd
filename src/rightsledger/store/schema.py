"""Tables of the ledger.  Alembic migrations in ``migrations/`` create them.

Dialect-specific full-text objects (an FTS5 table on SQLite, a generated
``tsvector`` column on PostgreSQL) are created by the migrations only, and
queried through ``search.py``, so the ORM stays portable.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# JSONB on PostgreSQL so fact data can be queried and indexed there later.
JSONData = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    """One report, by the SHA-256 of its original bytes; never modified once written."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text, index=True)
    publisher: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    source_path: Mapped[str | None] = mapped_column(Text)
    added_by: Mapped[str | None] = mapped_column(String(200))
    added_at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC, as in domain.Provenance

    additions: Mapped[list[AdditionRow]] = relationship(back_populates="document", order_by="AdditionRow.id")


class AdditionRow(Base):
    """Every ``add`` of a document, so the provenance of repeated adds is kept."""

    __tablename__ = "additions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    source_path: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    added_by: Mapped[str | None] = mapped_column(String(200))
    added_at: Mapped[str] = mapped_column(String(40))

    document: Mapped[DocumentRow] = relationship(back_populates="additions")


class ExtractionRow(Base):
    """One run of one extractor (name and version) over one document."""

    __tablename__ = "extractions"
    __table_args__ = (UniqueConstraint("document_id", "extractor", "version", name="uq_extraction"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    extractor: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[str] = mapped_column(String(40))
    fact_count: Mapped[int] = mapped_column(Integer)


class FactRow(Base):
    """One fact: its type, span, full JSON form, and a few columns worth indexing."""

    __tablename__ = "facts"
    __table_args__ = (
        Index("ix_facts_type_category", "type", "category"),
        Index("ix_facts_type_code", "type", "code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    extraction_id: Mapped[int] = mapped_column(ForeignKey("extractions.id", ondelete="CASCADE"), index=True)
    # Denormalised from the extraction so "facts of document D" needs no join.
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)  # order within its extraction
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str | None] = mapped_column(String(64))  # counts
    code: Mapped[str | None] = mapped_column(String(64))  # violations, instruments
    value: Mapped[int | None] = mapped_column(BigInteger)  # counts
    name: Mapped[str | None] = mapped_column(Text)  # speaker, actor, event, body, demander
    data: Mapped[dict[str, Any]] = mapped_column(JSONData)


class ReviewRow(Base):
    """One reviewer decision on one fact; never updated or deleted (the latest one counts)."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # accept | correct | reject | note
    data: Mapped[dict[str, Any] | None] = mapped_column(JSONData)  # the corrected fact, for correct
    note: Mapped[str | None] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))


class EventDecisionRow(Base):
    """A reviewer's merge of two canonical events, or split of one event fact out of its event."""

    __tablename__ = "event_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(16))  # merge | split
    event: Mapped[str] = mapped_column(String(64))
    other: Mapped[str | None] = mapped_column(String(64))  # merge: the event joined into ``event``
    fact_id: Mapped[int | None] = mapped_column(ForeignKey("facts.id", ondelete="CASCADE"))  # split
    note: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))


class AuditRow(Base):
    """One entry of the append-only, hash-chained audit log (see ``store.audit``)."""

    __tablename__ = "audit_log"
    __table_args__ = (UniqueConstraint("prev_hash", name="uq_audit_prev_hash"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
