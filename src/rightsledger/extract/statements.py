"""Statements: who said what, direct or indirect, with the span of what was said.

Rules, in the order they apply to each sentence:

* a full quotation (one that opens a paragraph or sentence, or follows a colon
  or a reporting clause) is a direct statement; its speaker is named next to
  it (``“...,” the expert said``, ``She declared: “...”``) or carried over
  from the speaker just before;
* a reporting verb (``said that``, ``called on``, ``expressed concern at``)
  with a subject before it makes an indirect statement whose span is the
  reported content, to the end of the sentence or the next speaker's clause;
* post-posed attributions (``..., the group said``, ``..., according to X``)
  report the content before them;
* text in the first person plural is its author's direct statement.

Speakers are resolved through :class:`ActorIndex`: pronouns to the last
speaker of the right kind, titles and role nouns to the person holding them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rightsledger.extract.actors import ActorIndex
from rightsledger.extract.gazetteer import FUNCTION_WORDS
from rightsledger.extract.lexicon import (
    AUX,
    GENERIC_ORG_HEADS,
    NEEDS_THAT,
    PRONOUNS,
    REPORT_VERBS,
    STATE_OF_MIND,
)
from rightsledger.extract.literals import compile_fast, stays_between_stops, stop_positions
from rightsledger.extract.quotes import Quote, find_quotes, trim, word_count
from rightsledger.extract.segment import Sentence

VERB_RE = compile_fast(rf"(?<![\w-])(?:{REPORT_VERBS})(?![\w-])")
ACCORDING_RE = re.compile(r"\b[Aa]ccording to\s+")
# "In their view, ...", "By the UN Human Rights Office's count, ...": the content follows the comma
VIEW_RE = re.compile(
    r"\b(?:In (?P<pron>his|her|their|its) (?:view|opinion|words|assessment)|"
    r"By (?:the )?(?P<owner>[A-Z][^,;]{1,80}?)['’]s? (?:count|tally|estimate|estimates|figures|reckoning)"
    r"(?: [^,;]{0,30})?),\s+"
)
_DATE_TAIL = (
    r"(?:,?\s*\([^)]*\d{4}\)|,\s*[A-Z][a-z]{2,8}\.?\s\d{1,2}(?:,\s\d{4})?|,\s*\d{1,2}\s[A-Z][a-z]+\s\d{4})"
)
# "GENEVA (31 January 2022) – ", "MINSK, Sept 2 – ", "(Nairobi, November 8, 2021) – "
DATELINE_RE = re.compile(
    rf"^(?:[A-Z][A-Z .'’-]{{2,40}}{_DATE_TAIL}?"
    rf"|\(?[A-Z][a-zA-Z]+(?:\s[A-Z][a-zA-Z]+)?{_DATE_TAIL}\)?)\s*[–—-]\s+"
)
# What may follow a post-posed "X said" before the sentence goes on or ends.
POST_TRAIL = re.compile(
    r"(?:\s+(?:today|yesterday|earlier|later|at the time|in a statement|on \w+(?: \d+)?|last \w+|this \w+|"
    r"in (?:a|an|its|their|his|her) [\w’'-]+(?: [\w’'-]+){0,8}?))*\s*(?:[,.]|$)"
)
# The subject at the start of a clause: "The assessment, released ..., found", "ASK counted".
CLAUSE_SUBJECT = compile_fast(
    r"(?:(?:In|On|At|After|Before|During|Since|Later|Earlier|Last|By|Among|Under|With|For|Within|Throughout|"
    r"Despite|Following|Unlike|Like|As)\b[^,]{0,60},\s*)?"
    r"(?P<s>(?:The|the|An?|Its|Their)\s+[\w’'-]+(?:\s+(?!(?:has|have|had|was|were|is|are|it|he|she|they|we|that|"
    r"which|who)\b)[\w’'-]+){0,3}?|"
    r"[A-Z][\w’'.-]*(?:\s+(?:of|for|the|and|o|[A-Z][\w’'.()-]*)){0,6})"
    r"(?=(?:\s*,[^,]{1,80},)?\s+(?:has|have|had|was|were|is|are|also|further|then|found|said|told|made|held|took|"
    r"gave|put|saw|kept|left|met|began|became|sent|brought|set|struck|rose|fell|drew|led|[a-z]+ed|[a-z]+s)\b)"
)
# An uncapitalised subject that can speak: a plural noun phrase or a collective ("police").
LOWER_NP = compile_fast(r"(?:[a-z][\w’'-]*\s+){0,3}(?:[a-z][\w’'-]*s|police|government|military|army|junta)")
_SEMICOLON = re.compile(r";\s+")
_QUOTE_NEXT = re.compile(r"\s*[:,]?\s*[“\"‘«]")
# "the Lagos State judicial panel of inquiry": the fuller name a generic head ("the panel") refers to
_FULLER = {
    head: re.compile(
        rf"(?:[A-Z][\w’'-]*\s+){{1,6}}(?:[a-z]+\s+){{0,2}}{re.escape(head)}(?:\s+of\s+[a-z]+)?\b"
    )
    for head in GENERIC_ORG_HEADS
}
assert all(stays_between_stops(p) for p in _FULLER.values()), "_last_fuller searches between full stops"
_QUOTE_CLOSE_MARKS = frozenset('”"’»')
_AFTER_QUOTE = re.compile(r"[,.!?][”\"’»]\s*,?\s*(?:\S+\s+){0,5}$")
_RELATIVE = re.compile(r"((?:[A-Z][\w’'.-]*\s+){0,5}[A-Z][\w’'.-]*),\s+(?:which|who)\s+(?:\w+\s+)?$")
_PASSIVE_LEAD = re.compile(r"\b(?:be|been|being|not|who|which|to)\s+$")
_COPULA_LEAD = re.compile(r"\b(?:was|were|is|are)\s+$")
SUBORDINATORS = {
    "when",
    "while",
    "as",
    "after",
    "because",
    "since",
    "although",
    "though",
    "where",
    "whereas",
    "if",
    "before",
    "until",
    "once",
}
_NP_START = re.compile(r"^(?:[A-Z#\"“‘]|the\b|its\b|his\b|her\b|their\b|a\b|an\b|other\b|some\b|several\b)")
_CLAUSE_BREAK = compile_fast(
    r"[;:–—]\s|,\s+(?:and|but|while|whereas)\s+|\b(?:while|but|and)\s+(?=\w+\s+(?:said|says))"
)


@dataclass
class Found:
    speaker: str | None
    kind: str
    start: int
    end: int
    person: bool = False

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def strip_dateline(text: str, sent: Sentence) -> int:
    m = DATELINE_RE.match(sent.text)
    return sent.start + m.end() if m else sent.start


class StatementFinder:
    def __init__(self, text: str, sentences: list[Sentence], actors: ActorIndex, author: str | None) -> None:
        self.text = text
        self.sentences = sentences
        self._starts = [sent.start for sent in sentences]
        self._ends = [sent.end for sent in sentences]
        self._stops: list[int] | None = None  # full stops and semicolons, for _last_fuller
        self.actors = actors
        self.author = author
        self.quotes = find_quotes(text)
        self.last_person: str | None = None
        self.last_other: str | None = None
        self.found: list[Found] = []

    # -- speakers ---------------------------------------------------------------------------------
    def _person_before(self, pos: int) -> str | None:
        """The person a he/she at ``pos`` refers to: the later of the last person speaker and the
        last person named as a subject; failing both, the last person named at all."""
        earlier = [f for f in self.found if f.start < pos and f.person and f.speaker]
        speaker = max(earlier, key=lambda f: f.start) if earlier else None
        free = None
        for k in range(bisect_left(self.actors.mention_starts, pos) - 1, -1, -1):
            start, rec, governed = self.actors.mentions[k]
            if start < pos and rec.type == "person" and not governed and not self._reported(start):
                free = (start, rec)
                break
        here = self._paragraph_of(pos)
        recent = speaker is not None and here - self._paragraph_of(speaker.start) <= 1
        if free and here - self._paragraph_of(free[0]) > 1:
            free = None  # a person named paragraphs ago is rarely a new "she"
        if free and (speaker is None or (free[0] > speaker.start and not recent)):
            return free[1].name
        if speaker is not None and recent:
            return speaker.speaker
        # no person nearby: "the representative of Azerbaijan ... she said" refers to the last speaker
        nearby = [
            f for f in self.found if f.start < pos and f.speaker and here - self._paragraph_of(f.start) <= 0
        ]
        if nearby:
            return max(nearby, key=lambda f: f.start).speaker
        if speaker is not None:
            return speaker.speaker
        rec = self.actors.last_mentioned(pos, person=True, free_only=False)
        return rec.name if rec else self.last_person

    def _paragraph_of(self, pos: int) -> int:
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end + 2:
            return self.sentences[i].paragraph
        return self.sentences[-1].paragraph if self.sentences else 0

    def _subject_before(self, pos: int, plural: bool) -> str | None:
        """The nearest clause subject before ``pos`` that a non-personal 'it' / 'they' can stand for
        ('The assessment ... It found'; 'ASK counted ...; it noted')."""
        # the four nearest clause starts before pos: sentence starts and ends of "; " (only the last four
        # of each can be among them)
        starts = self._starts[max(0, bisect_left(self._starts, pos) - 4) : bisect_left(self._starts, pos)]
        semi = self.text.rfind(";", 0, pos)
        while semi != -1 and len(starts) < 8:
            m = _SEMICOLON.match(self.text, semi, pos)
            if m:
                starts.append(m.end())
            semi = self.text.rfind(";", 0, semi)
        for start in sorted(starts, reverse=True)[:4]:
            m = CLAUSE_SUBJECT.match(self.text, start)
            if not m or m.start("s") >= pos:
                continue
            phrase = m.group("s")
            if phrase.lower() in PRONOUNS or phrase.split()[0] in FUNCTION_WORDS - {"The", "Its", "Their"}:
                continue  # "Among its recommendations, ...", "Two years later, ...": no subject
            rec = self.actors.find(phrase)
            if rec is not None and rec.type == "person":
                continue
            if plural != bool(re.search(r"s$", phrase.split()[-1])) and rec is None:
                continue
            return rec.name if rec else re.sub(r"^The\s", "the ", phrase)
        return None

    def _reported(self, pos: int) -> bool:
        """Inside what someone else is reported to have said (a name there rarely speaks next)."""
        return any(f.start <= pos < f.end for f in self.found)

    def _speaker_before(self, pos: int, person: bool) -> str | None:
        for f in reversed(self.found):
            if f.start < pos and f.person == person and f.speaker:
                return f.speaker
        return None

    def resolve(self, phrase: str, pos: int | None = None) -> tuple[str | None, bool]:
        """(speaker name, is a person) for a subject phrase found at ``pos``."""
        phrase = phrase.strip().strip(",").strip()
        low = phrase.lower()
        at = len(self.text) if pos is None else pos
        if low in ("he", "she", "his", "her"):
            return self._person_before(at), True
        if low in ("it", "its"):
            return self._subject_before(at, False) or self._speaker_before(
                at, False
            ) or self.last_other, False
        if low in ("they", "their"):
            name = self._subject_before(at, True) or self._speaker_before(at, False) or self.last_other
            return name or self.last_person, name is None
        if low in ("we", "our", "i") or (low.startswith(("our ", "my ")) and self.author):
            return self.author, False  # "Our year-long investigation found ..."
        owner = re.match(
            r"^(.+?)(?:’s|'s)\s+(?:own\s+)?(?:\w+\s+)?(?:review|report|analysis|statement|investigation|"
            r"findings|count|figures|data|tally|research|letter|database|records)\b",
            phrase,
        )
        if owner:  # "Human Rights Watch’s review of the report found ..." -> Human Rights Watch
            return self.resolve(owner.group(1), pos)
        rec = self.actors.find(phrase)
        if rec is not None:
            return rec.name, rec.type == "person"
        named = re.match(r"^(?:the\s+|The\s+)?(?:[a-z][\w’'-]*\s+){1,4}((?:[A-Z][\w’'.-]*\s*){1,5})$", phrase)
        if named:  # "the human rights group Viasna" -> Viasna
            return named.group(1).strip(), False
        head = low.split()[-1] if low.split() else ""
        if low.startswith(("the ", "its ", "their ")) and head in GENERIC_ORG_HEADS:
            # "the panel" after "the Lagos State judicial panel of inquiry": that fuller name
            fuller = self._last_fuller(head, at)
            if fuller:
                return fuller.group(0), False
            rec = self.actors.last_mentioned(at, person=False, free_only=False)
            if rec is not None:
                return rec.name, False
        clean = re.sub(r"^The\s", "the ", phrase)
        return clean, False

    def _last_fuller(self, head: str, at: int) -> re.Match[str] | None:
        """The last match of _FULLER[head] in the text before ``at``. Its matches hold the head word and
        no full stop, so the stretches between full stops holding the head are searched, last first."""
        pattern = _FULLER[head]
        if self._stops is None:
            self._stops = stop_positions(self.text)
        end = at
        while (k := self.text.rfind(head, 0, end)) != -1:
            i = bisect_right(self._stops, k)
            a = self._stops[i - 1] + 1 if i else 0
            b = min(self._stops[i] if i < len(self._stops) else len(self.text), at)
            last = None
            for last in pattern.finditer(self.text, a, b):  # noqa: B007 - the last one is wanted
                pass
            if last is not None:
                return last
            end = a
        return None

    def remember(self, speaker: str | None, person: bool) -> None:
        if speaker is None:
            return
        if person:
            self.last_person = speaker
        else:
            self.last_other = speaker

    # -- subjects ---------------------------------------------------------------------------------
    def subject_before(self, clause_start: int, verb_start: int) -> str | None:
        """The noun phrase right before a reporting verb, or None if there is none."""
        chunk = self.text[clause_start:verb_start]
        closing = max(chunk.rfind("”"), chunk.rfind("’ "), chunk.rfind('" '))
        if closing != -1:  # '‘Protests must not be criminalized,’ they said': the subject follows the quote
            chunk = chunk[closing + 1 :].lstrip(" ,")
        words = chunk.split()
        while words and words[-1].lower().strip(",") in AUX:
            if words[-1].endswith(","):
                break
            words.pop()
        # a subordinate clause's subject: "..., when the government insisted that ..."
        while words and words[0].lower() in SUBORDINATORS:
            words.pop(0)
        chunk = " ".join(words)
        if not chunk:
            return None
        if chunk.endswith(","):  # "Osai Ojigho, Director of Amnesty International Nigeria, said"
            parts = [p.strip() for p in chunk.rstrip(",").split(",")]
            first = parts[-2] if len(parts) >= 2 else parts[-1]
            second = parts[-1]
            # "Osai Ojigho, Director of ..., said" or "Its Americas director, Erika Guevara-Rosas, said"
            named = [
                p
                for p in (first, second)
                if (r := self.actors.find(p)) and r.type == "person" and r.name.split()[-1] in p
            ]
            rec = (
                self.actors.find(named[0]) if named else (self.actors.find(first) or self.actors.find(second))
            )
            chunk = rec.name if rec else first
        else:
            chunk = re.split(r",\s+|\s+[–—]\s+", chunk)[-1]
        # a dated or placed lead-in ("In March last year, ...", "At Alausa, ...") was cut by the comma
        words = chunk.split()
        while words and words[0].lower() in SUBORDINATORS:  # "..., when the government insisted"
            words.pop(0)
        chunk = " ".join(words)
        if not words or len(words) > 14:
            return None
        if not _NP_START.match(chunk) and LOWER_NP.fullmatch(chunk):
            return chunk  # "prosecutors", "rights groups", "the police officers"
        if words[-1].lower() in PRONOUNS and len(words) > 1 and words[0] in FUNCTION_WORDS:
            return words[-1]  # "At the end of February she said": the lead-in had no comma
        if words[0].lower() in PRONOUNS and len(words) > 1:
            return None
        if not _NP_START.match(chunk) and words[0].lower() not in PRONOUNS:
            return None
        if chunk.lower().startswith(("there ", "this ", "that ", "these ", "those ")):
            return None
        return chunk

    # -- the passes -------------------------------------------------------------------------------
    def in_quote(self, pos: int, quotes: list[Quote]) -> Quote | None:
        # quotes are in text order and never overlap: only the last one starting at or before pos can hold it
        i = bisect_right(quotes, pos, key=lambda q: q.start)
        return quotes[i - 1] if i and pos < quotes[i - 1].end else None

    def run(self, body_start: int) -> list[Found]:
        full_quotes = self._full_quotes(body_start)
        for sent in self.sentences:
            if sent.end <= body_start:
                continue
            self._sentence(sent, full_quotes)
        self.found.sort(key=lambda f: f.start)
        return self._merge()

    def _full_quotes(self, body_start: int) -> list[Quote]:
        out = []
        for q in self.quotes:
            if q.open_at < body_start or word_count(self.text[q.start : q.end]) < 4:
                continue
            before = self.text[max(0, q.open_at - 80) : q.open_at]
            line_start = before.rsplit("\n", 1)[-1].strip()
            opens_sentence = not line_start or re.search(r"[.!?]['”’\"]?\s*$", before) is not None
            after_colon = re.search(r"[:]\s*$", before) is not None
            after_verb = re.search(rf"(?:{REPORT_VERBS})\s*,\s*$", before) is not None
            if opens_sentence or after_colon or after_verb:
                out.append(q)
        return out

    def _sentence(self, sent: Sentence, full_quotes: list[Quote]) -> None:
        text = self.text
        start = strip_dateline(text, sent)
        # in text order, so a pronoun sees every speaker before it: quotations opening here,
        # reporting verbs and "according to" outside quotations
        steps: list[tuple[int, str, object]] = []
        here = full_quotes[
            bisect_left(full_quotes, sent.start, key=lambda q: q.open_at) : bisect_left(
                full_quotes, sent.end, key=lambda q: q.open_at
            )
        ]  # the quotes opening in this sentence
        for q in here:
            if start <= q.open_at < sent.end or (q.open_at < start <= q.end and q.open_at >= sent.start):
                steps.append((q.open_at, "quote", q))
        for m in VERB_RE.finditer(text, start, sent.end):
            if not self.in_quote(m.start(), full_quotes):
                steps.append((m.start(), "verb", m))
        for m in ACCORDING_RE.finditer(text, start, sent.end):
            if not self.in_quote(m.start(), full_quotes):
                steps.append((m.start(), "according", m))
        for m in VIEW_RE.finditer(text, start, sent.end):
            if not self.in_quote(m.start(), full_quotes):
                steps.append((m.start(), "view", m))
        for _pos, kind, item in sorted(steps, key=lambda step: step[0]):
            if kind == "quote":
                self._direct(item, sent)  # type: ignore[arg-type]
            elif kind == "verb":
                self._indirect(item, sent, start, full_quotes)  # type: ignore[arg-type]
            elif kind == "view":
                self._view(item, sent)  # type: ignore[arg-type]
            else:
                self._according(item, sent, start)  # type: ignore[arg-type]

    def _direct(self, q: Quote, sent: Sentence) -> None:
        text = self.text
        after = text[q.end : min(len(text), q.end + 120)]
        speaker = None
        m = re.match(
            rf"^[,.!?]?[”\"’»]?[,.]?\s+(?:(?P<v1>{REPORT_VERBS})\s+(?P<s1>[^,.;\n]{{2,80}})|"
            rf"(?P<s2>[^,.;\n“”\"]{{1,80}}?)\s+(?:also\s+|later\s+|then\s+)?(?P<v2>{REPORT_VERBS})|"
            rf"(?P<s3>[^,.;\n“”\"]{{1,60}}),[^.;“”\"]{{1,120}}?,\s+(?:also\s+)?(?:{REPORT_VERBS}))(?=[\s,.;:]|$)",
            after,
        )
        if m:
            speaker = (m.group("s1") or m.group("s2") or m.group("s3")).strip()
            ended = "." in after[:3] or text[q.end - 1 : q.end] == "."
            if m.group("s2") and len(speaker.split()) > 10:
                speaker = None
            elif ended and speaker[:1].isupper() and (m.group("s2") or m.group("s3")):
                speaker = None  # '“... .” She also called on ...': a new sentence, not the attribution
        if speaker is None:
            before = text[max(sent.start, q.open_at - 160) : q.open_at]
            m = re.search(
                rf"(?P<s>[A-Z][^.;“”\"]{{0,120}}?)\s+(?:{REPORT_VERBS})\b[^.“”]{{0,60}}?[:,]\s*[“\"‘«]?$",
                before,
            )
            if m:
                speaker = m.group("s").split(", ")[-1] if not m.group("s").endswith(",") else m.group("s")
            elif by := re.search(
                r"\b(?:statement|remarks|words|message|letter|tweet|post|appeal)\s+(?:by|from)\s+([A-Z][^,:;“”\"]{2,60})",
                before,
            ):
                speaker = by.group(1)  # "today’s statement by Pramila Patten, the UN ...: “...”"
            elif re.search(r":\s*[“\"‘«]?$", before):
                # "Bachelet herself struck a more conciliatory note: “...”": the clause's subject speaks
                speaker = self._participle_subject(sent, sent.start, q.open_at)
        if speaker is not None:
            name, person = self.resolve(self._subject_text(speaker), q.open_at)
        else:
            # the last statement so far (in the order found) starting before the quote
            prev = next((f for f in reversed(self.found) if f.start < q.start), None)
            name, person = (prev.speaker, prev.person) if prev else (self.author, False)
        s, e = trim(text, q.start, q.end)
        self.remember(name, person)
        self.found.append(Found(name, "direct", s, e, person))

    def _subject_text(self, phrase: str) -> str:
        phrase = re.sub(r"\s+(?:at|in|on|to|as|when|after|before|during|while)\b.*$", "", phrase.strip())
        if "," in phrase:  # "Laetitia Bader, Horn of Africa director at Human Rights Watch"
            head = phrase.partition(",")[0]
            if self.actors.find(head.strip()):
                return head.strip()
        return phrase

    def _indirect(self, m: re.Match[str], sent: Sentence, start: int, quotes: list[Quote]) -> None:
        text = self.text
        verb = m.group(0)
        before = text[start : m.start()]
        subject_end = m.start()
        # both tests end in whitespace at the end of `before`: none can match without it
        ends_in_space = before[-1:].isspace()
        relative = _RELATIVE.search(before) if ends_in_space and "wh" in before else None
        if relative:  # "Human Rights Watch, which describes ...": the speaker is the noun before
            subject_end = start + relative.end(1)
        elif ends_in_space and (
            _PASSIVE_LEAD.search(before)
            or (
                _COPULA_LEAD.search(before)
                and not verb.endswith("ing")
                and not verb.startswith(STATE_OF_MIND)
            )
        ):
            return  # "was said", "who said": not a speaker's own clause
        if (
            _QUOTE_CLOSE_MARKS.intersection(before)
            and _AFTER_QUOTE.search(before)
            and _quote_ending_in(quotes, m.start() - 59, m.start())
        ):
            return  # '“...,” said X' / '‘...,’ they said': the attribution of a direct quotation
        # post-posed attribution: "..., the group said." / "Such a practice, she said, turns ..."
        post = re.search(r"(?:^|,)\s*([^,]{1,60}?)\s*$", before)
        after = text[m.end() : sent.end]
        trail = POST_TRAIL.match(after)
        if post and not before.rstrip().endswith(",") and trail:
            subject = post.group(1)
            comma = before.rfind(",")
            if comma > 0 and self._plausible_subject(subject):
                lead = text[start : start + comma]
                rest = after[trail.end() :].lstrip(" ,")
                if rest and len(lead.split()) <= 5:  # "Such a practice, she said, turns ..."
                    s, e = trim(text, sent.end - len(rest), sent.end)
                else:  # "..., the group said." / "..., Viasna said on Wednesday, a tally ..."
                    s, e = trim(text, start, start + comma)
                if self.in_quote(s, quotes) or e - s < 3:
                    return
                name, person = self.resolve(subject, m.start())
                self.remember(name, person)
                self.found.append(Found(name, "indirect", s, e, person))
                return
        breaks = list(_CLAUSE_BREAK.finditer(text, start, subject_end))
        clause_start = breaks[-1].end() if breaks else start
        subject = self.subject_before(clause_start, subject_end)
        if subject is None:
            return
        content = re.match(
            r"(?:\s+(?:in\s+strong\s+terms|also|again|once\s+more|further|today|yesterday|repeatedly|strongly))*"
            r"(?:\s+(?:that|on|for|of|to)\b(?!\s+(?:the\s+)?(?:Twitter|television|radio)))?"
            r"(?:\s+[\w’'-]+(?:\s+[\w’'-]+){0,5}?\s+that\b)?,?",
            text[m.end() : sent.end],
        )
        c_start = m.end() + (content.end() if content else 0)
        if _QUOTE_NEXT.match(text, c_start) and _quote_opening_in(quotes, c_start, c_start + 3):
            return  # the attribution of a direct quotation, handled by _direct
        tail = text[m.end() : c_start]
        finding = re.match(
            r"\s*(?:a|no|the)?\s*(?:reasonable|credible|sufficient|strong|clear)\s+(?:basis|grounds|"
            r"evidence)",
            text[m.end() : m.end() + 40],
        )
        if verb.split()[0] in NEEDS_THAT and "that" not in tail and not finding:
            return
        if verb in ("told", "tells", "telling", "reminded", "reminds") and "that" not in tail:
            return
        c_end = sent.end
        # stop at another speaker's clause in the same sentence ("...; his family says ...")
        for b in re.finditer(r";\s|,\s+while\s+|,\s+but\s+", text[c_start : sent.end]):
            nxt = VERB_RE.search(text, c_start + b.end(), sent.end)
            if nxt and nxt.start() - (c_start + b.end()) < 60:
                c_end = c_start + b.start()
                break
        nxt_quote = _quote_opening_in(quotes, c_start + 1, c_end - 1)
        if nxt_quote:  # "... under article 21. “A regime that ...”": the quotation is a statement of its own
            c_end = nxt_quote.open_at
        if text[c_end - 1 : c_end] == ":":  # "... voiced alarm at the use of:" and a list
            bullets = re.match(r"(?:\n[ \t]*\n?[ \t]*(?:[•·*▪◦-]|\d+[.)]|\([a-z]\))[^\n]*)+", text[c_end:])
            if bullets:
                c_end += bullets.end()
        s, e = trim(text, c_start, c_end)
        if e - s < 3:
            return
        if verb.endswith("ing"):
            subject = self._participle_subject(sent, start, m.start()) or subject
        name, person = self.resolve(subject, m.start())
        self.remember(name, person)
        self.found.append(Found(name, "indirect", s, e, person))

    def _participle_subject(self, sent: Sentence, start: int, verb_at: int) -> str | None:
        """'She welcomed ..., saying ...': the subject of the main clause."""
        last = next((f for f in reversed(self.found) if sent.start <= f.start < verb_at), None)
        if last and last.speaker:
            return last.speaker
        m = re.match(
            r"(?:(?:In|On|At|After|Before|During|Since|Speaking|Addressing|Opening)\b[^,]*,\s*)?"
            r"(?P<s>(?:[Ss]he|[Hh]e|[Tt]hey|[Ii]t|[Ww]e)\b|(?:[Tt]he\s+)?[A-Z][\w’'-]*"
            r"(?:\s+(?:of|for|the|[A-Z][\w’'-]*))*)",
            self.text[start:verb_at],
        )
        return m.group("s") if m else None

    def _plausible_subject(self, phrase: str) -> bool:
        words = phrase.split()
        if not words or len(words) > 8:
            return False
        low = phrase.lower()
        return low in PRONOUNS or (
            bool(re.match(r"^(?:the\s|[A-Z])", phrase)) and not re.search(r"\d", phrase)
        )

    def _view(self, m: re.Match[str], sent: Sentence) -> None:
        s, e = trim(self.text, m.end(), sent.end)
        if e - s < 3:
            return
        name, person = self.resolve(m.group("pron") or m.group("owner"), m.start())
        self.found.append(Found(name, "indirect", s, e, person))

    def _according(self, m: re.Match[str], sent: Sentence, start: int) -> None:
        text = self.text
        rest = text[m.end() : sent.end]
        src = re.match(r"([^,.;]{2,120}?)(?:,|\.|;|$)", rest)
        if not src:
            return
        source = src.group(1)
        agent = re.search(
            r"\b(?:published|released|issued|compiled|kept|collected)\b.*?\bby\s+(?:the\s+)?(.+)$", source
        )
        source = agent.group(1) if agent else re.sub(r"\s+(?:published|released|issued)\b.*$", "", source)
        source = re.split(r"\s+and\s+(?:the\s+)?", source)[0] if agent else source
        if rest[src.end() - 1 : src.end()] == ",":
            s, e = trim(text, m.end() + src.end(), sent.end)  # "[...] according to X, CONTENT."
        else:
            s, e = trim(text, start, m.start())  # "CONTENT, according to X."
        if e - s < 3:
            return
        name, person = self.resolve(source, m.start())
        self.found.append(Found(name, "indirect", s, e, person))

    def _merge(self) -> list[Found]:
        """One statement per speaker per sentence, from the first reported word to the end of the last."""
        out: list[Found] = []
        for f in self.found:
            if out:
                last = out[-1]
                if (
                    f.start < last.end
                    and f.kind == last.kind
                    and (f.speaker == last.speaker or f.start >= last.start)
                ):
                    last.end = max(last.end, f.end)
                    continue
                if (
                    f.kind == last.kind == "indirect"
                    and f.speaker == last.speaker
                    and self._same_sentence(last.start, f.start)
                ):
                    last.end = max(last.end, f.end)
                    continue
            out.append(f)
        return out

    def _same_sentence(self, a: int, b: int) -> bool:
        # the first sentence holding a: sentences are in order and do not overlap, so ends rise too
        i = bisect_left(self._ends, a)
        if i < len(self.sentences) and self.sentences[i].start <= a:
            s = self.sentences[i]
            return s.start <= b < s.end + 1
        return False


# Quotes are in text order and never overlap, so their openings and their ends both rise: bisection
# finds the first one in a range instead of a scan over all of them.
def _quote_opening_in(quotes: list[Quote], lo: int, hi: int) -> Quote | None:
    """The first quote opening at or after lo and at or before hi."""
    i = bisect_left(quotes, lo, key=lambda q: q.open_at)
    return quotes[i] if i < len(quotes) and quotes[i].open_at <= hi else None


def _quote_ending_in(quotes: list[Quote], lo: int, hi: int) -> Quote | None:
    """The first quote ending at or after lo and at or before hi."""
    i = bisect_left(quotes, lo, key=lambda q: q.end)
    return quotes[i] if i < len(quotes) and quotes[i].end <= hi else None
