"""Named events: a trigger noun (uprising, massacre, coup, ...) with a date beside it."""

from __future__ import annotations

import re

from rightsledger.domain import Event
from rightsledger.extract.dates import DateMention, find_dates
from rightsledger.extract.segment import Sentence

TRIGGERS = (
    r"uprising|protests?|protest movement|demonstrations?|massacres?|crackdown|coup(?: d['’]état)?|"
    r"elections?|war|conflict|killings|shootings?|attacks?|raids?|dispersal|sit-in|revolution|unrest|"
    r"riots?|general strike|national strike|strike|genocide|purge|mass executions|incursion|offensive|"
    r"bombing|airstrikes?|clashes|invasion|siege|occupation|insurrection|rebellion|revolt|assault"
)
TRIGGER_RE = re.compile(rf"\b(?:{TRIGGERS})\b", re.IGNORECASE)
_STOP_BEFORE = {
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
    "after",
    "before",
    "since",
    "during",
    "into",
    "from",
    "over",
    "than",
    "as",
    "that",
    "which",
    "who",
}


def _noun_phrase_start(text: str, trigger_start: int, floor: int) -> int:
    """Extend left over modifiers ("the disputed presidential election"), not over prepositions."""
    pos = trigger_start
    words = list(re.finditer(r"[\w’'#.-]+", text[floor:trigger_start]))
    for w in reversed(words[-4:]):
        token = w.group(0)
        if token.lower() in _STOP_BEFORE or token.endswith("."):
            break
        pos = floor + w.start()
        if token.lower() in ("the", "a", "an"):
            break
    return pos


def _name(text: str, np_start: int, trig_end: int, date: DateMention | None) -> str:
    name = re.sub(r"^(?:the|a|an|its|their|this|that)\s+", "", text[np_start:trig_end], flags=re.IGNORECASE)
    if date and not (np_start <= date.start < trig_end):
        name = f"{text[date.start : date.end]} {name}"
    return re.sub(r"\s+", " ", name).strip()


def find_events(text: str, sentences: list[Sentence], published: str | None, body_start: int) -> list[Event]:
    events: list[Event] = []
    seen: set[tuple[str, str]] = set()
    for sent in sentences:
        if sent.end <= body_start:
            continue
        dates = find_dates(text, published, sent.start, sent.end)
        if not dates:
            continue
        for m in TRIGGER_RE.finditer(text, sent.start, sent.end):
            np_start = _noun_phrase_start(text, m.start(), sent.start)
            date = _date_for(text, m, np_start, dates)
            if date is None:
                continue
            trigger = m.group(0).lower().rstrip("s")
            key = (trigger, date.value[:7])
            if key in seen:
                continue
            seen.add(key)
            span_start = min(np_start, date.start)
            span_end = max(m.end(), date.end)
            events.append(
                Event(
                    _name(text, np_start, m.end(), date),
                    date.value,
                    date.end_value or _end(date),
                    (span_start, span_end),
                )
            )
    return events


def _end(date: DateMention) -> str | None:
    return date.value if len(date.value) >= 4 else None


def _date_for(text: str, m: re.Match[str], np_start: int, dates: list[DateMention]) -> DateMention | None:
    """A date modifying the trigger: inside its noun phrase, or just after it ("coup of 1 February 2021")."""
    for d in dates:
        if np_start <= d.start and d.end <= m.start():
            return d
    for d in dates:
        gap = text[m.end() : d.start]
        if d.start - m.end() >= 0 and len(gap.split()) <= 10 and not re.search(r"[.;:]", gap):
            return d
    return None
