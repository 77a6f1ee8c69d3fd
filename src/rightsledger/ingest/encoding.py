"""Bytes to text: UTF-8 exactly as ``Path.read_text`` reads it, legacy encodings only when sure.

Fact offsets are scored against ``path.read_text(encoding="utf-8")``, so a UTF-8
file must decode to that very string: universal newlines (``\\r\\n`` and ``\\r``
become ``\\n``) and nothing stripped, not even a BOM character.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from rightsledger.ingest.problems import Unreadable
from rightsledger.ingest.sniff import bom_codec, refuse_control_heavy_text

UNDETECTED = "not UTF-8 and the encoding could not be detected; convert it to UTF-8"

# charset-normalizer ranks candidates by "chaos" (mess) and language coherence;
# these bounds keep only readings that look like real prose.
_MAX_CHAOS = 0.1
_MIN_COHERENCE = 0.1
_TIE_COHERENCE = 0.1
_TIE_CHAOS = 0.05

# Characters a correct reading of Western or Cyrillic prose produces outside ASCII
# besides letters; a reading with others (³, ¹, ¤ ...) is likely the wrong code page.
_TYPOGRAPHY = set("“”‘’‚„–—…«»‹›€£¥¢°§©®™•·¿¡ \u00a0\u00ad×÷±½¼¾²")


def universal_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_utf8(data: bytes) -> str | None:
    try:
        return universal_newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def decode_bom(data: bytes) -> str | None:
    """Text behind a UTF-16/32 byte-order mark, or None when there is no such mark."""
    codec = bom_codec(data)
    if codec is None:
        return None
    try:
        text = data.decode(codec)  # the BOM is consumed, as read_text(encoding="utf-16") does
    except UnicodeDecodeError as exc:
        raise Unreadable(
            f"starts with a {codec.upper()} byte-order mark but is not {codec.upper()} "
            f"({exc.reason} at byte {exc.start}); convert it to UTF-8"
        ) from exc
    refuse_control_heavy_text(text)
    unassigned = sum(1 for ch in text[:65536] if unicodedata.category(ch) in ("Cn", "Co"))
    if unassigned > len(text[:65536]) * 0.01:
        raise Unreadable(
            f"starts with a {codec.upper()} byte-order mark but decodes to garbage; "
            "is it binary? convert it to UTF-8"
        )
    return universal_newlines(text)


def _plausible(text: str) -> bool:
    return all(ch.isascii() or ch.isalpha() or ch in _TYPOGRAPHY for ch in set(text))


def _codec_name(name: str) -> str:
    return codecs.lookup(name).name


def detect(data: bytes) -> str:
    """Decode legacy-encoded text, or raise :class:`Unreadable` when not confident.

    Only readings with little mess and some language coherence count.  Short
    Western texts often read equally well as cp1250 or cp1252 and the detector's
    first pick is then a coin toss, so among the near-best readings we drop those
    with implausible symbols and prefer cp1252 (what browsers assume for Western
    text), else take the detector's best.  Legacy Central European text whose
    bytes all map to Western letters can still come out as cp1252: such files
    should be converted to UTF-8.
    """
    matches = [m for m in from_bytes(data) if m.chaos <= _MAX_CHAOS and m.coherence >= _MIN_COHERENCE]
    if not matches:
        raise Unreadable(UNDETECTED)
    best = matches[0]
    tied = [
        m
        for m in matches
        if m.chaos <= best.chaos + _TIE_CHAOS and m.coherence >= best.coherence - _TIE_COHERENCE
    ]
    readings: list[tuple[str, list[str]]] = []
    for match in tied:
        try:
            text = data.decode(match.encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text):
            readings.append((text, [_codec_name(n) for n in match.could_be_from_charset]))
    if not readings:
        raise Unreadable(UNDETECTED)
    western = [text for text, names in readings if "cp1252" in names or "latin-1" in names]
    text = western[0] if western else readings[0][0]
    refuse_control_heavy_text(text)
    return universal_newlines(text)


def decode_text(data: bytes) -> str:
    """Plain text: UTF-8, else text behind a UTF-16/32 BOM, else a confidently detected encoding."""
    text = decode_utf8(data)
    if text is None:
        text = decode_bom(data)
    if text is None:
        text = detect(data)
    refuse_control_heavy_text(text)
    return text


_XML_ENCODING = re.compile(r"""<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(r"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The codec an HTML page declares in its first 4 KiB (meta charset, http-equiv or XML prolog).

    Follows the HTML standard's quirks: latin-1 and ASCII labels mean cp1252, and a
    UTF-16 label inside an ASCII-compatible page is a lie that means UTF-8.
    """
    head = data[:4096].decode("latin-1")
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not found:
        return None
    try:
        name = _codec_name(found.group(1))
    except LookupError:
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def decode_html(data: bytes) -> str:
    """HTML: a BOM wins, then the declared charset, then UTF-8, then detection."""
    text = decode_bom(data)
    if text is not None:
        return text
    declared = declared_charset(data)
    if declared:
        try:
            text = universal_newlines(data.decode(declared))
        except UnicodeDecodeError:
            text = None  # a wrong declaration is common; fall back to the content
    if text is None:
        text = decode_utf8(data)
    if text is None:
        text = detect(data)
    refuse_control_heavy_text(text)
    return text
