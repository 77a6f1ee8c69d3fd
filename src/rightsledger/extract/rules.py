"""The default extractor: offline, deterministic rules over spaCy's blank English.

It runs the fact finders in dependency order (actors before the statements
that need speakers, statements and events before the counts that need a
claimant and an event) and returns :class:`Facts` with spans into the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from rightsledger.domain import Count, Event, Facts, Statement
from rightsledger.extract import codes
from rightsledger.extract.actors import ActorIndex
from rightsledger.extract.counts import CountHit, find_counts
from rightsledger.extract.demands import find_demands
from rightsledger.extract.events import TRIGGER_RE, find_events
from rightsledger.extract.literals import compile_fast
from rightsledger.extract.quotes import Quote
from rightsledger.extract.registry import register
from rightsledger.extract.resolutions import find_resolutions
from rightsledger.extract.segment import Sentence, sentences
from rightsledger.extract.statements import Found, StatementFinder

FIRST_PERSON = compile_fast(r"\b(?:[Ww]e|[Oo]ur|[Uu]s)\b")
CLAIM_VERBS = compile_fast(
    r"(?P<subj>(?:the\s+|The\s+)?[A-Z][\w’'-]*(?:\s+(?:of|for|the|and|[A-Z][\w’'()-]*))*|[Tt]he\s+\w+(?:\s+\w+)?|"
    r"[Ii]ts\s+\w+|[Tt]heir\s+\w+|[Ww]e|[Oo]ur\s+\w+)"
    r"\s+(?:has\s+|have\s+|had\s+|also\s+)*(?:recorded|documented|counted|registered|listed|verified|confirmed|"
    r"put\s+the\s+(?:number|toll|figure)|puts\s+the\s+(?:number|toll|figure)|estimated|reported)\b"
)


def body_start(text: str) -> int:
    """Where the body begins: after leading headline, kicker, byline and dateline lines that hold no
    sentence (HTML pages often run them into the body with single line breaks)."""
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0).strip()
        if line and (re.search(r"[.!?”\"’)]$", line) or len(line.split()) > 25):
            return m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
    return 0


def find_author(text: str, start: int, actors: ActorIndex) -> str | None:
    m = re.search(r"\bWe,\s+(?:the\s+)?([A-Z][^,]{3,100}),", text)
    if m:
        rec = actors.find(m.group(1))
        return rec.name if rec else m.group(1)
    for line in text[:start].splitlines():
        # a header line that is an organisation's name and nothing more ("Central Committee of ...")
        rec = actors.find(line.strip()) if line.strip() else None
        if (
            rec is not None
            and rec.type == "organization"
            and line.strip().lower() in map(str.lower, rec.aliases)
        ):
            return rec.name
    # a first-person release names itself as its lede's speaker ("..., Human Rights Watch said today")
    said = re.compile(r"\s+(?:said|says|stated|announced|urged|called)\b")
    for pos, rec, _governed in actors.mentions:
        if pos >= start and rec.type == "organization":
            alias_end = pos + len(
                next(a for a in rec.aliases if text[pos : pos + len(a)].lower() == a.lower())
            )
            if said.match(text, alias_end):
                return rec.name
    # ... or names it most often ("Human Rights Watch said today ...")
    counts: dict[str, int] = {}
    for pos, rec, _governed in actors.mentions:
        if pos >= start and rec.type == "organization":
            counts[rec.name] = counts.get(rec.name, 0) + 1
    best = max(sorted(counts), key=lambda name: counts[name], default=None)
    return best if best and counts[best] >= 2 else None


class RuleExtractor:
    name = "rightsledger.rules.v1"
    version = "0.2.0"

    def extract(self, text: str, *, published: str | None = None) -> Facts:
        sents = sentences(text)
        start = body_start(text)
        actors = ActorIndex(text)
        author = find_author(text, start, actors)
        finder = StatementFinder(text, sents, actors, author)
        found = finder.run(start)
        found = self._author_statements(text, sents, start, found, author, finder.quotes)
        statements = [Statement(f.speaker, f.kind, f.span) for f in found]
        events = find_events(text, sents, published, start)
        counts = self._counts(text, sents, start, found, events, author, finder)
        return Facts(
            counts=tuple(counts),
            statements=tuple(statements),
            violations=tuple(codes.violations(text, start)),
            instruments=tuple(codes.instruments(text, start)),
            events=tuple(events),
            resolutions=tuple(find_resolutions(text, start)),
            actors=tuple(actors.actors()),
            demands=tuple(find_demands(text, statements, start)),
        )

    # -- first-person text is its author's direct statement ------------------------------------------
    def _author_statements(
        self,
        text: str,
        sents: list[Sentence],
        start: int,
        found: list[Found],
        author: str | None,
        quotes: list[Quote],
    ) -> list[Found]:

        quote_starts = [q.open_at for q in quotes]

        def outside_quotes(s: Sentence) -> str:
            chars = list(s.text)
            # quotes are in text order and do not nest: only those opening before the sentence ends matter
            for q in quotes[
                max(0, bisect_left(quote_starts, s.start) - 1) : bisect_left(quote_starts, s.end)
            ]:
                for i in range(max(q.open_at, s.start), min(q.end + 1, s.end)):
                    chars[i - s.start] = " "
            return "".join(chars)

        body = [s for s in sents if s.start >= start]
        # blanking quotes adds no word boundary (quote marks are no word characters): a sentence with no
        # first-person word at all has none outside its quotes either
        first_person = {
            s.paragraph
            for s in body
            if FIRST_PERSON.search(s.text) and FIRST_PERSON.search(outside_quotes(s))
        }
        if not first_person:
            return found
        whole_document = len(first_person) >= 2
        speaker = author or "the author"
        extra: list[Found] = []
        run: list[Sentence] = []

        def flush() -> None:
            if run:
                extra.append(Found(speaker, "direct", run[0].start, _trim_end(text, run[-1].end)))
                run.clear()

        spans = Spans(found)
        for s in body:
            covered = spans.overlapping(s.start, s.end) is not None
            eligible = (whole_document or s.paragraph in first_person) and not covered
            if run and (not eligible or run[-1].paragraph != s.paragraph):
                flush()
            if eligible and re.search(r"[.!?”\"’]$", s.text):
                run.append(s)
        flush()
        return sorted([*found, *extra], key=lambda f: f.start)

    # -- counts with their claimant and event --------------------------------------------------------
    def _counts(
        self,
        text: str,
        sents: list[Sentence],
        start: int,
        found: list[Found],
        events: list[Event],
        author: str | None,
        finder: StatementFinder,
    ) -> list[Count]:
        out: list[Count] = []
        seen: set[tuple] = set()
        spans = Spans(found)
        sent_starts = [s.start for s in sents]
        named = [e for e in events if TRIGGER_RE.search(e.name)]  # named episodes, for _event
        memo: dict[int, str | None] = {}  # a sentence's trigger-word event, for _event
        for hit in find_counts(text, sents, start):
            i = bisect_right(sent_starts, hit.start) - 1
            sent = sents[i] if i >= 0 and hit.start < sents[i].end + 1 else None
            claimant = self._claimant(text, hit, sent, found, spans, finder, author)
            event = self._event(text, hit, sent, events, named, memo)
            key = (hit.value, hit.low, hit.high, hit.category, claimant)
            if key in seen:
                continue
            seen.add(key)
            out.append(
                Count(
                    value=hit.value,
                    qualifier=hit.qualifier,
                    category=hit.category,
                    span=(hit.start, hit.end),
                    low=hit.low,
                    high=hit.high,
                    subject=hit.subject,
                    event=event,
                    claimant=claimant,
                )
            )
        return out

    def _claimant(
        self,
        text: str,
        hit: CountHit,
        sent: Sentence | None,
        found: list[Found],
        spans: Spans,
        finder: StatementFinder,
        author: str | None,
    ) -> str | None:
        """Who the text says gives the figure: the speaker of the statement holding it, the subject of
        'recorded' / 'put the number at', else the last speaker in its paragraph (a report's figures are
        rarely its own), else a first-person author."""
        holder = spans.overlapping(hit.start, hit.start + 1, slack=1)
        if holder is not None:
            return holder.speaker
        if sent is not None:
            claims = list(CLAIM_VERBS.finditer(text, sent.start, hit.start))
            if claims:
                # "Figures published today by X put the number ..." -> X
                subj = re.sub(
                    r"^(?:(?:[Ff]igures|[Dd]ata|[Nn]umbers|[Tt]allies)\s+(?:released|published|compiled|issued)"
                    r"\s+(?:\w+\s+)?by|[Tt]he)\s+",
                    "",
                    claims[-1].group("subj"),
                )
                return finder.resolve(subj, claims[-1].start())[0]
            # the last statement ending before the figure, if it is in the same paragraph
            before = [
                f for f in spans.items[: bisect_left(spans.starts, hit.start)][-20:] if f.end <= hit.start
            ]
            if before and before[-1].speaker and finder._paragraph_of(before[-1].start) == sent.paragraph:
                return before[-1].speaker
        return author if author and any(f.speaker == author for f in found) else None

    def _event(
        self,
        text: str,
        hit: CountHit,
        sent: Sentence | None,
        events: list[Event],
        named: list[Event],
        memo: dict[int, str | None],
    ) -> str | None:
        """The event a figure belongs to: one named in its sentence (a named episode such as a protest
        wave or a massacre before an incident told with a verb), else one its sentence's trigger word
        names, else the last named episode before it."""
        if not events:
            return None
        if sent is not None:
            same = [e for e in events if sent.start <= e.span[0] < sent.end]
            if same:
                best = [e for e in same if e in named] or same
                return min(best, key=lambda e: abs(e.span[0] - hit.start)).name
            if sent.start not in memo:  # the same for every figure in the sentence
                memo[sent.start] = self._trigger_event(text, sent, events)
            if memo[sent.start] is not None:
                return memo[sent.start]
        before = [e for e in named if e.span[0] <= hit.start] or [e for e in events if e.span[0] <= hit.start]
        return before[-1].name if before else None

    @staticmethod
    def _trigger_event(text: str, sent: Sentence, events: list[Event]) -> str | None:
        """The first event that a trigger word of the sentence names."""
        for m in TRIGGER_RE.finditer(text, sent.start, sent.end):
            word = m.group(0).lower().rstrip("s")
            match = [e for e in events if word in e.name.lower()]
            if match:
                return match[0].name
        return None


class Spans:
    """Statements sorted by start, to find one overlapping a range without scanning them all."""

    def __init__(self, found: list[Found]) -> None:
        self.items = sorted(found, key=lambda f: f.start)
        self.starts = [f.start for f in self.items]
        self.max_end: list[int] = []
        for f in self.items:
            self.max_end.append(max(f.end, self.max_end[-1] if self.max_end else f.end))

    def overlapping(self, start: int, end: int, slack: int = 0) -> Found | None:
        """The first statement (in text order) with f.start < end and start < f.end + slack."""
        i = bisect_left(self.starts, end)
        if i == 0 or self.max_end[i - 1] + slack <= start:
            return None
        # the running maximum of ends first passes start - slack at the first statement ending after it
        return self.items[bisect_right(self.max_end, start - slack, 0, i)]


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in " .\n":
        end -= 1
    return end


@register("rightsledger.rules.v1")
def make_rule_extractor() -> RuleExtractor:
    return RuleExtractor()


__all__ = ["RuleExtractor", "make_rule_extractor"]
