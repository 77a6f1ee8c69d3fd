"""Cheap guards for costly regular expressions: literals one of which every match contains.

A substring test (``in``) is far cheaper than a regular expression that tries several branches at
every character, and when none of a pattern's required literals is in the text, the pattern cannot
match there: skipping it then changes nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
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


# -- first characters ------------------------------------------------------------------------------
# Python's regex engine tries a pattern at every position of the text; a pattern that opens with a word
# boundary, a lookbehind or an alternation gets no fast skip to where a match can begin. A lookahead with
# the characters a match can start with lets it reject most positions with one class test.

_CATEGORY_CLASS = {
    sre_constants.CATEGORY_DIGIT: r"\d",
    sre_constants.CATEGORY_NOT_DIGIT: r"\D",
    sre_constants.CATEGORY_WORD: r"\w",
    sre_constants.CATEGORY_NOT_WORD: r"\W",
    sre_constants.CATEGORY_SPACE: r"\s",
    sre_constants.CATEGORY_NOT_SPACE: r"\S",
}
_ZERO_WIDTH = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)


class _Unknown(Exception):
    """The pattern holds something whose first characters are not worked out here."""


def _class_item(op: object, av: object) -> str:
    if op is sre_constants.LITERAL:
        return re.escape(chr(av))  # type: ignore[arg-type]
    if op is sre_constants.RANGE:
        lo, hi = av  # type: ignore[misc]
        return f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
    if op is sre_constants.CATEGORY and av in _CATEGORY_CLASS:
        return _CATEGORY_CLASS[av]  # type: ignore[index]
    raise _Unknown


def _first(seq: sre_parse.SubPattern | list) -> tuple[set[str], bool]:
    """(class items a match of seq can start with, whether seq can match the empty string)."""
    items: set[str] = set()
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the next item gives the first character
        if op is sre_constants.LITERAL:
            items.add(_class_item(op, av))
            return items, False
        if op is sre_constants.IN:
            if any(o is sre_constants.NEGATE for o, _ in av):
                raise _Unknown
            items.update(_class_item(o, a) for o, a in av)
            return items, False
        if op is sre_constants.SUBPATTERN:
            if av[1] or av[2]:
                raise _Unknown  # inline flags change what the characters match
            sub, empty = _first(av[3])
        elif op is sre_constants.BRANCH:
            sub, empty = set(), False
            for alt in av[1]:
                alt_items, alt_empty = _first(alt)
                sub |= alt_items
                empty = empty or alt_empty
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            sub, empty = _first(av[2])
            empty = empty or av[0] == 0
        else:
            raise _Unknown
        items |= sub
        if not empty:
            return items, False
    return items, True


_GLOBAL_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")


def with_first_chars(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern, finding the same matches, behind a lookahead for the characters a match can
    start with; the pattern itself when those cannot be told (or it can match the empty string)."""
    try:
        items, empty = _first(sre_parse.parse(pattern.pattern, pattern.flags))
    except _Unknown:
        return pattern
    if empty or not items:
        return pattern
    body = _GLOBAL_FLAGS.sub("", pattern.pattern)
    return re.compile(f"(?=[{''.join(sorted(items))}])(?:{body})", pattern.flags)


# -- stretches between full stops -----------------------------------------------------------------
_STOPS = re.compile(r"[.;]")


def stretches_with(text: str, needle: re.Pattern[str], pos: int = 0) -> list[tuple[int, int]]:
    """The (start, end) stretches of text from ``pos`` between full stops and semicolons that hold a
    match of ``needle``, in text order. A pattern whose matches never hold '.' or ';' and always hold
    a needle finds the same matches searched stretch by stretch as over the whole text, and skips the
    rest of it."""
    hits = [m.start() for m in needle.finditer(text, pos)]
    if not hits:
        return []
    stops = stop_positions(text)
    out: list[tuple[int, int]] = []
    for at in hits:
        i = bisect_right(stops, at)
        start = max(pos, stops[i - 1] + 1 if i else 0)
        end = stops[i] if i < len(stops) else len(text)
        if not out or out[-1] != (start, end):
            out.append((start, end))
    return out


