"""Demands: what a speaker calls for ("called on X to ...", "demand an investigation")."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise

from rightsledger.domain import Demand

DEMAND_RE = re.compile(
    r"\b(?:call(?:ed|s|ing)? on|urg(?:ed|es|ing)|appeal(?:ed|s)? to|ask(?:ed|s)|press(?:ed|es)?|"
    r"encourag(?:ed|es)|implor(?:ed|es))\s+[^.;:]{1,80}?\s+to\s+(?P<a>[a-z][^.;]*)"
    r"|\b(?:call(?:ed|s|ing)? for|demand(?:ed|s|ing)?|seek(?:s|ing)?|sought)\s+(?P<b>(?:an?|the)?\s*[a-z][^.;]*)",
)
_SPLIT = re.compile(
    r",?\s+and\s+(?:to\s+)?(?=(?:end|stop|release|free|hold|ensure|bring|ban|halt|allow|grant|"
    r"investigate|prosecute|abolish|repeal|commute|declare|lift|restore|respect|cooperate|"
    r"the prosecution|an? \w+ investigation|prosecution)\b)"
)


def find_demands(text: str, statements: list, body_start: int) -> list[Demand]:
    out: list[Demand] = []
    firsts = [s.span[0] for s in statements]
    ordered = all(a <= b for a, b in pairwise(firsts))
    reach: list[int] = []  # the furthest end of the statements so far
    for s in statements:
        reach.append(max(s.span[1], reach[-1] if reach else s.span[1]))

    def speaker(start: int, end: int, m_start: int) -> str | None:
        """The first statement holding the demand's start or beginning inside the demand."""
        if not ordered:
            hit = (
                s for s in statements if s.span[0] <= start < s.span[1] + 1 or (m_start <= s.span[0] <= end)
            )
            return next((s.speaker for s in hit), None)
        # statements in text order: the first to start by `start` and end at or after it, and the first
        # to start inside [m_start, end]; the earlier of the two
        found = []
        p = bisect_right(firsts, start)
        holding = bisect_right(reach, start - 1, 0, p)
        if holding < p:
            found.append(holding)
        inside = bisect_left(firsts, m_start)
        if inside < len(firsts) and firsts[inside] <= end:
            found.append(inside)
        return statements[min(found)].speaker if found else None

    for m in DEMAND_RE.finditer(text, body_start):
        group = "a" if m.group("a") else "b"
        start, end = m.start(group), m.end(group)
        by = speaker(start, end, m.start())
        if by is None:
            continue
        pos = start
        for part in [*_SPLIT.finditer(text, start, end), None]:
            p_end = part.start() if part else end
            chunk = text[pos:p_end].strip().rstrip('”"’ ,')
            if len(chunk.split()) >= 2:
                s = pos + (len(text[pos:p_end]) - len(text[pos:p_end].lstrip()))
                out.append(Demand(by, chunk, (s, s + len(chunk))))
            if part:
                pos = part.end()
    return out
