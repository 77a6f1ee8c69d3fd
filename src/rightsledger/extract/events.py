"""Named events: a trigger noun (uprising, massacre, coup, ...) with a date beside it."""

from __future__ import annotations

import re
from bisect import bisect_left

from rightsledger.domain import Event
from rightsledger.extract.dates import DateMention, find_dates
from rightsledger.extract.gazetteer import MONTHS
from rightsledger.extract.literals import compile_fast
from rightsledger.extract.segment import Sentence
from rightsledger.extract.statements import VERB_RE as REPORTING
from rightsledger.extract.statements import strip_dateline

TRIGGERS = (
    r"uprising|protests?|protest movement|demonstrations?|massacres?|crackdown|coup(?: d['’]état)?|"
    r"elections?|war|conflict|killings|shootings?|attacks?|raids?|dispersal|sit-in|revolution|unrest|"
    r"riots?|general strike|national strike|strike|genocide|purge|mass executions|incursion|offensive|"
    r"bombing|airstrikes?|clashes|invasion|siege|occupation|insurrection|rebellion|revolt|assault|"
    r"death|hanging|execution|killing|shooting|arrest|abduction|assassination|disappearance|campaign|drive"
)
# Singular incidents name their victim: "the death in custody of Jina Mahsa Amini", "the execution of 81 men".
SINGULAR = {
    "death",
    "hanging",
    "execution",
    "killing",
    "shooting",
    "arrest",
    "abduction",
    "assassination",
    "disappearance",
}
_VICTIM_AFTER = re.compile(r"[^.;]{0,60}?\bof\s+(?:[A-Z]|\d|(?:some|at least|more than)\s+\d)")
TRIGGER_RE = compile_fast(rf"(?<![\w-])(?:{TRIGGERS})\b", re.IGNORECASE)  # not "war" in "anti-war"
_TRIGGER_SOON = re.compile(rf"\s+(?:[\w-]+\s+){{0,2}}(?:{TRIGGERS})\b", re.IGNORECASE)
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


_NP_WORD = re.compile(r"[\w’'#.-]+")
_NP_WINDOW = 160  # characters before the trigger that hold its last words, in all but odd texts


def _last_words(text: str, floor: int, end: int) -> list[re.Match[str]]:
    """The last four words between ``floor`` and ``end``. Words are runs of one character class, so
    only the first run of a window that starts mid-word can differ from the whole stretch's: a window
    holding five or more runs gives the same last four, else the whole stretch is read."""
    window = max(floor, end - _NP_WINDOW)
    words = list(_NP_WORD.finditer(text, window, end))
    if window > floor and len(words) < 5:
        words = list(_NP_WORD.finditer(text, floor, end))
    return words[-4:]


def _noun_phrase_start(text: str, trigger_start: int, floor: int) -> int:
    """Extend left over modifiers ("the disputed presidential election"), not over prepositions."""
    pos = trigger_start
    for w in reversed(_last_words(text, floor, trigger_start)):
        token = w.group(0)
        if token.lower() in _STOP_BEFORE or (token.endswith(".") and token[:-1].lower() not in MONTHS):
            break
        pos = w.start()
        if token.lower() in ("the", "a", "an"):
            break
    return pos


