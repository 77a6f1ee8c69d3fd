"""PDF reports through pypdf: text found, and corrupt or locked files refused clearly."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from pypdf import PdfReader, PdfWriter

from rightsledger.errors import IngestError
from rightsledger.ingest import read_report


def encrypted(data: bytes, user_password: str, owner_password: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_text_pages_joined(write, make_pdf):
    raw = make_pdf(
        ["At least 12 protesters were killed.", "The panel called for prosecutions."],
        title="Lekki panel report",
    )
    path = write("lekki.pdf", raw)
    data, doc = read_report(path)
    assert data == raw
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.media_type == "application/pdf"
    first, second = doc.text.split("\n\n", 1)
    assert "At least 12 protesters were killed." in first
    assert "The panel called for prosecutions." in second
    assert doc.title == "Lekki panel report"


def test_pdf_sniffed_by_content(write, make_pdf):
    _, doc = read_report(write("download.bin", make_pdf(["Text in a PDF named .bin"])))
    assert doc.media_type == "application/pdf"
    assert "Text in a PDF named .bin" in doc.text


@pytest.mark.parametrize("damage", ["truncated", "random"])
def test_corrupt_pdf_refused(write, make_pdf, damage):
    raw = make_pdf(["Some text."])
    data = raw[: len(raw) // 2] if damage == "truncated" else b"%PDF-1.4\n" + os.urandom(4096)
    with pytest.raises(IngestError, match=r"corrupt PDF \(.+\)"):
        read_report(write("broken.pdf", data))


def test_pdf_suffix_without_pdf_header_refused(write):
    with pytest.raises(IngestError, match="corrupt PDF"):
        read_report(write("fake.pdf", b"just some words"))


def test_encrypted_pdf_refused(write, make_pdf):
    data = encrypted(make_pdf(["Confidential testimony."]), "secret")
    with pytest.raises(IngestError, match="encrypted PDF; decrypt it first"):
        read_report(write("locked.pdf", data))


def test_pdf_with_empty_user_password_accepted(write, make_pdf):
    data = encrypted(make_pdf(["Permissions only, anyone may read."]), "", "owner-secret")
    _, doc = read_report(write("permissions.pdf", data))
    assert "Permissions only, anyone may read." in doc.text


def test_pdf_without_text_refused(write, make_pdf):
    with pytest.raises(IngestError, match="PDF with no extractable text"):
        read_report(write("scan.pdf", make_pdf(["", ""])))
