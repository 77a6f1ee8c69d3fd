"""PDF reports: text of every page through pypdf (BSD; PyMuPDF is AGPL and stays out)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PasswordType, PdfReader

from rightsledger.ingest.problems import Unreadable

PAGE_SEPARATOR = "\n\n"
ENCRYPTED = "encrypted PDF; decrypt it first (e.g. qpdf --decrypt --password=... in.pdf out.pdf)"


@dataclass(frozen=True)
class PdfReport:
    text: str
    title: str | None
    pages: int


def _why(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def read_pdf(data: bytes) -> PdfReport:
    # pypdf raises a zoo of exceptions (PdfReadError, PdfStreamError, ValueError,
    # KeyError, struct.error, RecursionError ...) on damaged files: any of them
    # means the file is corrupt, so every failure outside the decrypt step is one.
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as exc:
        raise Unreadable(f"corrupt PDF ({_why(exc)})") from exc
    try:
        # Many PDFs are "encrypted" with an empty user password only to set permissions.
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise Unreadable(ENCRYPTED)
    except Unreadable:
        raise
    except Exception as exc:  # e.g. an unsupported algorithm, or the cryptography package missing
        raise Unreadable(f"{ENCRYPTED} [{_why(exc)}]") from exc
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except Exception as exc:
        raise Unreadable(f"corrupt PDF ({_why(exc)})") from exc
    text = PAGE_SEPARATOR.join(pages)
    if not text.strip():
        raise Unreadable(
            f"PDF with no extractable text ({len(pages)} page(s), perhaps scanned images); "
            "run OCR on it first (e.g. ocrmypdf)"
        )
    title = str(title).strip() if title else None
    return PdfReport(text=text, title=title or None, pages=len(pages))
