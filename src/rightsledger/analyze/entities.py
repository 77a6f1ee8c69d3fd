"""Canonical events: event mentions from many reports grouped by date and name.

A first, automatic form of cross-document linking.  Two mentions may name the
same event when their dates are compatible (the same start to the precision
both give, or overlapping ranges) and their names share their content words
("November 2019 uprising" ~ "uprising of November 2019").  Grouping is greedy
over a content-defined order, so the same mentions always give the same groups
and the same ids, whatever order the reports were added in.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol

from rightsledger.extract.gazetteer import MONTHS

NAME_THRESHOLD = 0.5  # least name similarity for two mentions to be linked
STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "and",
        "or",
        "from",
        "into",
        "over",
        "during",
        "after",
        "before",
        "since",
        "its",
        "their",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "our",
        "new",
        "so-called",
    }
)
_WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")
_MONTH_WORDS = frozenset(m.lower().rstrip(".") for m in MONTHS) | {"sept"}


@dataclass(frozen=True)
class EventMention:
    """One event fact of one document."""

    document_id: int
    sha256: str
    name: str
    start: str | None
    end: str | None
    span: tuple[int, int]
    title: str | None = None
    fact_id: int | None = None  # the stored event fact, when read from a ledger

    @property
    def order(self) -> tuple[str, str, int, int]:
        """Content-defined order: earliest start first (undated last), then hash and span."""
        return (self.start or "~", self.sha256, self.span[0], self.span[1])


@dataclass(frozen=True)
class Member:
    mention: EventMention
    link: float | None  # score of its best link when it joined; None for the group's first member


@dataclass(frozen=True)
class CanonicalEvent:
    id: str
    name: str
    start: str | None
    end: str | None
    confidence: float
    members: tuple[Member, ...]

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.mention.sha256 for m in self.members))


@lru_cache(maxsize=65536)  # names repeat across reports; the grouping asks for each many times
def name_tokens(name: str) -> frozenset[str]:
    """Content words of an event name: no stop words, months, numbers; plurals folded."""
    tokens = set()
    for word in _WORD.findall(name.lower()):
        word = word.replace("’", "'")
        if word in STOP_WORDS or word.rstrip(".") in _MONTH_WORDS or any(c.isdigit() for c in word):
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        tokens.add(word)
    return frozenset(tokens)


def name_similarity(a: str, b: str) -> float:
    """Mean of the overlap coefficient and the Jaccard index of the names' content words."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return 0.0
    shared = len(ta & tb)
    return round((shared / min(len(ta), len(tb)) + shared / len(ta | tb)) / 2, 4)


@lru_cache(maxsize=65536)
def date_bounds(value: str | None) -> tuple[date, date] | None:
    """First and last day an ISO prefix (2019, 2019-11, 2019-11-08) covers; None if not a date."""
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not match:
        return None
    year, month, day = int(match[1]), match[2] and int(match[2]), match[3] and int(match[3])
    try:
        if day:
            return date(year, month, day), date(year, month, day)
        if month:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def date_compatibility(a: EventMention, b: EventMention) -> float | None:
    """1.0 same start; 0.9 same start to the shared precision; 0.75 overlapping ranges; 0 apart.

    None when either mention has no usable date.
    """
    a_start, b_start = date_bounds(a.start), date_bounds(b.start)
    if a_start is None or b_start is None:
        return None
    if a.start == b.start:
        return 1.0
    assert a.start is not None and b.start is not None
    if a.start.startswith(b.start) or b.start.startswith(a.start):
        return 0.9
    a_end, b_end = date_bounds(a.end) or a_start, date_bounds(b.end) or b_start
    if a_start[0] <= b_end[1] and b_start[0] <= a_end[1]:
        return 0.75
    return 0.0


def link_score(a: EventMention, b: EventMention) -> float:
    """How likely two mentions name one event, in [0, 1]; 0 when they cannot be linked.

    Dated mentions: date compatibility times name similarity, when both are positive and the
    names reach NAME_THRESHOLD.  Undated mentions link only on identical content words (0.5).
    """
    names = name_similarity(a.name, b.name)
    dates = date_compatibility(a, b)
    if dates is None:
        same = name_tokens(a.name) == name_tokens(b.name) and bool(name_tokens(a.name))
        return 0.5 if same and (a.start is None and b.start is None) else 0.0
    if not dates or names < NAME_THRESHOLD:
        return 0.0
    return round(dates * names, 2)


def event_id(first: EventMention) -> str:
    """A short, stable id from the group's earliest member's document hash and span."""
    digest = hashlib.sha256(f"{first.sha256}:{first.span[0]}-{first.span[1]}".encode()).hexdigest()
    return f"ev-{digest[:10]}"


class Decision(Protocol):
    """A reviewer's merge or split (``store.EventDecision`` has this shape)."""

    action: str  # merge | split
    event: str
    other: str | None
    fact_id: int | None


