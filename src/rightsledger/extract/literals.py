"""Cheap guards for costly regular expressions: literals one of which every match contains.

A substring test (``in``) is far cheaper than a regular expression that tries several branches at
every character, and when none of a pattern's required literals is in the text, the pattern cannot
match there: skipping it then changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as sre_constants  # to read a pattern's literals
from re import _parser as sre_parse

MIN_NEEDLE = 3  # shorter literals are in nearly every text: no use as a guard


def needles(seq: sre_parse.SubPattern | list) -> frozenset[str] | None:
    """Literal strings one of which every match of the parsed pattern contains, or None when the
    pattern names none long enough. Only literals outside optional parts count."""
    found: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in seq:
        if op is sre_constants.LITERAL:
            run.append(chr(av))
            continue
        if run:
            found.append(frozenset(["".join(run)]))
            run = []
        if op is sre_constants.SUBPATTERN and not av[1] and not av[2]:  # no inline flags
            sub = needles(av[3])
            if sub:
                found.append(sub)
        elif op is sre_constants.BRANCH:
            alternatives = [needles(alt) for alt in av[1]]
            if all(alternatives):
                found.append(frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and av[0] >= 1:
            sub = needles(av[2])
            if sub:
                found.append(sub)
    if run:
        found.append(frozenset(["".join(run)]))
    found = [f for f in found if min(map(len, f)) >= MIN_NEEDLE]
    return max(found, key=lambda f: (min(map(len, f)), -len(f)), default=None)


@dataclass(frozen=True)
class Guard:
    """Whether a pattern may match a text, told from its required literals."""

    needles: frozenset[str] | None
    needle_re: re.Pattern[str] | None  # the needles with the pattern's flags, when it ignores case

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Guard:
        found = needles(sre_parse.parse(pattern.pattern, pattern.flags))
        needle_re = None
        if found and pattern.flags & re.IGNORECASE:
            needle_re = re.compile("|".join(map(re.escape, sorted(found))), pattern.flags)
        return cls(found, needle_re)

    def may_match(self, text: str) -> bool:
        if self.needles is None:
            return True
        if self.needle_re is not None:
            return self.needle_re.search(text) is not None
        return any(n in text for n in self.needles)
