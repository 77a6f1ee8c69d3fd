"""Source reliability grades that users set: the Admiralty scale, stored in the ledger.

A grade is a reliability letter (A completely reliable ... E unreliable, F cannot be judged)
and/or a credibility digit (1 confirmed ... 5 improbable, 6 cannot be judged), e.g. "B2".
Grades are kept per source (a claimant or publisher, compared case- and article-insensitively),
as new rows that are never changed: the latest row of a source is its grade, and a row with
neither letter nor digit clears it.  Every row has an audit entry written with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from rightsledger.errors import LedgerError
from rightsledger.store import audit
from rightsledger.store.schema import Base

_GRADE = re.compile(r"([A-F])?([1-6])?")
CLEAR = ("-", "none", "clear")


class GradeError(LedgerError):
    """A grade that is not on the Admiralty scale, or a source with no name."""


class SourceGradeRow(Base):
    """One grade given to one source; never updated or deleted (the latest one counts)."""

    __tablename__ = "source_grades"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(300), index=True)  # source_key(name)
    name: Mapped[str] = mapped_column(Text)  # as the user typed it
    reliability: Mapped[str | None] = mapped_column(String(1))  # A-F
    credibility: Mapped[int | None] = mapped_column(Integer)  # 1-6
    note: Mapped[str | None] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[str] = mapped_column(String(40))


@dataclass(frozen=True)
class SourceGrade:
    id: int
    source: str
    name: str
    reliability: str | None
    credibility: int | None
    note: str | None
    by: str
    at: str

    @property
    def grade(self) -> str | None:
        """'B2', 'B', '2', or None when the grade was cleared."""
        return format_grade(self.reliability, self.credibility)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "name": self.name,
            "grade": self.grade,
            "reliability": self.reliability,
            "credibility": self.credibility,
            "note": self.note,
            "by": self.by,
            "at": self.at,
        }


def source_key(name: str | None) -> str | None:
    """A claimant or publisher name compared case- and article-insensitively."""
    if not name:
        return None
    key = " ".join(name.replace("’", "'").lower().split()).strip(" .,;:")
    return re.sub(r"^the\s+", "", key) or None


def parse_grade(grade: str) -> tuple[str | None, int | None]:
    """'B2' -> ('B', 2); 'F' -> ('F', None); '5' -> (None, 5)."""
    match = _GRADE.fullmatch(grade.strip().upper())
    if not grade.strip() or not match:
        raise GradeError(f"{grade!r} is not an Admiralty grade (a letter A-F and/or a digit 1-6, e.g. B2)")
    return match[1], int(match[2]) if match[2] else None


def format_grade(reliability: str | None, credibility: int | None) -> str | None:
    return f"{reliability or ''}{credibility or ''}" or None


def _grade(row: SourceGradeRow) -> SourceGrade:
    return SourceGrade(
        row.id, row.source, row.name, row.reliability, row.credibility, row.note, row.by, row.at
    )


def record(session: Session, name: str, grade: str, *, note: str | None, by: str, at: str) -> SourceGrade:
    """Add a grade row for ``name`` and its audit entry in the caller's transaction.

    ``grade`` is e.g. 'B2', 'C' or '3'; '-', 'none' or 'clear' clears the source's grade.
    """
    key = source_key(name)
    if key is None:
        raise GradeError("give the source's name (a claimant or publisher, e.g. OVD-Info)")
    letter, digit = (None, None) if grade.strip().lower() in CLEAR else parse_grade(grade)
    before = latest(session).get(key)
    row = SourceGradeRow(
        source=key,
        name=" ".join(name.split()),
        reliability=letter,
        credibility=digit,
        note=(note or "").strip() or None,
        by=by,
        at=at,
    )
    session.add(row)
    session.flush()
    audit.append(
        session,
        at=at,
        actor=by,
        action="grade.set",
        target=f"source:{key}",
        payload={
            "source_grade": row.id,
            "grade": format_grade(letter, digit),
            "before": before.grade if before else None,
            "note": row.note,
        },
    )
    return _grade(row)


def latest(session: Session) -> dict[str, SourceGrade]:
    """source key -> its latest grade row (cleared ones included)."""
    newest = select(func.max(SourceGradeRow.id)).group_by(SourceGradeRow.source).scalar_subquery()
    rows = session.scalars(select(SourceGradeRow).where(SourceGradeRow.id.in_(newest)))
    return {row.source: _grade(row) for row in rows}


def history(session: Session, source: str | None = None) -> list[SourceGrade]:
    """Every grade row, oldest first (of one source, or all)."""
    query = select(SourceGradeRow).order_by(SourceGradeRow.id)
    if source is not None:
        query = query.where(SourceGradeRow.source == (source_key(source) or source))
    return [_grade(row) for row in session.scalars(query)]