def compile_fast(source: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile, behind a lookahead for the characters a match can start with (see with_first_chars)."""
    return with_first_chars(re.compile(source, flags))


_STOP_CODES = (ord("."), ord(";"))
_SAFE_AT = (
    sre_constants.AT_BOUNDARY,
    sre_constants.AT_NON_BOUNDARY,
    sre_constants.AT_BEGINNING,
    sre_constants.AT_BEGINNING_STRING,
)


def _in_matches_stop(items: list) -> bool:
    negate = False
    hit = False
    for op, av in items:
        if op is sre_constants.NEGATE:
            negate = True
        elif op is sre_constants.LITERAL:
            hit = hit or av in _STOP_CODES
        elif op is sre_constants.RANGE:
            hit = hit or any(av[0] <= c <= av[1] for c in _STOP_CODES)
        elif op is sre_constants.CATEGORY:
            # '.' and ';' are neither digits, word characters nor spaces: only the negated classes hold them
            hit = hit or av in (
                sre_constants.CATEGORY_NOT_DIGIT,
                sre_constants.CATEGORY_NOT_WORD,
                sre_constants.CATEGORY_NOT_SPACE,
            )
        else:
            return True
    return hit != negate


def _stays(seq: sre_parse.SubPattern | list) -> bool:
    for op, av in seq:
        if op is sre_constants.LITERAL:
            if av in _STOP_CODES:
                return False
        elif op is sre_constants.IN:
            if _in_matches_stop(av):
                return False
        elif op is sre_constants.AT:
            if av not in _SAFE_AT:
                return False  # "$" matches where a stretch ends, not before a full stop
        elif op is sre_constants.SUBPATTERN:
            if not _stays(av[3]):
                return False
        elif op is sre_constants.BRANCH:
            if not all(_stays(alt) for alt in av[1]):
                return False
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            if not _stays(av[2]):
                return False
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            if not _stays(av[1]):
                return False
        else:
            return False  # any character, back-references, ...: not worked out here
    return True


def stays_between_stops(pattern: re.Pattern[str]) -> bool:
    """Whether no match of the pattern can hold a '.' or ';' nor depend on what follows one (so searching
    stretch by stretch, see stretches_with, finds what a search of the whole text finds)."""
    return _stays(sre_parse.parse(pattern.pattern, pattern.flags))


@lru_cache(maxsize=4)  # several rule families ask for one text's stops; callers only read the list
def stop_positions(text: str) -> list[int]:
    return [m.start() for m in _STOPS.finditer(text)]


def occurrences(text: str, needle: str, pos: int) -> list[int]:
    """Every offset from ``pos`` where ``needle`` begins (overlapping ones too)."""
    out = []
    at = text.find(needle, pos)
    while at != -1:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def first_in_stretches(
    pattern: re.Pattern[str],
    text: str,
    pos: int,
    needles: frozenset[str],
    stops: list[int],
    before: int | None = None,
    occurrences: Callable[[str, str, int], list[int]] = occurrences,
) -> re.Match[str] | None:
    """``pattern.search(text, pos)`` for a pattern that stays between stops and holds one of ``needles``
    in every match: searched only in the stretches where a needle occurs. With ``before``, a match
    starting there or later is not wanted (None)."""
    starts: set[int] = set()
    for n in needles:
        starts.update(occurrences(text, n, pos))
    seen: set[int] = set()
    for at in sorted(starts):
        i = bisect_right(stops, at)
        a = max(pos, stops[i - 1] + 1 if i else 0)
        if before is not None and a >= before:
            return None
        if a in seen:
            continue
        seen.add(a)
        m = pattern.search(text, a, stops[i] if i < len(stops) else len(text))
        if m:
            return m if before is None or m.start() < before else None
    return None


# -- many words at once ---------------------------------------------------------------------------


def trie_alternation(words: list[str]) -> str:
    """An alternation of the words shaped as a trie ("de(?:ath|tain)"): the engine follows one branch per
    character instead of trying every word in turn. Where a word ends and longer ones go on, the longer
    are tried first, as in an alternation sorted longest first; words must differ in some character
    that no other character matches (see simple_case when it ignores case)."""
    if words == [""]:
        return ""
    heads: dict[str, list[str]] = {}
    for w in words:
        if w:
            heads.setdefault(w[0], []).append(w[1:])
    alts = [re.escape(c) + trie_alternation(sorted(set(tails))) for c, tails in sorted(heads.items())]
    body = alts[0] if len(alts) == 1 and "" not in words else "(?:" + "|".join(alts) + ")"
    return body + "?" if "" in words else body


# Characters whose only case-insensitive partners are their own upper or lower case (no "ſ"/"s", "ı"/"i",
# "K"/"k" kind of pair): distinct ones of these never match the same character.
_SIMPLE_CASE = re.compile(r"[\x00-\x7f\u00c0-\u00d6\u00d8-\u00de\u00e0-\u00f6\u00f8-\u00fe]*")


def simple_case(words: list[str]) -> bool:
    """Whether no two distinct characters of the words match the same character when case is ignored:
    plain and accented Latin letters, and characters without case (digits, punctuation, "’")."""
    return all(
        _SIMPLE_CASE.fullmatch(w) or all(_SIMPLE_CASE.fullmatch(c) or _caseless(c) for c in w) for w in words
    )


def _caseless(c: str) -> bool:
    return not c.isalpha() and c.lower() == c == c.upper()
