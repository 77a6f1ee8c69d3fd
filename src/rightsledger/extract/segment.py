"""Sentences and paragraphs with character offsets, from spaCy's blank English.

A blank pipeline (tokenizer + sentencizer, no model download) splits
sentences within each line; a line break always ends a sentence, so
headlines, datelines and bullet lists never run into the next sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000
    return nlp


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int  # exclusive, trailing whitespace excluded
    paragraph: int  # index of the paragraph (blank-line separated block, or list item line)
    text: str


_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Blocks separated by blank lines, as (start, end) offsets without surrounding whitespace."""
    out, pos = [], 0
    for m in [*_PARA_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        block = text[pos:end]
        lead = len(block) - len(block.lstrip())
        if block.strip():
            out.append((pos + lead, pos + len(block.rstrip())))
        if m:
            pos = m.end()
    return out


def sentences(text: str) -> list[Sentence]:
    """Sentences in text order. Every line is split on its own (a line break always ends a
    sentence: headlines, datelines, list items), as spaCy's sentencizer splits it (see _line_starts)."""
    paras = paragraphs(text)
    out: list[Sentence] = []
    p = 0
    for m in _LINE.finditer(text):
        line, offset = m.group(0), m.start()
        if line.isspace():
            continue
        starts = _line_starts(line)
        for k, s_start in enumerate(starts):
            s_end = starts[k + 1] if k + 1 < len(starts) else len(line)
            chunk = line[s_start:s_end]
            start = offset + s_start + (len(chunk) - len(chunk.lstrip()))
            end = offset + s_start + len(chunk.rstrip())
            if end <= start:
                continue
            while p + 1 < len(paras) and paras[p][1] < start:
                p += 1
            out.append(Sentence(start, end, p, text[start:end]))
    return out


# -- spaCy's sentencizer, run only where it can split ------------------------------------------------
# The sentencizer starts a sentence at the first token after a sentence-final character (one of its
# punct_chars, as a token of its own) that is neither punctuation nor such a character. Running spaCy
# over every line costs more than all the rules together, yet only the words holding such a character
# and those right after them decide anything. spaCy's tokenizer splits text at whitespace first and
# splits each whitespace-free chunk on its own, so tokenizing just those chunks (cached: "said." recurs)
# gives the same tokens there; the whitespace between chunks is mimicked as spaCy handles it (a single
# space belongs to the token before it, any other run of whitespace is a token).

_LINE = re.compile(r"[^\n]+")
_NONSPACE = re.compile(r"\S*")
_SPACE = re.compile(r"\s*")


# a class of the sentencizer's ~130 characters is slow to test at every character: look for these and
# keep the non-ASCII ones that are in the set
_FINAL_OR_NON_ASCII = re.compile(r"[.!?\x80-\U0010ffff]")


@lru_cache(maxsize=1)
def _punct_chars() -> frozenset[str]:
    chars = frozenset(pipeline().get_pipe("sentencizer").punct_chars)
    assert all(c in ".!?" or ord(c) >= 0x80 for c in chars), (
        "a sentence-final character _FINAL_OR_NON_ASCII misses"
    )
    return chars


@lru_cache(maxsize=4096)  # bounded: memory stays flat however many documents pass
def _chunk_tokens(chunk: str) -> tuple[tuple[int, bool, bool], ...]:
    """(offset, is a sentence-final character, is punctuation) of each spaCy token of a chunk."""
    chars = _punct_chars()
    return tuple((t.idx, t.text in chars, t.is_punct) for t in pipeline().tokenizer(chunk))


def _line_starts(line: str) -> list[int]:
    """Offsets in a line (no line break in it) where spaCy's blank English with its sentencizer starts
    a sentence; the first is 0."""
    chars = _punct_chars()
    starts = [0]
    pos, seen = 0, False

    def tokens(a: int, b: int) -> int:
        nonlocal seen
        for idx, final, punct in _chunk_tokens(line[a:b]):
            if seen and not punct and not final:
                starts.append(a + idx)
                seen = False
            elif final:
                seen = True
        return b

    for m in _FINAL_OR_NON_ASCII.finditer(line):
        if m.start() < pos or m.group(0) not in chars:
            continue  # in a chunk already read, or not sentence-final
        a = m.start()
        while a > 0 and not line[a - 1].isspace():
            a -= 1
        pos = tokens(a, _NONSPACE.match(line, m.start()).end())
        while seen and pos < len(line):
            ws_end = _SPACE.match(line, pos).end()
            token_at = pos + 1 if line[pos] == " " else pos  # one space after a token is part of it
            pos = ws_end
            if token_at < ws_end:
                starts.append(token_at)  # a whitespace token is not punctuation
                seen = False
            elif pos < len(line):
                pos = tokens(pos, _NONSPACE.match(line, pos).end())
    return starts
