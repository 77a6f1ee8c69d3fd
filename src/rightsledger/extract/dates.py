"""Dates as ISO 8601 prefixes, to the precision the text gives.

Absolute ("1 February 2021", "Aug. 9, 2020", "November 2019", "1988"),
partial ("3 June", "last November") and relative ("two years ago",
"earlier this month") expressions; partial and relative ones resolve
against the publication date and are dropped when there is none.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from rightsledger.extract.gazetteer import MONTHS
from rightsledger.extract.literals import compile_fast
from rightsledger.extract.numbers import words_to_int

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"

DATE_RE = compile_fast(
    rf"""
    (?P<range_d>\bbetween\s+(?P<rd1>{_DAY})\s+and\s+(?P<rd2>{_DAY})\s+(?P<rm>{_MONTH})(?:\s+(?P<ry>{_YEAR}))?)
    | (?P<dmy>\b{_WEEKDAY}(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?\b)
    | (?P<mdy>\b{_WEEKDAY}(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})(?:,\s+(?P<y2>{_YEAR}))?\b(?![,.]?\d))
    | (?P<my>\b(?:(?P<part>early|mid|late)[- ])?(?P<m3>{_MONTH})\s+(?:of\s+)?(?P<y3>{_YEAR})\b)
    | (?P<rel_month>\b(?P<rel>last|this|next|early|late|mid)[- ](?P<m4>{_MONTH})(?!\s+\d))
    | (?P<ago>\b(?P<n>\w+|\d+)\s+(?P<unit>years?|months?)\s+ago\b)
    | (?P<bare>(?:(?<=\bin\s)|(?<=\bduring\s)|(?<=\bsince\s))
        (?P<m5>January|February|March|April|May|June|July|August|September|October|November|
        December)\b(?!\s+\d|\s+(?:last|this|next)\b))
    | (?P<this>\b(?:(?:earlier|later)\s+)?(?P<which>this|last|next)\s+(?P<span>month|year)\b)
    | (?P<weekday>(?<=\b[Oo]n\s)(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!,?\s+\d))
    | (?P<decade>\bthe\s+(?P<dec>(?:1[89]|20)\d0)s\b)
    | (?P<season>\b(?:the\s+)?(?:summer|spring|autumn|fall|winter)\s+of\s+(?P<sy>{_YEAR})\b)
    | (?P<year>(?<![\d/.-])(?P<y4>{_YEAR})(?![\d/-]|\s*\)?\s*(?:votes|members)))
    """,
    re.VERBOSE,
)


# Every place a DATE_RE match can begin: a digit, a word start on one of the words its branches begin
# with (case-sensitive, as DATE_RE is), or the number word of "<n> years/months ago". Trying DATE_RE
# only there finds the same matches as its own scan, which tries all branches at every character.
_START_WORDS = (
    # "the" only where a decade or season follows ("the 1980s", "the summer of 2019"): it starts many words
    r"between|early|mid|late|last|this|next|earlier|later|the\s+(?:\d|summer|spring|autumn|fall|winter)|"
    r"summer|spring|autumn|fall|winter|"
    r"Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
)
_DATE_START = compile_fast(rf"(?=\d)|\b(?=(?:{_START_WORDS}))")
# "<n> years ago" begins at the word before the unit: found from the unit, far rarer than word starts
_AGO = compile_fast(r"(?<=\w)\s+(?:years?|months?)\s+ago\b")


def _starts(text: str, start: int, end: int) -> Iterator[int]:
    """Where a DATE_RE match may begin, in text order (a place may come twice)."""
    ago = []
    for m in _AGO.finditer(text, start, end):
        at = m.start()
        while at > start and _WORD_CHAR.match(text, at - 1):
            at -= 1
        if at < m.start() and _WORD_BOUNDARY.match(text, at):
            ago.append(at)
    return heapq.merge((c.start() for c in _DATE_START.finditer(text, start, end)), ago)


_WORD_CHAR = re.compile(r"\w")
_WORD_BOUNDARY = re.compile(r"\b")


def _date_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The matches of ``DATE_RE.finditer(text, start, end)``, tried only where one can begin."""
    pos = start
    for at in _starts(text, start, end):
        if at < pos:
            continue  # inside the previous date, or tried already
        m = DATE_RE.match(text, at, end)
        if m:
            yield m
            pos = m.end()


