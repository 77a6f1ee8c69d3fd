"""Ingest stage: report files in, original bytes and a :class:`~rightsledger.domain.Document` out.

``discover`` finds the files, ``read_report`` reads one (text, HTML or PDF) with
its provenance, and ``BlobStore`` keeps the original bytes, addressed by hash.
Every failure is an ``IngestError`` naming the file and what to do.
"""

from rightsledger.ingest.blobs import BlobStore
from rightsledger.ingest.discover import discover
from rightsledger.ingest.report import MAX_BYTES_DEFAULT, read_report
from rightsledger.ingest.sniff import SUPPORTED_SUFFIXES

__all__ = ["MAX_BYTES_DEFAULT", "SUPPORTED_SUFFIXES", "BlobStore", "discover", "read_report"]
