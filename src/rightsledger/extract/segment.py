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
    sentence: headlines, datelines, list items), which also keeps spaCy's work per call small."""
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]
    paras = paragraphs(text)
    out: list[Sentence] = []
    p = 0
    docs = pipeline().pipe(line for _, line in lines)
    for (offset, _line), doc in zip(lines, docs, strict=True):
        for sent in doc.sents:
            chunk = sent.text
            start = offset + sent.start_char + (len(chunk) - len(chunk.lstrip()))
            end = offset + sent.start_char + len(chunk.rstrip())
            if end <= start:
                continue
            while p + 1 < len(paras) and paras[p][1] < start:
                p += 1
            out.append(Sentence(start, end, p, text[start:end]))
    return out
