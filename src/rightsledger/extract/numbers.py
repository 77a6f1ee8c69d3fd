"""Numbers written as digits or words, with their spans.

"1,500", "1.5 million", "fifteen hundred", "thirty-five", "two thousand",
and vague amounts ("dozens", "hundreds of", "scores") become
:class:`NumberMention` objects; deciding whether a number counts people is
left to the counts rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rightsledger.extract.literals import compile_fast

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Words that name an amount without a figure; "a dozen" alone is exact (12).
VAGUE = {
    "dozens",
    "hundreds",
    "thousands",
    "tens of thousands",
    "hundreds of thousands",
    "millions",
    "scores",
    "a number",
    "several",
    "many",
    "numerous",
    "countless",
    "a handful",
}

_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_SCALE = "|".join(SCALES)
_WORD_NUMBER = (
    rf"(?:(?:{_WORD})(?:[- ](?:{_WORD}))?)(?:[ -](?:and[ -])?(?:{_SCALE}|(?:{_WORD})(?:[- ](?:{_WORD}))?))*"
)
NUMBER_RE = compile_fast(
    rf"""
    (?P<digits>(?<![\w.,/-])\d{{1,3}}(?:,\d{{3}})+(?![\d,]*\d|[A-Za-z])|(?<![\w.,/-])\d+(?:\.\d+)?)(?![A-Za-z\d]|\.\d|/\d)
        (?P<scale>\s+(?:million|billion|thousand|hundred))?
    | (?P<words>\b(?:a|one)\s+(?:hundred|thousand|million|dozen)\b(?:\s+(?:and\s+)?(?:{_WORD_NUMBER}))?
        |\b(?:{_WORD_NUMBER})\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
VAGUE_RE = compile_fast(
    r"\b(?:(?:tens|hundreds) of thousands|dozens|hundreds|thousands|millions|scores|a number|"
    r"a handful|several|numerous|countless)\b(?=\s+(?:of\b|more\b|\w+))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    value: int | None  # None for a vague amount
    text: str
    is_words: bool = False
    has_decimal: bool = False


def words_to_int(phrase: str) -> int | None:
    """'fifteen hundred' -> 1500, 'two thousand and five' -> 2005; None if not a number phrase."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", phrase.lower().strip()):
        if word in ("and", ""):
            continue
        if word in ("a",):
            current = max(current, 1)
            continue
        if word == "dozen":
            current = max(current, 1) * 12
            seen = True
        elif word in UNITS:
            current += UNITS[word]
            seen = True
        elif word in TENS:
            current += TENS[word]
            seen = True
        elif word in SCALES:
            scale = SCALES[word]
            current = max(current, 1)
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def find_numbers(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in NUMBER_RE.finditer(text):
        if m.group("digits"):
            raw = m.group("digits")
            number = float(raw.replace(",", ""))
            scale = m.group("scale")
            if scale:
                number *= SCALES[scale.strip().lower()]
            value = round(number)
            has_decimal = "." in raw and not scale
            out.append(NumberMention(m.start(), m.end(), value, m.group(0), False, has_decimal))
        else:
            value = words_to_int(m.group("words"))
            if value is not None:
                out.append(NumberMention(m.start(), m.end(), value, m.group(0), True))
    # vague amounts that no figure already covers; both lists are in text order, so one sweep does
    figures, i = list(out), 0
    for m in VAGUE_RE.finditer(text):
        while i < len(figures) and figures[i].end <= m.start():
            i += 1
        if i < len(figures) and figures[i].start < m.end():
            continue
        out.append(NumberMention(m.start(), m.end(), None, m.group(0), True))
    out.sort(key=lambda n: n.start)
    return out