WEEKDAY_NUMBERS = {
    d: i for i, d in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))
}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str  # ISO prefix
    end_value: str | None = None  # for ranges


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _pub(published: str | None) -> tuple[int, int, int] | None:
    if not published:
        return None
    parts = [int(p) for p in published.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return parts[0], parts[1], parts[2]


def _past_year(month: int, day: int, pub: tuple[int, int, int]) -> int:
    """The year of the most recent (month, day) not after the publication date."""
    return pub[0] if (month, day) <= (pub[1], pub[2]) else pub[0] - 1


_EXPLICIT_YEAR = compile_fast(rf"(?<![\d/.-]){_YEAR}(?![\d/-])")


def _context(text: str, pos: int, pub: tuple[int, int, int] | None) -> tuple[int, int, int] | None:
    """The date a partial date ("3 June") is read against: the last year the text named shortly
    before it (a report on 1988 dates "25 July" in 1988), else the publication date."""
    years = [int(y) for y in _EXPLICIT_YEAR.findall(text, max(0, pos - 600), pos)]
    if years and (pub is None or years[-1] < pub[0]):
        return years[-1], 12, 31
    return pub


def find_dates(text: str, published: str | None, start: int = 0, end: int | None = None) -> list[DateMention]:
    published_at = _pub(published)
    out: list[DateMention] = []
    for m in _date_matches(text, start, len(text) if end is None else end):
        g = m.groupdict()
        pub = (
            _context(text, m.start(), published_at)
            if (g["range_d"] or g["dmy"] or g["mdy"])
            else published_at
        )
        value: str | None = None
        end_value: str | None = None
        if g["range_d"]:
            month = _month(g["rm"])
            year = (
                int(g["ry"])
                if g["ry"]
                else (_past_year(month, int(re.sub(r"\D", "", g["rd1"])), pub) if pub else None)
            )
            if year:
                d1, d2 = (int(re.sub(r"\D", "", g[k])) for k in ("rd1", "rd2"))
                value, end_value = f"{year}-{month:02d}-{d1:02d}", f"{year}-{month:02d}-{d2:02d}"
        elif g["dmy"] or g["mdy"]:
            month = _month(g["m1"] or g["m2"])
            day = int(re.sub(r"\D", "", g["d1"] or g["d2"]))
            y = g["y1"] or g["y2"]
            year = int(y) if y else (_past_year(month, day, pub) if pub else None)
            if year:
                value = f"{year}-{month:02d}-{day:02d}"
        elif g["my"]:
            value = f"{int(g['y3'])}-{_month(g['m3']):02d}"
        elif g["rel_month"] and pub:
            month = _month(g["m4"])
            if g["rel"] == "next":
                year = pub[0] if month > pub[1] else pub[0] + 1
            elif g["rel"] == "this":
                year = pub[0]
            else:
                year = pub[0] if month < pub[1] else pub[0] - 1
            value = f"{year}-{month:02d}"
        elif g["ago"] and pub:
            n = (
                int(g["n"])
                if g["n"].isdigit()
                else 1
                if g["n"].lower() in ("a", "one")
                else words_to_int(g["n"])
            )
            if n:
                if g["unit"].startswith("year"):
                    # to the month: "a year ago" in a March 2012 report is March 2011
                    value = f"{pub[0] - n}-{pub[1]:02d}"
                else:
                    total = pub[0] * 12 + (pub[1] - 1) - n
                    value = f"{total // 12}-{total % 12 + 1:02d}"
        elif g["bare"] and pub:
            month = _month(g["m5"])
            year = _context(text, m.start(), published_at)[0] if month <= pub[1] else pub[0] - 1
            value = f"{year}-{month:02d}"
        elif g["weekday"] and published_at:
            # "on Thursday" in a report: the last such day up to its publication date
            day = date(*published_at)
            back = (day.weekday() - WEEKDAY_NUMBERS[g["wd"]]) % 7
            value = (day - timedelta(days=back)).isoformat()
        elif g["this"] and pub:
            shift = {"this": 0, "last": -1, "next": 1}[g["which"]]
            if g["span"] == "year":
                value = str(pub[0] + shift)
            else:
                total = pub[0] * 12 + (pub[1] - 1) + shift
                value = f"{total // 12}-{total % 12 + 1:02d}"
        elif g["decade"]:
            value = g["dec"]
        elif g["season"]:
            value = g["sy"]
        elif g["year"]:
            value = g["y4"]
        if value:
            out.append(DateMention(m.start(), m.end(), value, end_value))
    return out
