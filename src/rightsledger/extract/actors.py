"""People, organisations, states and groups named in a document, with aliases.

Names are runs of capitalised words (joined by "of", "for", "the", ...);
a run is split into a title and a person's name where it starts with title
words ("UN High Commissioner for Human Rights Michelle Bachelet"), an
acronym in brackets becomes an alias ("... of Iran (NCRI)"), and a person's
surname, a title given in apposition and "the <title>" refer back to them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from rightsledger.domain import Actor
from rightsledger.extract.gazetteer import (
    COUNTRIES,
    DEMONYMS,
    FUNCTION_WORDS,
    INSTRUMENT_WORDS,
    MONTHS,
    ORG_WORDS,
    PERSON_TITLES,
    PLACE_WORDS,
    TITLE_WORDS,
    WEEKDAYS,
)
from rightsledger.extract.literals import simple_case, stays_between_stops, stretches_with, trie_alternation

_CAP = r"(?:[A-Z][\w’'\-.]*[\w]|[A-Z]\.?|#\w+)"
# names never run across a line break (a headline's last word and the next line's first are two names)
_JOIN = r"(?:[ \t]+(?:of|for|on|and|de|del|la|the|to|al-|bin|van|von)\b)*"
NAME_RE = re.compile(rf"{_CAP}(?:{_JOIN}[ \t]+{_CAP})*")
ACRONYM_AFTER = re.compile(r"\s*\((?P<acr>[A-Z][A-Za-z.]{1,9})\)")
ORG_ONLY = ORG_WORDS - TITLE_WORDS
POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")
_TITLED = frozenset(w.lower() for w in TITLE_WORDS)
_DEMONYM_REGIME = re.compile(
    r"\b(?:the\s+)?(" + "|".join(DEMONYMS) + r")\s+(regime|government|authorities)\b"
)
_REGIME_WORD = re.compile(r"regime|government|authorities")
assert stays_between_stops(_DEMONYM_REGIME), "a demonym with a full stop: search _DEMONYM_REGIME whole"
_DEMONYMS_OF: dict[str, list[str]] = {}
for _demonym, _country in DEMONYMS.items():
    _DEMONYMS_OF.setdefault(_country, []).append(_demonym)


@dataclass
class ActorRecord:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    first: int = 0

    def title_words(self) -> frozenset[str]:
        """Lower-cased words of the name and titles (cached until a title is added)."""
        key = (len(self.titles), self.name)
        if getattr(self, "_title_key", None) != key:
            self._title_key = key
            self._title_words = frozenset(
                w.lower() for t in [*self.titles, self.name] for w in re.split(r"[\s-]+", t)
            )
        return self._title_words

    def add_alias(self, alias: str) -> None:
        alias = alias.strip()
        if alias and alias not in self.aliases:
            self.aliases.append(alias)

    def to_actor(self) -> Actor:
        return Actor(
            self.name, self.type, tuple(sorted(set(self.aliases) | {self.name})), (self.first, self.first)
        )


def lower_case_words(text: str) -> frozenset[str]:
    """Every word the text writes in lower case (hyphenated words whole, as the rules compare them)."""
    return frozenset(w for w in set(re.findall(r"[\w-]+", text)) if w.islower())


def _is_common_word(word: str, lower_words: frozenset[str]) -> bool:
    """A function word, or a word the text also writes in lower case (so an ordinary word)."""
    lower = word.lower()
    return word in FUNCTION_WORDS or (lower != word and lower in lower_words)


def _classify(name: str) -> str | None:
    words = name.replace("’s", "").split()
    if name in COUNTRIES or name.removeprefix("the ") in COUNTRIES:
        return "state"
    if any(w in ORG_WORDS for w in words) or (len(words) == 1 and name.isupper() and len(name) > 1):
        return "organization"
    if len(words) == 1:
        return None  # one unknown capitalised word: too weak to name anyone
    return "person"


def _split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """Leading title words and the trailing name ('Interior Minister Yuri Karayev')."""
    i = len(words)
    while i > 0 and words[i - 1] not in TITLE_WORDS and words[i - 1] not in ORG_WORDS:
        i -= 1
    title = words[:i]
    # keep only the run of title words next to the name ("24 November of" is no title)
    j = len(title)
    while j > 0 and title[j - 1] in TITLE_WORDS:
        j -= 1
    title = title[j:]
    while title and title[0] in ("of", "for", "the", "on"):
        title.pop(0)
    return title, words[i:]


class ActorIndex:
    """The actors of one document, looked up by any alias or title word."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower_words = lower_case_words(text)
        self.records: list[ActorRecord] = []
        self._by_alias: dict[str, ActorRecord] = {}
        self._scan()
        self._found: dict[str, ActorRecord | None] = {}

    # -- building ---------------------------------------------------------------------------------
    def _record(self, name: str, kind: str, pos: int) -> ActorRecord:
        rec = self._by_alias.get(name.lower())
        if rec is None:
            rec = ActorRecord(name, kind, [name], first=pos)
            self.records.append(rec)
        self._by_alias[name.lower()] = rec
        return rec

    def _alias(self, rec: ActorRecord, alias: str) -> None:
        rec.add_alias(alias)
        self._by_alias.setdefault(alias.lower(), rec)

    def _scan(self) -> None:
        text = self.text
        for m in NAME_RE.finditer(text):
            raw = POSSESSIVE.sub("", m.group(0))
            words = raw.split()
            line_start = m.start() == 0 or self.text[m.start() - 1] == "\n"
            if line_start and words and words[0].isupper() and len(words[0]) > 3:
                words.pop(0)  # a dateline or marker: "GENEVA (31 January 2022)", "ENDS"
            # sentence-initial ordinary words ("Since", "Figures") are not names; mid-sentence, a
            # capitalised run is a name even if its words are ordinary ("Human Rights Watch said")
            sentence_start = re.search(
                r"(?:^|[.!?:;]\s+|\n\s*|[“\"‘(]\s*|[–—]\s+)$", self.text[max(0, m.start() - 3) : m.start()]
            )
            while (
                words
                and (sentence_start or words[0] in FUNCTION_WORDS)
                and _is_common_word(words[0], self.lower_words)
                and not words[0].isupper()
            ):
                words.pop(0)
            while words and words[-1] in {"of", "for", "on", "and", "the", "to", "de"}:
                words.pop()
            words = [w for w in words if not w.endswith("-based")]
            if not words or (len(words) == 1 and len(words[0]) < 2) or words == ["I"]:
                continue
            name = " ".join(words)
            start = m.start() + m.group(0).find(words[0])
            if any(w in INSTRUMENT_WORDS for w in words) or name.lower() in MONTHS or name in WEEKDAYS:
                continue
            if all(w.lower() in MONTHS or w in WEEKDAYS for w in words):
                continue
            if name in DEMONYMS:
                self._alias(self._record(DEMONYMS[name], "state", start), name)
                continue
            title, person = _split_title(words)
            if self._person(words, title, person, start, m):
                continue
            if (
                all(w in TITLE_WORDS or (w.isupper() and w.lower() in self._by_alias) for w in words)
                and not any(w in ORG_WORDS for w in words)
            ) or (len(words) == 1 and words[0] in ORG_WORDS):
                continue  # a role ("the High Commissioner"), resolved later by ActorIndex.find
            if words[0] in TITLE_WORDS and any(w in ORG_WORDS for w in words):
                # "President of the National Council of Resistance of Iran": the organisation
                k = next((i for i in range(len(words)) if words[i] in ("of", "for")), None)
                if k is not None and words[k + 1 :]:
                    words = [w for w in words[k + 1 :]]
                    while words and words[0] == "the":
                        words.pop(0)
                    name = " ".join(words)
            kind = _classify(name)
            if kind is None or kind == "person":
                continue  # not an organisation or state, and _person did not take it as a name
            rec = self._by_alias.get(name.lower()) or self._record(name, kind, start)
            acr = ACRONYM_AFTER.match(text, m.end())
            if acr:
                self._alias(rec, acr.group("acr"))
        self._demonym_regimes()
        self._fold_demonym_states()
        self._index_mentions()

    def _index_mentions(self) -> None:
        """Every place an alias occurs, so a pronoun or "the group" can find the nearest actor before it."""
        aliases = sorted((a for a in self._by_alias if len(a) >= 2), key=len, reverse=True)
        mentions: list[tuple[int, ActorRecord, bool]] = []
        if aliases:
            # one pass over the text with every alias at once (longest first), not one pass per alias
            # a long document names hundreds of actors, and a flat alternation tries each at every
            # character: then as a trie, which finds the same (aliases are lower case and differ in plain
            # letters); for a few dozen, building the trie costs more than it saves
            many = len(aliases) > 150 and simple_case(aliases)
            body = trie_alternation(aliases) if many else "|".join(map(re.escape, aliases))
            pattern = re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", re.IGNORECASE)
            for m in pattern.finditer(self.text):
                alias = m.group(0).lower()
                rec = self._by_alias.get(alias)
                if rec is None or (alias.islower() and not self.text[m.start()].isupper()):
                    continue
                # an actor after a preposition is rarely the one a later pronoun refers to
                governed = (
                    re.search(
                        r"\b(?:of|by|to|for|against|with|from|on|at|in|into)\s+(?:the\s+)?$",
                        self.text[max(0, m.start() - 20) : m.start()],
                    )
                    is not None
                )
                mentions.append((m.start(), rec, governed))
        self.mentions = mentions  # in text order
        self.mention_starts = [start for start, _rec, _governed in mentions]

    def last_mentioned(self, pos: int, *, person: bool, free_only: bool = True) -> ActorRecord | None:
        """The nearest actor of the right kind mentioned before ``pos``."""
        for k in range(bisect_left(self.mention_starts, pos) - 1, -1, -1):
            start, rec, governed = self.mentions[k]
            if start >= pos or (governed and free_only):
                continue
            if (rec.type == "person") == person and rec.type != "state":
                return rec
        return None

    def _person(
        self, words: list[str], title: list[str], person: list[str], start: int, m: re.Match[str]
    ) -> bool:
        """Record a person if the run ends in a personal name; True if it did."""
        pname = " ".join(person)
        if not person or len(person) > 4 or pname in COUNTRIES or pname in DEMONYMS:
            return False
        existing = self._by_alias.get(pname.lower())
        if existing is not None and existing.type != "person":
            return False
        if any(w in ORG_ONLY for w in words[: len(words) - len(person)]) and not title:
            return False
        if existing is None and not self._looks_like_name(person):
            return False
        if len(person) == 1:
            existing = existing or self._surname_owner(pname)
            if existing is None and not (title and title[-1] in PERSON_TITLES):
                return False  # a lone capitalised word with no personal title: too weak to call a person
        elif any(w in ORG_ONLY for w in title) or (not title and _classify(pname) != "person"):
            return False
        rec = existing or self._record(pname, "person", start + len(" ".join(title)) + (1 if title else 0))
        if len(person) > 1:
            self._alias(rec, person[-1])
        if title:
            t = " ".join(title)
            rec.titles.append(t)
            self._alias(rec, t)
        self._appositive_title(rec, m.start(), m.end())
        return True

    def _looks_like_name(self, person: list[str]) -> bool:
        """Capitalised words that are not ordinary words elsewhere in lower case ('Sexual Violence')."""
        for w in person:
            if w.lower() in {"of", "for", "the", "and", "on", "to"} or (w.isupper() and len(w) > 1):
                return False
            if w.endswith(".") and len(w) <= 3 and w not in ("Jr.", "Sr."):
                return False  # an initial alone ("C.A") is not a name on its own
            if _is_common_word(w, self.lower_words) or w in PLACE_WORDS:
                return False
        return True

    def _surname_owner(self, word: str) -> ActorRecord | None:
        for rec in self.records:
            if rec.type == "person" and rec.name.split()[-1] == word:
                return rec
        return None

    def _appositive_title(self, rec: ActorRecord, start: int, end: int) -> None:
        """'The President of the NCRI, Maryam Rajavi,' / 'Maryam Rajavi, Director of X,' -> titles."""
        before = self.text[max(0, start - 200) : start]
        if re.search(r",\s*$", before):
            seg = re.split(r"[.;:\n–—]\s*", before.rstrip().rstrip(","))[-1].strip()
            seg = re.sub(r"\s*\([^)]*\)$", "", seg)
            seg = re.sub(r"^(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er)\s+", "", seg)
            if seg[:1].isupper() and _looks_like_title(seg):
                self._title(rec, seg)
        after = self.text[end : end + 160]
        m = re.match(
            r",\s+((?:the\s+)?[A-Z][^,;:\n]{2,150}?)(?:,|\s+(?:said|says|told|has|had|was|is|who)\b)", after
        )
        if m and _looks_like_title(m.group(1)):
            self._title(rec, m.group(1))

    def _title(self, rec: ActorRecord, title: str) -> None:
        title = re.sub(r"^(?:the|The)\s+", "", title.strip())
        rec.titles.append(title)
        self._alias(rec, title)

    def _demonym_regimes(self) -> None:
        # each match ends in one of these words and holds no full stop: only the stretches between full
        # stops holding one are searched
        found = (
            m
            for a, b in stretches_with(self.text, _REGIME_WORD)
            for m in _DEMONYM_REGIME.finditer(self.text, a, b)
        )
        for m in found:
            state = DEMONYMS[m.group(1)]
            rec = self._by_alias.get(state.lower()) or self._record(state, "state", m.start())
            self._alias(rec, m.group(0).removeprefix("the ").removeprefix("The "))

    def _fold_demonym_states(self) -> None:
        """'the Russian delegation' and 'the Russian Federation' are one state, named as the text names it."""
        for rec in list(self.records):
            if rec.type != "state":
                continue
            for other in self.records:
                if other is rec or other.type != "state":
                    continue
                if any(other.name.startswith(f"{d} ") for d in _DEMONYMS_OF.get(rec.name, ())):
                    for alias in rec.aliases:
                        other.add_alias(alias)
                        self._by_alias[alias.lower()] = other
                    self.records.remove(rec)
                    break

    # -- lookup -----------------------------------------------------------------------------------
    def find(self, phrase: str) -> ActorRecord | None:
        """The actor a phrase names: an alias, a surname, or a title head noun ('the Special Rapporteur')."""
        # the index no longer changes once built: a phrase looked up again gets the same answer
        if phrase not in self._found:
            self._found[phrase] = self._find(phrase)
        return self._found[phrase]

    def _find(self, phrase: str) -> ActorRecord | None:
        p = re.sub(r"^(?:the|The)\s+", "", POSSESSIVE.sub("", phrase.strip()))
        if not p:
            return None
        rec = self._by_alias.get(p.lower())
        if rec:
            return rec
        head = p.split()[-1].lower()
        if head.split("-")[0] in _TITLED:
            found = self._by_title(head)
            if found:
                return found
        # a name inside the phrase ("Amnesty’s Diana Eltahawy", "Governor Sanwo-Olu")
        best = None
        low = p.lower()
        for alias, r in self._by_alias.items():
            if (
                len(alias) > 2
                and alias in low  # cheap test first; the pattern checks word boundaries
                and re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", low)
                and (
                    best is None
                    or len(alias) > len(best[0])
                    or (r.type == "person" and best[1].type != "person")
                )
            ):
                best = (alias, r)
        if best:
            return best[1]
        return self._by_title(head)

    def _by_title(self, head: str) -> ActorRecord | None:
        heads = {head, head.split("-")[0], head.rstrip("s")}
        for rec in reversed(self.records):
            if heads & rec.title_words():
                return rec
        return None

    def actors(self) -> list[Actor]:
        return [r.to_actor() for r in sorted(self.records, key=lambda r: r.first)]


def _looks_like_title(phrase: str) -> bool:
    words = re.split(r"[\s-]+", phrase)
    return (
        any(w in TITLE_WORDS - {"of", "for", "the", "on", "Human", "Rights"} for w in words)
        and len(words) <= 20
    )
