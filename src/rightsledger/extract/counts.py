"""Counts of people harmed: a number, what happened to them, and how sure the text is.

A number is a count when it names people (``1,500 protesters``, ``108
martyrs``, ``45 have been sentenced``) or follows a harm verb
(``injured 4,000``); its category comes from the nearest harm cue in its
clause, its qualifier from the words before it.  Ordinals, years, ages,
durations, money, percentages, votes and article numbers never count.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from rightsledger.extract.literals import compile_fast
from rightsledger.extract.numbers import NumberMention, find_numbers

# (category, cue) — cues are regex stems matched on whole words, in priority order within a clause.
CATEGORY_CUES: list[tuple[str, str]] = [
    (
        "other",
        r"rap(?:e|es|ed)|sexual(?:ly)? (?:violence|abused|assaulted)|survivors of rape|casualties|assaulted|beaten|"
        r"harassed|threatened|(?:brought|sent|tried|referred) before (?:military )?(?:courts?|tribunals?)",
    ),
    (
        "sentenced",
        r"sentenced to death|death sentences?|sentenced|sentences?|condemned to death|"
        r"given (?:the )?death(?: penalty| sentences?)?",
    ),
    ("executed", r"execut(?:ed|ions?)|hanged|hangings?|put to death|beheaded"),
    ("disappeared", r"disappeared|disappearances?|disappearance|abducted|abductions?"),
    ("missing", r"missing|unaccounted|not located|whereabouts"),
    ("tortured", r"tortured|torture|ill-treated|ill-treatment"),
    (
        "displaced",
        r"displaced|fled|refugees|uprooted|expelled|deported|displacement|forced from their homes|forced to flee",
    ),
    (
        "injured",
        r"injur(?:ed|ies|ing)|wounded|wounds?|hurt|maimed|treated for|blinded|eye injuries|lost (?:an|one|both) eyes?|hit by",
    ),
    (
        "killed",
        r"kill(?:ed|ing|ings)?|dead|deaths?|died|die|lost their lives|shot dead|martyrs?|bodies|massacr(?:e|ed)|"
        r"murder(?:ed|s)?|fatalities|toll|lives|homicides?|assassinated",
    ),
    (
        "arrested",
        r"arrest(?:ed|s)?|detained|detentions?|custody|jailed|imprisoned|behind bars|rounded up|held|"
        r"in prison|incarcerated|apprehended|taken into custody|deprived of (?:their )?liberty",
    ),
]
_CUE_RES = [(cat, compile_fast(rf"\b(?:{cue})\b", re.IGNORECASE)) for cat, cue in CATEGORY_CUES]

PERSON_NOUNS = (
    r"people|persons?|protesters?|protestors?|demonstrators?|civilians?|children|child|minors?|women|men|girls|boys|"
    r"prisoners|detainees|journalists|activists|students|members|martyrs|bodies|victims|individuals|residents|"
    r"villagers|workers|lawyers|defenders|dissidents|opponents|refugees|migrants|soldiers|officers|farmers|"
    r"teenagers|adolescents|youths?|worshippers|monks|nuns|priests|citizens|nationals|inmates|survivors|"
    r"deaths|killings|executions|arrests|cases|fatalities|casualties|others|more|Iranians|Uyghurs|Rohingya|"
    r"Kurds|Baluch|Tamils|Christians|Muslims|Bahais|Baha’is|patients|passengers|supporters|relatives|"
    r"parliamentarians|MPs|politicians|leaders|figures|critics|bloggers|artists|athletes|teachers|doctors|nurses|"
    r"medics|rapes|people’s|persons’|gunshot wounds|wounded|dead|injured|detentions|homicides|disappearances|"
    r"abductions|injuries|hangings|suspects|dealers|users|pilgrims|mourners|voters|staff|employees|"
    r"(?:death\s+)?sentences|[A-Z][a-z]+(?:ns|s)\b(?<!States)(?<!Nations)|(?:reports|allegations|complaints) of\s+\w+"
)
_FILLER = r"(?!(?:and|or|of|in|to|were|was|had|have|has|the|a|by|for|with|at|on|from)\b)(?:[a-z][\w’'-]*|[A-Z][a-z]+)"
_PERSON_AFTER = compile_fast(rf"\s+(?:of\s+(?:the\s+)?)?(?:{_FILLER}\s+){{0,3}}?(?:{PERSON_NOUNS})\b")
# What may follow a vague amount that counts people: "dozens of children", "thousands arrested".
VAGUE_FOLLOW = re.compile(
    rf"\s+(?:of\s+(?:(?:the|these|those|their)\s+)?(?:[a-z][\w’'-]*\s+){{0,3}}?(?:{PERSON_NOUNS})\b|"
    r"(?:more\s+)?(?:were\s+|(?:have|has|had)\s+(?:been\s+)?)?(?:killed|arrested|detained|injured|wounded|"
    r"executed|disappeared|displaced|tortured|dead|died|shot dead|shot)\b|believed to have (?:died|been killed)|"
    r"more\s+(?:suffered|sustained))"
)
_VERB_AFTER = compile_fast(
    r"\s*(?:more\s+|others\s+|of\s+(?:them|those|whom|these)\b|(?:have|had|has|were|was|are|remain|remained|"
    r"died|lost|had\s+been|have\s+been|killed|arrested|detained|injured|wounded|executed|hanged|"
    r"disappeared|displaced|tortured)\b)"
)
# "put the number of people killed since the coup at", "the number of dead “did not exceed": the harm is
# named after the last "number of" before the figure
PUT_RE = re.compile(
    r"(?s).*\b(?:number|toll|figure|count)(?:\s+of)?\s+([^.;]*?)\s+[“\"]?(?:at|to|as|did not exceed|exceeded|"
    r"stood at|stands at|reached)\s+(?:[a-z ]+\s+)?[“\"]?$"
)
_PUT_WORDS = ("number", "toll", "figure", "count")


def _put(lead: str) -> re.Match[str] | None:
    """PUT_RE on the words before a figure. Its leading '.*' makes a match anywhere one from the start,
    so matching from the start alone finds the same; a lead naming no number word cannot match."""
    if not any(w in lead for w in _PUT_WORDS):
        return None
    return PUT_RE.match(lead)


NOT_COUNT_AFTER = re.compile(
    r"^(?:\s*(?:%|percent|per cent|-percent|years?|months?|weeks?|days?|hours?|minutes?|decades?|"
    r"-year|-month|-day|-hour|year-old|-year-old|st|nd|rd|th|votes?|in favou?r|against|abstentions?|"
    r"members? of the council|seats?|delegations?|resolutions?|states|countries|nations|times|kilomet|km|miles|"
    r"metres|meters|dollars|euros|pounds|usd|million dollars|billion|cities|towns|provinces|regions|"
    r"districts|sites|morgues|hospitals|cases? (?:filed|opened)|complaints|investigations|articles?|"
    r"paragraphs?|draft|texts?|reports? (?!of)|pages?|am|pm|a\.m\.|p\.m\.|o’clock|o'clock|January|February|"
    r"March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|"
    r"Oct|Nov|Dec)\b)",
    re.IGNORECASE,
)
NOT_COUNT_BEFORE = compile_fast(
    r"(?:\b(?:article|articles|paragraph|paragraphs|resolution|section|rule|principle|chapter|page|no\.|aged|"
    r"age of|under|over the age of|since|us\$|rs\.?|interviewed|spoke (?:with|to)|met(?: with)?|surveyed|"
    r"consulted|interviewing)\s*(?:\w+\s+)?|\b(?:these|those)\s+|[$€£#/]\s*)$",
    re.IGNORECASE,
)
QUALIFIERS: list[tuple[str, str]] = [
    ("at_least", r"at least|no fewer than|no less than|not less than|a minimum of|at a minimum|minimum of"),
    ("more_than", r"more than|over|in excess of|upwards of|above"),
    (
        "at_most",
        r"up to|nearly|almost|as many as|as high as|close to|not more than|no more than|at most|did not exceed",
    ),
    ("fewer_than", r"fewer than|less than|under|below"),
    (
        "about",
        r"about|around|some|an estimated|approximately|roughly|estimated|circa|approx\.|perhaps|"
        r"about|reportedly|an approximate|a reported|roughly",
    ),
]
_QUAL_RES = [(q, re.compile(rf"\b(?:{p})\s*$", re.IGNORECASE)) for q, p in QUALIFIERS]


@dataclass
class CountHit:
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    category: str
    start: int
    end: int
    subject: str | None


def _clause_bounds(text: str, start: int, end: int, s_start: int, s_end: int) -> tuple[int, int]:
    # a colon introduces a breakdown of the same harm ("eight survivors of rape: five women and three
    # men"), so only a semicolon closes the clause
    left = max(text.rfind(";", s_start, start), s_start - 1) + 1
    right_candidates = [i for i in (text.find(";", end, s_end),) if i != -1]
    return left, min([*right_candidates, s_end])


def _first_cue(text: str, start: int, end: int) -> tuple[int, str, int] | None:
    """(words between start and the cue, category, cue end) of the nearest harm cue in [start, end)."""
    best = None
    for cat, cue in _CUE_RES:
        m = cue.search(text, start, end)
        if m:
            dist = len(re.findall(r"\w+", text[start : m.start()]))
            if best is None or dist < best[0]:
                best = (dist, cat, m.end())
    return best


def _category(text: str, num: NumberMention, c_start: int, c_end: int) -> tuple[str, int] | None:
    """The harm cue governing a number: 'the number of people killed ... at N', then a cue in the
    number's own phrase (up to the next comma), then the nearest cue before it, then one further on."""
    lead = text[max(c_start, num.start - 120) : num.start]
    put = _put(lead)
    if put:
        cue = _first_cue(lead, put.start(1), put.end(1))
        if cue:
            return cue[1], num.end
    chunk = re.search(r",|;|:|\s+and\s+the\b|\s+but\b|\s+(?:and|or)\s+(?=\w+ed\b)", text[num.end : c_end])
    chunk_end = num.end + (chunk.start() if chunk else c_end - num.end)
    near = _first_cue(text, num.end, min(chunk_end, num.end + 90))
    if near is not None and near[0] <= 8:
        return near[1], near[2]
    left_best: tuple[int, str] | None = None
    found = [
        (m, cat)
        for cat, cue in _CUE_RES
        for m in cue.finditer(text, max(c_start, num.start - 120), num.start)
    ]
    for m, cat in found:
        if any(
            o is not m
            and o.start() <= m.start()
            and m.end() <= o.end()
            and o.end() - o.start() > m.end() - m.start()
            for o, _ in found
        ):
            continue  # "death" inside "sentenced to death"
        dist = len(re.findall(r"\w+", text[m.end() : num.start]))
        if left_best is None or dist < left_best[0]:
            left_best = (dist, cat)
    far = _first_cue(text, num.end, min(c_end, num.end + 90))
    if (
        far is not None
        and far[0] <= 14
        and (left_best is None or left_best[0] > 3)
        and re.search(
            r"\b(?:had|have|has|were|was)\s+(?:been\s+)?(?:\w+\s+)?$",
            text[num.end : num.end + 200][: _cue_at(text, num, far)],
        )
    ):
        return far[1], far[2]  # "around 14,000 people, children among them, had been arrested"
    if left_best is not None and left_best[0] <= 12:
        return left_best[1], num.end
    if far is not None and far[0] <= 14:
        return far[1], far[2]
    return None


