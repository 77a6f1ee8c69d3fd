"""The extractor's shortcuts find exactly what the slow, plain way finds.

Each shortcut (sentences from spaCy's tokenizer on a few chunks, lookaheads for first characters,
searches limited to the stretches between full stops, a trie for many aliases, date candidates) is
compared with the plain computation it replaces, which serves as the oracle: spaCy's own sentencizer
run line by line, the pattern searched over the whole text, a flat alternation sorted longest first.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsledger.extract import codes, dates, events, numbers, resolutions
from rightsledger.extract.literals import (
    first_in_stretches,
    simple_case,
    stays_between_stops,
    stop_positions,
    trie_alternation,
    with_first_chars,
)
from rightsledger.extract.segment import paragraphs, pipeline, sentences

# characters that stress tokenization and sentence splitting: abbreviations, decimals, quotes, odd spaces
PIECES = [
    "a",
    "b",
    "We",
    "said",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\xa0",
    ".",
    "..",
    "...",
    "!",
    "?",
    "?!",
    ";",
    ":",
    ",",
    "“",
    "”",
    "‘",
    "’",
    '"',
    "(",
    ")",
    "[",
    "]",
    "—",
    "–",
    "-",
    "U.S.",
    "Mr.",
    "Dr.",
    "e.g.",
    "etc.",
    "a.m.",
    "No.",
    "3.5",
    "1,500",
    "2021",
    "%",
    "。",
    "！",
    ":)",
    "http://x.org/a.b",
    "#tag",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def spacy_sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) as the extractor had them: spaCy's pipeline run on every line."""
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]
    paras = paragraphs(text)
    out, p = [], 0
    for (offset, _line), doc in zip(lines, pipeline().pipe(line for _, line in lines), strict=True):
        for sent in doc.sents:
            chunk = sent.text
            start = offset + sent.start_char + (len(chunk) - len(chunk.lstrip()))
            end = offset + sent.start_char + len(chunk.rstrip())
            if end <= start:
                continue
            while p + 1 < len(paras) and paras[p][1] < start:
                p += 1
            out.append((start, end, p))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "He died. “The police shot him,” she said.  Then (again) U.S. officials left!",
        "Dr. Smith met Mr. Jones at 3 a.m. on 1.5.2021… and left.\r\nNext line?! Yes.",
        "HEADLINE WITHOUT STOP\nGENEVA (31 January 2022) – Text. More text。Then more！",
        "“Quote.” “Another.”\n\n  Indented. Line.\t\tTabbed. End",
    ],
)
def test_sentences_match_spacy_by_hand(text: str) -> None:
    assert [(s.start, s.end, s.paragraph) for s in sentences(text)] == spacy_sentences(text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_sentences_match_spacy(text: str) -> None:
    assert [(s.start, s.end, s.paragraph) for s in sentences(text)] == spacy_sentences(text)


SLOW = [
    numbers.NUMBER_RE,
    numbers.VAGUE_RE,
    resolutions.ORDINAL_RE,
    dates.DATE_RE,
    re.compile(r"(?<![\w-])(?:killings?|protests?)\b", re.IGNORECASE),
    re.compile(r"\b(?:[Ww]e|[Oo]ur)\b|\d+\s+votes"),
]
words = st.lists(
    st.sampled_from(
        [
            "one",
            "Two",
            "thirty-five",
            "hundred",
            "1,500",
            "3.5",
            "2021",
            "the",
            "1980s",
            "of",
            "killings",
            "Protest",
            "anti-war",
            "first",
            "resolution",
            "We",
            "ours",
            "votes",
            "ſix",
            "K",
            "İ",
            " ",
            ", ",
            ". ",
            "-",
            "/",
            "May",
            "3",
            "June",
            "ago",
            "years",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(words)
def test_first_character_lookahead_finds_the_same(text: str) -> None:
    for pattern in SLOW:
        plain = re.compile(
            pattern.pattern.split(")(?:", 1)[1][:-1]
            if pattern.pattern.startswith("(?=[")
            else pattern.pattern,
            pattern.flags,
        )
        fast = with_first_chars(plain)
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(words)
def test_date_candidates_find_every_date(text: str) -> None:
    assert [m.span() for m in dates._date_matches(text, 0, len(text))] == [
        m.span() for m in dates.DATE_RE.finditer(text)
    ]


@pytest.mark.parametrize(
    ("pattern", "stays"),
    [
        (r"\w+\s+by\s+(?:the\s+)?police", True),
        (r"[\d,]+ (?:people|protesters)\b", True),
        (r"(?<!\.)shot (?:\w+ )?dead(?![\w-])", False),  # the lookbehind names a full stop
        (r"a.b", False),  # any character
        (r"[^x]+", False),  # a negated class holds '.'
        (r"\S+ dead", False),
        (r"dead$", False),  # '$' would match where a stretch is cut
        (r"(?:no|not)\b;", False),
    ],
)
def test_stays_between_stops_by_hand(pattern: str, stays: bool) -> None:
    assert stays_between_stops(re.compile(pattern)) is stays


cue_texts = st.lists(
    st.sampled_from(
        [
            "police",
            " killed ",
            "protesters",
            "by the ",
            "security forces",
            ". ",
            "; ",
            "shot",
            " dead",
            "live ammunition",
            "10",
            ",",
            " were ",
            "arrested",
            "\n",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(cue_texts, st.integers(min_value=0, max_value=20))
def test_stretch_search_finds_the_first_match(text: str, pos: int) -> None:
    for cue in [c for cs in codes._VIOLATIONS.values() for c in cs if c.local][:40]:
        found = first_in_stretches(cue.pattern, text, pos, cue.guard.needles, stop_positions(text))
        plain = cue.pattern.search(text, pos)
        assert (found.span() if found else None) == (plain.span() if plain else None)


aliases = st.lists(st.text(alphabet="abc é-.", min_size=2, max_size=6), min_size=1, max_size=12, unique=True)


@settings(max_examples=200, deadline=None)
@given(aliases, st.text(alphabet="abcABCé É-. x", max_size=60))
def test_trie_matches_the_flat_alternation(names: list[str], text: str) -> None:
    ordered = sorted(names, key=len, reverse=True)
    assert simple_case(ordered)
    flat = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w-])", re.IGNORECASE)
    trie = re.compile(r"(?<![\w-])(?:" + trie_alternation(ordered) + r")(?![\w-])", re.IGNORECASE)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_simple_case_refuses_letters_with_odd_partners() -> None:
    # "ſ" (long s) matches "s" and "ı" (dotless i) matches "i" when case is ignored
    assert not simple_case(["ſam"])
    assert not simple_case(["ıran"])
    assert simple_case(["josé", "bermúdez"])


# words and separators around a trigger, with runs long enough to cross the window's edge
np_texts = st.lists(
    st.sampled_from(
        [
            "the",
            "a",
            "of",
            "by",
            "Jan.",
            "U.N.",
            "#x",
            "O’Neil",
            "x" * 90,
            "long-running",
            " ",
            "  ",
            ", ",
            "\n",
            "—",
            ".",
        ]
    ),
    max_size=60,
).map("".join)


def plain_noun_phrase_start(text: str, trigger_start: int, floor: int) -> int:
    """The rule as first written: every word from the sentence start, the last four of them."""
    pos = trigger_start
    found = list(re.finditer(r"[\w’'#.-]+", text[floor:trigger_start]))
    for w in reversed(found[-4:]):
        token = w.group(0)
        if token.lower() in events._STOP_BEFORE or (
            token.endswith(".") and token[:-1].lower() not in events.MONTHS
        ):
            break
        pos = floor + w.start()
        if token.lower() in ("the", "a", "an"):
            break
    return pos


@settings(max_examples=300, deadline=None)
@given(np_texts, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_noun_phrase_start_reads_the_same_last_words(text: str, floor: int, end: int) -> None:
    floor, end = min(floor, end, len(text)), min(max(floor, end), len(text))
    assert events._noun_phrase_start(text, end, floor) == plain_noun_phrase_start(text, end, floor)