def group_events(
    mentions: Iterable[EventMention], decisions: Sequence[Decision] = ()
) -> list[CanonicalEvent]:
    """Canonical events, earliest first.

    Mentions are taken in content order (start date, document hash, span).  Each joins the
    group it links to most strongly, provided its dates are compatible with every member
    (so a vague '2019' cannot chain two different days together); otherwise it starts a
    group.  A group's confidence is its weakest member's link (1.0 for a single mention).
    """
    groups: list[list[Member]] = []
    index = _Blocks()
    for mention in sorted(set(mentions), key=lambda m: m.order):
        best: tuple[float, int] | None = None
        # Only a group with a member in one of the mention's blocks can score above 0; the
        # candidates are taken in group order, so ties go to the earliest group as before.
        for number in sorted(index.candidates(mention)):
            group = groups[number]
            if any(date_compatibility(mention, other.mention) == 0.0 for other in group):
                continue
            score = max(link_score(mention, other.mention) for other in group)
            if score > 0 and (best is None or score > best[0]):
                best = (score, number)
        if best is None:
            groups.append([Member(mention, None)])
            index.add(mention, len(groups) - 1)
        else:
            groups[best[1]].append(Member(mention, best[0]))
            index.add(mention, best[1])
    for decision in decisions:
        groups = apply_decision(groups, decision)
    groups.sort(key=lambda group: group[0].mention.order)
    return [_canonical(group) for group in groups]


_WIDE_YEARS = 20  # a date range over more years is indexed once, under "wide"


class _Blocks:
    """Groups by the blocks of their members, so a mention is compared with few groups.

    A positive link needs a shared content word and either (both dated) overlapping date
    ranges, so a shared year, or (both without a start) identical words.  A dated member is
    filed under (word, year) for each year its range covers, an undated one under (word, None).
    """

    def __init__(self) -> None:
        self._blocks: defaultdict[tuple[str, Hashable], set[int]] = defaultdict(set)

    @staticmethod
    def _keys(mention: EventMention) -> list[Hashable]:
        if mention.start is None:
            return [None]
        years = _years(mention)
        if years is None:  # a start that is not a date links to nothing
            return []
        first, last = years
        if last - first > _WIDE_YEARS:
            return ["wide"]
        return ["dated", *range(first, last + 1)]

    def add(self, mention: EventMention, group: int) -> None:
        for key in self._keys(mention):
            if key == "dated":
                continue
            for word in name_tokens(mention.name):
                self._blocks[word, key].add(group)
                if key != "wide" and key is not None:
                    self._blocks[word, "dated"].add(group)  # for a wide mention's look-up

    def candidates(self, mention: EventMention) -> set[int]:
        keys = self._keys(mention)
        if keys and keys[0] == "wide":
            keys = ["dated", "wide"]
        elif keys and keys[0] == "dated":
            keys = ["wide", *keys[1:]]
        found: set[int] = set()
        for word in name_tokens(mention.name):
            for key in keys:
                found |= self._blocks.get((word, key), set())
        return found


def _years(mention: EventMention) -> tuple[int, int] | None:
    """First and last year of the hull of a mention's start and end ranges (None: no start date)."""
    start = date_bounds(mention.start)
    if start is None:
        return None
    end = date_bounds(mention.end) or start
    return min(start[0], end[0]).year, max(start[1], end[1]).year


def apply_decision(groups: list[list[Member]], decision: Decision) -> list[list[Member]]:
    """Groups after a reviewer's decision, taken in the order decisions were made.

    merge: the group with id ``other`` joins the group with id ``event`` (a reviewer's link
    counts as 1.0); split: the member whose fact is ``fact_id`` leaves group ``event`` and
    stands alone.  A decision naming an event that no longer exists changes nothing.
    """
    ids = {event_id(group[0].mention): group for group in groups}
    target = ids.get(decision.event)
    if target is None:
        return groups
    if decision.action == "merge":
        other = ids.get(decision.other or "")
        if other is None or other is target:
            return groups
        joined = [*target, *(Member(m.mention, 1.0 if m.link is None else m.link) for m in other)]
        joined.sort(key=lambda m: m.mention.order)
        joined[0] = Member(joined[0].mention, None)
        return [joined if g is target else g for g in groups if g is not other]
    if decision.action == "split" and len(target) > 1:
        leaving = [m for m in target if m.mention.fact_id == decision.fact_id]
        if not leaving:
            return groups
        staying = [m for m in target if m.mention.fact_id != decision.fact_id]
        staying[0] = Member(staying[0].mention, None)
        return [
            *(staying if g is target else g for g in groups),
            *([Member(m.mention, None)] for m in leaving),
        ]
    return groups


def _canonical(group: Sequence[Member]) -> CanonicalEvent:
    first = group[0].mention
    names = Counter(" ".join(m.mention.name.lower().split()) for m in group)
    top = max(names.values())
    name = next(m.mention.name for m in group if names[" ".join(m.mention.name.lower().split())] == top)
    starts = [m.mention.start for m in group if m.mention.start]
    ends = [m.mention.end or m.mention.start for m in group if m.mention.end or m.mention.start]
    links = [m.link for m in group if m.link is not None]
    return CanonicalEvent(
        id=event_id(first),
        name=" ".join(name.split()),
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
        confidence=min(links) if links else 1.0,
        members=tuple(group),
    )


def check_split(entity_id: str, members: Sequence[int | None], fact_id: int) -> None:
    """Refuse a reviewer's split of ``fact_id`` out of a canonical event or actor it cannot leave."""
    from rightsledger.store import ReviewError

    if fact_id not in members:
        shown = ", ".join(str(m) for m in members)
        raise ReviewError(f"fact {fact_id} is not a member of {entity_id}; its members are facts {shown}")
    if len(members) < 2:
        raise ReviewError(f"{entity_id} has only one member; there is nothing to split")