def _cue_at(text: str, num: NumberMention, cue: tuple[int, str, int]) -> int:
    """Offset (from the number's end) where a cue found by _first_cue starts."""
    end = cue[2] - num.end
    m = re.search(r"\w+(?:\s+\w+)?$", text[num.end : num.end + end])
    return m.start() if m else end


def _subject(text: str, num: NumberMention) -> str | None:
    m = _PERSON_AFTER.match(text, num.end)
    if m:
        return re.sub(r"\s+", " ", text[num.end : m.end()]).strip()
    return None


def find_counts(text: str, sentences: list, body_start: int) -> list[CountHit]:
    hits: list[CountHit] = []
    every = find_numbers(text)
    starts = [n.start for n in every]
    for sent in sentences:
        if sent.end <= body_start:
            continue
        nums = every[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
        skip_next = False
        for i, num in enumerate(nums):
            if skip_next:
                skip_next = False
                continue
            before = text[max(sent.start, num.start - 30) : num.start]
            after = text[num.end : min(sent.end, num.end + 40)]
            if num.value is not None and not _is_count_number(text, num, before, after):
                continue
            c_start, c_end = _clause_bounds(text, num.start, num.end, sent.start, sent.end)
            low = high = None
            value = num.value
            qualifier = "exact"
            span_start = num.start
            end_num = num
            rng = (
                re.match(r"^\s*(?:and|to|-|–)\s*$", text[num.end : nums[i + 1].start])
                if i + 1 < len(nums)
                else None
            )
            if rng and re.search(r"\bbetween\s*$", before) and nums[i + 1].value is not None:
                low, high, value, qualifier = num.value, nums[i + 1].value, None, "range"
                span_start = num.start - len(re.search(r"between\s*$", before).group(0))
                end_num = nums[i + 1]
                skip_next = True
            elif num.value is None:
                qualifier = "vague"
            else:
                for q, rx in _QUAL_RES:
                    qm = rx.search(before)
                    if qm:
                        qualifier = q
                        span_start = num.start - len(qm.group(0))
                        break
            if num.value is not None and not (
                _PERSON_AFTER.match(text, end_num.end)
                or _VERB_AFTER.match(text, end_num.end)
                or _elliptical(text, num, c_start)
                or _put(text[max(c_start, num.start - 120) : num.start])
            ):
                continue
            if num.value is None and not VAGUE_FOLLOW.match(text, end_num.end):
                continue
            cat = _category(text, end_num, c_start, c_end)
            if cat is None:
                continue
            category, cue_end = cat
            span_end = max(end_num.end, min(cue_end, c_end))
            subject_end = _PERSON_AFTER.match(text, end_num.end)
            if subject_end:
                span_end = max(span_end, subject_end.end())
            hits.append(
                CountHit(value, low, high, qualifier, category, span_start, span_end, _subject(text, end_num))
            )
    return hits


def _elliptical(text: str, num: NumberMention, c_start: int) -> bool:
    """'injured 4,000', 'arrested 12,000 more', 'at almost 23,000': a harm verb or a figure's lead-in
    right before a bare number."""
    before = text[max(c_start, num.start - 60) : num.start]
    for _q, rx in _QUAL_RES:
        before = rx.sub("", before)
    before = re.sub(r"[“\"]\s*$", "", before)
    return re.search(
        r"\b(?:killed|injured|wounded|arrested|detained|executed|hanged|sentenced|disappeared|displaced|"
        r"tortured|at|to|of|put the (?:number|toll|figure)[\w ]*at|stood at|stands at|rose to|reached|exceed|"
        r"exceeded|totalled|totaled|climbed to|numbered|a further|another|toll of|"
        r"(?:toll|number|figure|count)\s+(?:was|is|stood|stands|rose|reached)(?:\s+\w+)?)\s*$",
        before,
    ) is not None and not re.match(r"^\s*(?:[a-z]+)\s+(?:of|in)\b", text[num.end : num.end + 20])


def _is_count_number(text: str, num: NumberMention, before: str, after: str) -> bool:
    if num.has_decimal and "million" not in num.text.lower():
        return False
    if NOT_COUNT_AFTER.match(after) or NOT_COUNT_BEFORE.search(before):
        return False  # an age, a duration, a vote, money, an article number ...
    if num.value is not None and 1900 <= num.value <= 2099 and not num.is_words and "," not in num.text:
        return False  # a year
    if re.match(r"^\s*(?:[-–]|to)\s*\d+\s*(?:[-–]\s*\d+)?\s*(?:vote|,|with|\))", after):
        return False  # a vote tally "79-30-64"
    if re.match(r"^[-–]\d", after) or re.search(r"\d[-–/]$", before):
        return False
    if re.search(r"\(\s*$", before) and re.match(r"^\s*\)", after):
        return False  # "(2019)", "(1)"
    return not (num.is_words and num.value == 1 and not re.match(r"^\s+(?:person|man|woman|child)", after))
