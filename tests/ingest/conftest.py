"""Fixtures that build real report files (PDFs through reportlab) for the ingest tests."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas


def pdf_bytes(pages: list[str], title: str | None = None) -> bytes:
    """A real PDF with one line of text per page (an empty string draws a bare rectangle)."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    if title:
        pdf.setTitle(title)
    for line in pages:
        if line:
            pdf.drawString(72, 720, line)
        else:
            pdf.rect(72, 600, 200, 100, fill=1)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes], Path]:
    """Write bytes to a file under tmp_path and return its path."""

    def _write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    return _write


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    return pdf_bytes
