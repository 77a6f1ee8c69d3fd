"""Store stage: documents, provenance and facts in SQLite or PostgreSQL, with full-text search."""

from rightsledger.store.ledger import Addition, Ledger, StoredDocument, StoredFact, Summary
from rightsledger.store.search import SearchHit, parse_query

__all__ = ["Addition", "Ledger", "SearchHit", "StoredDocument", "StoredFact", "Summary", "parse_query"]
