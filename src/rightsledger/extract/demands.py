"""Demands: what a speaker calls for ("called on X to ...", "demand an investigation")."""

from __future__ import annotations

import re

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
    for m in DEMAND_RE.finditer(text, body_start):
        group = "a" if m.group("a") else "b"
        start, end = m.start(group), m.end(group)
        by = next(
            (
                s.speaker
                for s in statements
                if s.span[0] <= start < s.span[1] + 1 or (m.start() <= s.span[0] <= end)
            ),
            None,
        )
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
