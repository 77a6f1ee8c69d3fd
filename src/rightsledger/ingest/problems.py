"""The internal signal that a file is not a readable report.

Readers know what is wrong but not which file they were given; ``read_report``
catches :class:`Unreadable` and re-raises it as an ``IngestError`` naming the path.
"""

from __future__ import annotations


class Unreadable(Exception):
    """The bytes cannot be read as a report; the message says why and what to do."""
