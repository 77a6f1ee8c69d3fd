"""One exception hierarchy, with messages a user can act on.

Every error names the thing at fault (a file, a query, a setting) and the
problem, so the CLI can print ``str(error)`` and nothing else.
"""

from __future__ import annotations


class LedgerError(Exception):
    """Base class for every error rightsledger reports to a user."""


class IngestError(LedgerError):
    """A file could not be read as a report; nothing was stored for it."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StoreError(LedgerError):
    """The ledger database could not be opened, migrated or written."""


class QueryError(LedgerError):
    """A search query or filter is malformed."""


class ExtractError(LedgerError):
    """An extractor is unknown or failed on a document."""
