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


def find_quotes(text: str) -> list[Quote]:
    """Quoted stretches; a quote left open at a paragraph end closes there (continued quotes)."""
    out: list[Quote] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        close = PAIRS.get(ch)
        opening = close is not None and (i == 0 or not text[i - 1].isalnum() or ch == "“")
        if ch == "‘" and i + 1 < n and not text[i + 1].isalnum():
            opening = False
        if not opening:
            i += 1
            continue
        j = i + 1
        while j < n:
            c = text[j]
            if c == close and (close != "’" or j + 1 >= n or not text[j + 1].isalpha()):
                break
            if text.startswith("\n\n", j) or (c == "\n" and close in ('"', "’")):
                break
            j += 1
        inner_end = j
        if inner_end > i + 1:
            out.append(Quote(i + 1, inner_end, i))
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
