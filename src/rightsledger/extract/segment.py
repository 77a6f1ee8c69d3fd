"""Sentences and paragraphs with character offsets, from spaCy's blank English.

A blank pipeline (tokenizer + sentencizer, no model download) splits
sentences; a small component first marks every line break as a boundary so
headlines, datelines and bullet lists never run into the next sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("rightsledger_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A token that follows a newline starts a sentence; others are left to the sentencizer."""
    for i, token in enumerate(doc):
        if i == 0:
            continue
        prev = doc[i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            token.is_sent_start = True
        elif token.is_space:
            token.is_sent_start = False
    return doc


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("rightsledger_line_breaks")
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
    doc = pipeline()(text)
    paras = paragraphs(text)
    out: list[Sentence] = []
    p = 0
    for sent in doc.sents:
        chunk = sent.text
        start = sent.start_char + (len(chunk) - len(chunk.lstrip()))
        end = sent.start_char + len(chunk.rstrip())
        if end <= start:
            continue
        while p + 1 < len(paras) and paras[p][1] < start:
            p += 1
        out.append(Sentence(start, end, p, text[start:end]))
    return out