def _name(text: str, np_start: int, trig_end: int) -> str:
    name = re.sub(r"^(?:the|a|an|its|their|this|that)\s+", "", text[np_start:trig_end], flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", name).strip()


# Incidents told with a verb ("soldiers opened fire on protesters on 20 October", "X died on Aug. 10").
INCIDENT_RE = compile_fast(
    r"\b(?:opened fire|fired (?:live rounds |tear gas )?(?:on|at|into)|shot(?: dead)?|"
    r"(?:were|was) (?:shot|beaten to death|arrested|abducted|detained|struck|hit)|killed|died|massacred|"
    r"stormed|raided|attacked|hanged|executed|seized power|took control|hit him|hit her)\b"
)
_NOT_EVENT_DATE = re.compile(r"\b(?:since|by|as of|until|through|till|from|before|to)\s+(?:\w+,?\s+)?$")


def find_events(text: str, sentences: list[Sentence], published: str | None, body_start: int) -> list[Event]:
    events: list[Event] = []
    seen_keys: set[tuple[str, str]] = set()
    seen_days: set[str] = set()

    def keep(name: str, trigger: str | None, date: DateMention, span: tuple[int, int]) -> None:
        key = (trigger or f"incident {date.value}", date.value[:7])
        # one entry per event, at its first dated mention; an incident told with a verb on a day that
        # already has an event is that event told again
        if key in seen_keys or (trigger is None and date.value in seen_days):
            return
        seen_keys.add(key)
        if len(date.value) == 10:
            seen_days.add(date.value)
        events.append(Event(name, date.value, date.end_value or _end(date), span))

    all_dates = find_dates(text, published, body_start)  # once per text, then looked up per sentence
    date_starts = [d.start for d in all_dates]
    for sent in sentences:
        if sent.end <= body_start:
            continue
        dateline_end = strip_dateline(text, sent)
        lo, hi = bisect_left(date_starts, sent.start), bisect_left(date_starts, sent.end)
        dates = [d for d in all_dates[lo:hi] if d.start >= dateline_end and d.end <= sent.end]
        if not dates:
            continue
        for m in TRIGGER_RE.finditer(text, sent.start, sent.end):
            if m.group(0).lower() in SINGULAR and not _VICTIM_AFTER.match(text, m.end()):
                continue
            np_start = _noun_phrase_start(text, m.start(), sent.start)
            if _counted(text, np_start, m.start(), dates):
                continue  # "nearly 600 extrajudicial killings": a count, not an event
            date = _date_for(text, m, np_start, dates)
            if date is None:
                continue
            span = (min(np_start, date.start), max(m.end(), date.end))
            keep(_name(text, np_start, m.end()), m.group(0).lower().rstrip("s"), date, span)
        for m in INCIDENT_RE.finditer(text, sent.start, sent.end):
            date = _incident_date(text, m, dates, sent.start)
            if date is None:
                continue
            clause = max(text.rfind(",", sent.start, m.start()), text.rfind(";", sent.start, m.start()))
            start = clause + 1 if clause > sent.start and m.start() - clause < 60 else sent.start
            start = max(start, dateline_end)
            start = start + len(text[start : m.start()]) - len(text[start : m.start()].lstrip())
            span = (min(start, date.start), max(m.end(), date.end))
            # a readable name: the incident's verb and the few words before it ("police shot dead")
            name = " ".join(re.sub(r"\s+", " ", text[start : m.end()]).strip().split()[-6:])
            keep(name, None, date, span)
    events.sort(key=lambda e: e.span)
    return events


def _counted(text: str, start: int, end: int, dates: list[DateMention]) -> bool:
    """A number (not part of a date) or a vague amount before the trigger."""
    for m in re.finditer(r"\d[\d,]*|\b(?:hundreds|thousands|dozens)\b", text[start:end]):
        at = start + m.start()
        if not any(d.start <= at < d.end for d in dates):
            return True
    return False


def _incident_date(text: str, m: re.Match[str], dates: list[DateMention], floor: int) -> DateMention | None:
    """A day or month date in the incident's own clause, not one that opens or closes a period."""
    for d in dates:
        if len(d.value) < 10 or _NOT_EVENT_DATE.search(text[max(floor, d.start - 20) : d.start]):
            continue
        if re.search(r"\bbetween\s+[^.;]{0,40}\s+and\s+$", text[max(floor, d.start - 60) : d.start]):
            continue  # the end of a period ("between January and October 25")
        lo, hi = (m.end(), d.start) if d.start >= m.end() else (d.end, m.start())
        gap = text[lo:hi]
        if len(gap.split()) <= 16 and not re.search(r"[.;:]", gap) and not REPORTING.search(gap):
            return d  # (a date on the far side of "they reported that" dates the report, not the incident)
    return None


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
            later = TRIGGER_RE.match(text, d.end + 1) or _TRIGGER_SOON.match(text, d.end)
            if later:
                continue  # "protests against the disputed Aug. 9 presidential election": the election's date
            return d
    return None
