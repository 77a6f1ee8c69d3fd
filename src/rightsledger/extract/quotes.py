"""Quotations: balanced quote marks in every common style, with spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

PAIRS = {"“": "”", "«": "»", "‘": "’", '"': '"'}


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the first quoted character (inside the marks)
    end: int  # offset just past the last quoted character (inside the marks)
    open_at: int  # offset of the opening mark


_OPENERS = re.compile("[" + "".join(PAIRS) + "]")
# Where a quote opened with each mark stops: its closing mark or a paragraph break; straight and
# single quotes do not run over a line break. A "’" closes only when no letter follows (else it is
# an apostrophe: "it’s"), which _close_at checks.
_STOPS = {
    "”": re.compile("”|\n\n"),
    "»": re.compile("»|\n\n"),
    "’": re.compile("’|\n"),
    '"': re.compile('"|\n'),
}


def _close_at(text: str, close: str, j: int) -> int:
    """Offset of the mark or break that ends a quote whose text starts at j (len(text) if none)."""
    stop = _STOPS[close]
    while (m := stop.search(text, j)) is not None:
        j = m.start()
        if close != "’" or text[j] != "’" or j + 1 >= len(text) or not text[j + 1].isalpha():
            return j
        j += 1  # an apostrophe
    return len(text)


def find_quotes(text: str) -> list[Quote]:
    """Quoted stretches; a quote left open at a paragraph end closes there (continued quotes)."""
    out: list[Quote] = []
    i, n = 0, len(text)
    while (m := _OPENERS.search(text, i)) is not None:
        i = m.start()
        ch = text[i]
        close = PAIRS[ch]
        opening = i == 0 or not text[i - 1].isalnum() or ch == "“"
        if ch == "‘" and i + 1 < n and not text[i + 1].isalnum():
            opening = False
        if not opening:
            i += 1
            continue
        j = _close_at(text, close, i + 1)
        if j > i + 1:
            out.append(Quote(i + 1, j, i))
        i = j + 1 if j < n and text[j] == close else j
    return out


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces and trailing sentence punctuation from a span."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:"):
        end -= 1
    return start, end


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))
