"""Store stage: documents, provenance and facts in SQLite or PostgreSQL, with full-text search."""

from rightsledger.store.audit import AuditEntry
from rightsledger.store.ledger import (
    Addition,
    EventDecision,
    Ledger,
    Review,
    StoredDocument,
    StoredFact,
    Summary,
)
from rightsledger.store.review import ReviewError
from rightsledger.store.search import SearchHit, parse_query

__all__ = [
    "Addition",
    "AuditEntry",
    "EventDecision",
    "Ledger",
    "Review",
    "ReviewError",
    "SearchHit",
    "StoredDocument",
    "StoredFact",
    "Summary",
    "parse_query",
]
