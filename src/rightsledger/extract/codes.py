"""Violation and instrument codes from cue phrases (vocabularies of DESIGN.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rightsledger.domain import CodedMention
from rightsledger.extract.literals import (
    Guard,
    first_in_stretches,
    occurrences,
    stays_between_stops,
    stop_positions,
)

# code -> cue patterns (case-insensitive); the first match of each pattern is evidence.
VIOLATION_CUES: dict[str, list[str]] = {
    "unlawful_killing": [
        r"(?:killed|homicides?|killings?)\s+(?:\w+\s+){0,3}by\s+(?:members of\s+)?(?:the\s+)?(?:security forces|police|soldiers|troops|army)",
        r"excessive (?:and \w+ )?(?:use of )?(?:police |lethal )?force",
        r"shot (?:\w+ )?dead",
        r"shooting (?:of )?(?:unarmed |peaceful )?(?:protesters|demonstrators|civilians)",
        r"unlawful(?:ly)? kill",
        r"excessive (?:and lethal |lethal )?force",
        r"lethal force",
        r"live (?:ammunition|rounds|fire)",
        r"opened fire on",
        r"fired (?:live rounds |live ammunition )?(?:at|on) (?:\w+ )?(?:protesters|demonstrators|crowds?)",
        r"deaths? at the hands of (?:soldiers|police|security forces|troops)",
        r"killings? (?:of|by) (?:\w+ ){0,3}(?:protesters|security forces|police|soldiers|troops)",
        r"(?:police|security forces|soldiers|troops) (?:had |have )?killed",
        r"right to life",
        r"killed (?:\w+ ){0,4}protesters",
    ],
    "extrajudicial_execution": [
        r"extra-?judicial",
        r"summary (?:or arbitrary )?executions?",
        r"arbitrary executions?",
    ],
    "mass_killing": [r"massacres?d?\b", r"mass murders?", r"mass killings?", r"mass executions?"],
    "death_in_custody": [
        r"(?:died|killed|deaths?)\s+(?:\w+\s+){0,2}in\s+(?:the\s+)?(?:[\w-]+\s+)?(?:custody|detention)",
        r"died (?:\w+ ){0,8}after being (?:detained|arrested)",
        r"deaths? in (?:custody|detention)",
        r"died (?:\w+ )?in (?:police )?(?:custody|detention)",
        r"deaths? of (?:\w+ )?detainees",
        r"died (?:\w+ )?(?:after|following) (?:\w+ )?(?:arrest|detention)",
        r"death in (?:police )?custody",
    ],
    "death_penalty": [
        r"executions? (?:rose|surged?|soared)",
        r"death penalty",
        r"death sentences?",
        r"sentenced to death",
        r"capital punishment",
        r"\bhanged\b",
        r"\bhangings?\b",
        r"were executed",
        r"death row",
        r"moratorium on executions",
    ],
    "juvenile_execution": [
        r"child offenders?",
        r"juvenile offenders?",
        r"(?:those|people|persons|prisoners|offenders) under(?: the age of)? 18",
        r"(?:children|minors|juveniles?) (?:\w+ ){0,3}(?:sentenced to death|executed|hanged)",
        r"(?:executed|hanged|sentenced to death)(?: \w+){0,4} (?:children|minors|juveniles?)",
        r"\b1[4-7]-year-old",
        r"under 18 at the time",
    ],
    "arbitrary_detention": [
        r"(?:\d[\d,]*|thousands|hundreds|dozens)\s+(?:[\w-]+\s+){0,3}(?:were\s+|have been\s+|had been\s+)?(?:arrested|detained)\b",
        r"(?:detained|arrested)\s+(?:\w+\s+){0,5}for (?:joining|taking part|protesting|their part)",
        r"held arbitrarily",
        r"appeared arbitrary",
        r"arbitrar(?:y|ily) (?:arrests?|detentions?|detained|arrested|deprived)",
        r"detention without (?:charge|trial)",
        r"mass arrests?",
        r"unlawful(?:ly)? (?:detention|detained|held)",
        r"arrested (?:\w+ ){0,4}(?:protesters|demonstrators|activists|journalists)",
        r"(?:detained|arrested|rounded up) (?:at least |more than |some |over )?[\d,]+ (?:people|protesters|demonstrators|persons)",
        r"behind bars",
        r"rounded up",
    ],
    "enforced_disappearance": [
        r"where (?:\w+ ){0,3}(?:are|were|is) (?:being )?held",
        r"enforced(?: or involuntary)? disappearances?",
        r"forcibly disappeared",
        r"incommunicado",
        r"whereabouts (?:\w+ ){0,3}unknown",
        r"(?:were|been|was) disappeared",
        r"\bthe disappearances\b",
    ],
    "torture": [
        r"tortur",
        r"ill-treat",
        r"cruel,? inhuman",
        r"degrading treatment",
        r"flogg",
        r"amputation",
        r"beat(?:en|ings?) (?:in|while in) (?:custody|detention)",
        r"severe beatings",
    ],
    "forced_confession": [
        r"forced confessions?",
        r"force(?:d)? (?:\w+ )?confessions?",
        r"confessions? (?:\w+ ){0,3}(?:extracted|obtained|coerced)",
        r"extract(?:ed)? confessions?",
        r"televised confessions?",
        r"(?:false|coerced) confessions?",
        r"into confessing",
        r"confessions? (?:that would be |were )?televised",
    ],
    "unfair_trial": [
        r"unfair trials?",
        r"fair trial",
        r"sham trials?",
        r"due process",
        r"revolutionary courts?",
        r"military (?:courts?|tribunals?)",
        r"access to (?:a )?(?:lawyer|legal counsel|counsel)",
        r"show trials?",
        r"without (?:a )?lawyer",
        r"summary trials?",
        r"grossly unfair",
    ],
    "freedom_of_expression": [
        r"(?:curbs|restrictions|crackdown) on (?:the )?(?:media|press|journalists|free speech)",
        r"freedoms? of (?:opinion and )?expression",
        r"censorship",
        r"internet (?:shutdown|blackout)s?",
        r"(?:cut|shut down|blocked|restricted) (?:\w+ )?(?:the )?internet",
        r"communications blackout",
        r"(?:jailed|arrested|detained|imprisoned) (?:\w+ ){0,3}journalists",
        r"journalists (?:were |have been )?(?:jailed|arrested|detained|imprisoned)",
        r"blocking (?:\w+ )?media",
        r"free speech",
        r"freedom of the press",
        r"press freedom",
    ],
    "freedom_of_association": [
        r"assembly and association",
        r"freedoms? of (?:[\w ,]+? )?association",
        r"freedoms? of (?:[\w ]+, )*association",
        r"freedom of association",
        r"(?:banned|banning|dissolved) (?:\w+ )?(?:parties|unions|ngos|associations)",
        r"right to associate",
        r"expression, association",
    ],
    "freedom_of_assembly": [
        r"freedoms? of (?:[\w ,]+? )?assembly",
        r"association and (?:peaceful )?assembly",
        r"participation in (?:demonstrations|protests)",
        r"(?:repress\w*|deter\w*|crack\w* down on) (?:\w+ ){0,3}(?:assembl\w+|demonstrations|protests|demonstrators|protesters)",
        r"management of assemblies",
        r"peaceful assembly",
        r"freedom of assembly",
        r"assembly and association",
        r"peaceful (?:protesters|demonstrators|protests?|gatherings?|sit-in)",
        r"right to protest",
        r"(?:crush|crushed|crushing|suppress\w*|disperse\w*) (?:\w+ ){0,3}(?:protests?|demonstrations|gatherings)",
    ],
    "persecution_of_dissidents": [
        r"persecution (?:against|of) (?:\w+ )?dissidents",
        r"harassment",
        r"intimidat",
        r"dissidents?",
        r"dissent\b",
        r"human rights defenders",
        r"political opponents",
        r"(?:targeting|targeted|persecuting|persecuted) (?:\w+ ){0,3}(?:activists|lawyers|critics|opponents)",
        r"reprisals? against",
        r"opposition (?:figures|leaders|activists)",
    ],
    "womens_rights": [
        r"gender-based discrimination",
        r"(?:islamic )?dress code",
        r"(?:violations|discrimination|violence) against women",
        r"women'?s rights",
        r"women’s rights",
        r"compulsory (?:veil|hijab)",
        r"hijab laws?",
        r"women and girls",
    ],
    "minority_rights": [
        r"\b[A-Z][\w’'-]+ (?:and [A-Z][\w’'-]+ )?(?:communities|minority|minorities)\b",
        r"minorit(?:y|ies)",
        r"ethnic (?:groups?|communities)",
        r"religious (?:groups?|communities)",
        r"\bRohingya\b",
        r"\bUyghurs?\b",
        r"\bBaha['’]?is?\b",
    ],
    "sexual_violence": [
        r"sexual and gender-based violence",
        r"\brap(?:e|es|ed|ing)\b",
        r"sexual (?:violence|abuse|assault|torture)",
        r"sexually abused",
    ],
    "crime_against_humanity": [r"crimes? against humanity"],
    "genocide": [r"\bgenocid(?:e|al)\b(?! convention)"],
    "displacement": [
        r"forc(?:ed|ibly) (?:displacement|displaced|expelled|deported|transferred)",
        r"displaced",
        r"displacement",
        r"deport(?:ed|ing|ation)",
        r"fled (?:their homes|the country|across)",
        r"\brefugees\b",
        r"expulsions?",
    ],
}

INSTRUMENT_CUES: dict[str, list[str]] = {
    "UDHR": [r"Universal Declaration of Human Rights", r"\bUDHR\b"],
    "ICCPR": [
        r"International Covenant on Civil and Political Rights",
        r"\bICCPR\b",
        r"International Covenants\b",
    ],
    "ICCPR-OP2": [
        r"Second Optional Protocol",
        r"Optional Protocol to the International Covenant on Civil and Political Rights,? aiming",
    ],
    "ICESCR": [
        r"International Covenant on Economic,? Social and Cultural Rights",
        r"\bICESCR\b",
        r"International Covenants\b",
    ],
    "CAT": [r"Convention against Torture", r"\bUNCAT\b", r"\bCAT\b"],
    "CRC": [r"Convention on the Rights of the Child", r"\bCRC\b", r"\bUNCRC\b"],
    "CEDAW": [r"Discrimination against Women", r"\bCEDAW\b"],
    "CERD": [r"Elimination of (?:All Forms of )?Racial Discrimination", r"\bCERD\b", r"\bICERD\b"],
    "CRPD": [r"Rights of Persons with Disabilities", r"\bCRPD\b"],
    "CPED": [
        r"Protection of All Persons from Enforced Disappearance",
        r"\bCPED\b",
        r"Convention on Enforced Disappearances?",
    ],
    "ROME": [r"Rome Statute"],
    "GENEVA": [r"Geneva Conventions?", r"Common Article 3", r"Additional Protocols? (?:I|II)\b"],
    "GENOCIDE": [r"Genocide Convention", r"Prevention and Punishment of the Crime of Genocide"],
    "REFUGEE": [r"1951 (?:Refugee )?Convention", r"Refugee Convention", r"Status of Refugees"],
    "ECHR": [r"European Convention (?:on|for the Protection of) Human Rights", r"\bECHR\b"],
    "ACHR": [r"American Convention on Human Rights", r"Pact of San José"],
    "ACHPR": [r"African Charter on Human and Peoples['’] Rights", r"\bACHPR\b", r"Banjul Charter"],
    "MANDELA": [
        r"Nelson Mandela Rules",
        r"Mandela Rules",
        r"Standard Minimum Rules for the Treatment of Prisoners",
    ],
    "BPUFF": [r"Basic Principles on the Use of Force and Firearms"],
    "ISTANBUL": [r"Istanbul Protocol"],
    "MINNESOTA": [r"Minnesota Protocol"],
}


# Cues with no capital letter run case-sensitively on a lower-cased copy of the text, which is much
# faster than IGNORECASE and finds the same matches; the others keep IGNORECASE on the text itself.
def _cased(pattern: str) -> bool:
    return re.search(r"[A-Z]", re.sub(r"\\[A-Za-z]", "", pattern)) is not None


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    on_lower: bool  # searched in the lower-cased text
    guard: Guard  # skips the pattern on most texts
    local: bool  # its matches hold a plain literal of the guard and stay between full stops

    @classmethod
    def make(cls, source: str, flags: int, on_lower: bool) -> Cue:
        pattern = re.compile(source, flags)
        guard = Guard.of(pattern)
        local = guard.needles is not None and guard.needle_re is None and stays_between_stops(pattern)
        return cls(pattern, on_lower, guard, local)

    def search(self, haystack: Haystack, pos: int, before: int | None = None) -> re.Match[str] | None:
        """The first match from ``pos``; with ``before``, only one starting before it counts."""
        text = haystack.lower if self.on_lower else haystack.text
        if self.local:  # only the stretches between full stops where a literal it needs occurs
            stops = haystack.stops(self.on_lower)
            found = haystack.occurrences
            return first_in_stretches(self.pattern, text, pos, self.guard.needles, stops, before, found)  # type: ignore[arg-type]
        m = self.pattern.search(text, pos) if self.guard.may_match(text) else None
        return m if m is None or before is None or m.start() < before else None


class Haystack:
    """A text and its lower-cased copy, with where their full stops and semicolons are (found once)."""

    def __init__(self, text: str, lower: str) -> None:
        self.text, self.lower = text, lower
        self._stops: dict[bool, list[int]] = {}
        self._found: dict[tuple[bool, str, int], list[int]] = {}

    def occurrences(self, text: str, needle: str, pos: int) -> list[int]:
        """Where a literal occurs in the text or its lower-cased copy (found once, as cues share them)."""
        key = (text is self.lower, needle, pos)
        if key not in self._found:
            self._found[key] = occurrences(text, needle, pos)
        return self._found[key]

    def stops(self, on_lower: bool) -> list[int]:
        if on_lower not in self._stops:
            self._stops[on_lower] = stop_positions(self.lower if on_lower else self.text)
        return self._stops[on_lower]


_VIOLATIONS = {
    c: [Cue.make(p, re.IGNORECASE, False) if _cased(p) else Cue.make(p, 0, True) for p in ps]
    for c, ps in VIOLATION_CUES.items()
}
_VIOLATIONS_ANY_CASE = {
    c: [Cue.make(p, re.IGNORECASE, False) for p in ps] for c, ps in VIOLATION_CUES.items()
}
_INSTRUMENTS = {c: [Cue.make(p, 0, False) for p in ps] for c, ps in INSTRUMENT_CUES.items()}


def _coded(text: str, lower: str, table: dict[str, list[Cue]], body_start: int) -> list[CodedMention]:
    out = []
    haystack = Haystack(text, lower)
    for code, cues in table.items():
        # the earliest match of any cue (the first cue on a tie): a later cue counts only before it
        first: re.Match[str] | None = None
        for cue in cues:
            m = cue.search(haystack, body_start, first.start() if first else None)
            if m is not None:
                first = m
        if first is not None:
            out.append(CodedMention(code, (first.start(), first.end())))
    return sorted(out, key=lambda c: (c.span, c.code))


def violations(text: str, body_start: int = 0) -> list[CodedMention]:
    lower = text.lower()
    # lower() keeps offsets only when no character changes length (e.g. "İ" becomes two)
    table = _VIOLATIONS if len(lower) == len(text) else _VIOLATIONS_ANY_CASE
    return _coded(text, lower, table, body_start)


def instruments(text: str, body_start: int = 0) -> list[CodedMention]:
    return _coded(text, text, _INSTRUMENTS, body_start)
