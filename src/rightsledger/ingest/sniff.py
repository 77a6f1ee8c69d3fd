"""What kind of report some bytes are: content first, file name second."""

from __future__ import annotations

import re

from rightsledger.ingest.problems import Unreadable

SUPPORTED_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".pdf")

TEXT = "text/plain"
HTML = "text/html"
PDF = "application/pdf"

HTML_SUFFIXES = (".html", ".htm")

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# Formats people often mistake for reports; naming them makes the refusal actionable.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (DOCX, ODT, EPUB?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file (DOC, XLS?)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
)

# C0 controls other than tab, newlines, vertical tab, form feed and escape.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SAMPLE = 64 * 1024
_MAX_CONTROL_RATIO = 0.02

_LEADING_JUNK = re.compile(r"\A(?:\s+|<\?xml[^>]*>|<!--.*?-->)*", re.DOTALL)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>/]", re.IGNORECASE)

BINARY = "binary file, not a text, HTML or PDF report"


def bom_codec(data: bytes) -> str | None:
    """The codec a UTF-16/32 byte-order mark announces, if there is one."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec
    return None


def is_pdf(data: bytes) -> bool:
    # The PDF spec tolerates junk before the header; readers look in the first 1 KiB.
    return b"%PDF-" in data[:1024]


def refuse_binary(data: bytes) -> None:
    """Raise :class:`Unreadable` for bytes that are plainly not text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise Unreadable(f"{BINARY} ({kind}); save it as PDF, HTML or plain text")
    if bom_codec(data):
        return  # UTF-16/32 text is full of NUL bytes; its decoded text is checked instead
    if b"\x00" in data:
        raise Unreadable(f"{BINARY} (it contains NUL bytes)")
    refuse_control_heavy_bytes(data)


def refuse_control_heavy_bytes(data: bytes) -> None:
    sample = data[:_SAMPLE]
    if sample and len(_CONTROL_BYTES.findall(sample)) / len(sample) > _MAX_CONTROL_RATIO:
        raise Unreadable(f"{BINARY} (too many control characters)")


def refuse_control_heavy_text(text: str) -> None:
    sample = text[:_SAMPLE]
    if "\x00" in text:
        raise Unreadable(f"{BINARY} (it contains NUL characters)")
    if sample and len(_CONTROL_CHARS.findall(sample)) / len(sample) > _MAX_CONTROL_RATIO:
        raise Unreadable(f"{BINARY} (too many control characters)")


def looks_like_html(data: bytes) -> bool:
    """True when the document opens like an HTML page (after a BOM, blanks, XML prolog, comments)."""
    head = data[:4096]
    codec = bom_codec(head)
    text = head.decode(codec, errors="ignore") if codec else head.decode("latin-1")
    text = text.lstrip("\ufeff\u00ef\u00bb\u00bf")  # a UTF-8 BOM, decoded either way
    text = text[_LEADING_JUNK.match(text).end() :]  # type: ignore[union-attr]
    return _HTML_START.match(text) is not None


def media_type(data: bytes, suffix: str) -> str:
    """The report's media type; raises :class:`Unreadable` for binary or mislabelled bytes."""
    suffix = suffix.lower()
    if is_pdf(data):
        return PDF
    if suffix == ".pdf":
        raise Unreadable("corrupt PDF (no %PDF- header); is it really a PDF?")
    refuse_binary(data)
    if looks_like_html(data) or suffix in HTML_SUFFIXES:
        return HTML
    return TEXT
