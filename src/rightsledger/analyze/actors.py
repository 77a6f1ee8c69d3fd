"""Canonical actors: the people, organisations and states of many reports linked into one.

Each actor fact (one per name per document, with its aliases) becomes a mention.  Two
mentions are linked, with a score, when

- their names are the same after normalising case, accents, apostrophes, a leading "the",
  a leading "UN"/"United Nations" and a country's possessive ("Peru's Ombudsman's Office");
  state names are folded to one short name ("Islamic Republic of Iran" = "Iran");
- one is an acronym of the other ("OHCHR" = "Office of the High Commissioner for Human
  Rights"), as long as no other full name in the ledger has the same acronym;
- a bare surname ("Tokayev") is the surname of a full name: in one document when only one
  full name there has that surname, across documents only with a shared title alias
  ("President") and a shared country context.

Linking is conservative.  Two full personal names that differ are never merged
automatically (not "Ali Khamenei" with "Mojtaba Khamenei"), a person is never merged with
an organisation, and names made only of institutional words ("Interior Ministry",
"Ombudsman's Office", "Supreme Court") are merged across documents only when the documents
are about the same country, unless they are international bodies ("General Assembly").
A document's country context is the states it names most often.

Grouping is greedy over a content-defined order, so the same facts always give the same
groups; reviewers merge and split actors with decisions stored like events' (the
``event_decisions`` table, whose ``event`` column then holds an ``ac-`` id).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rightsledger.analyze.entities import Decision
from rightsledger.analyze.reconcile import AnalyzeError
from rightsledger.extract.gazetteer import COUNTRIES, DEMONYMS, TITLE_WORDS

if TYPE_CHECKING:
    from rightsledger.store import Ledger, StoredFact

ID_PREFIX = "ac-"
# link scores: how likely two mentions name one actor
SAME_DOCUMENT = 1.0  # the same name twice in one document
SAME_NAME = 0.95  # the same organisation or state name in two documents
SAME_PERSON = 0.9  # the same full personal name, documents about the same country
SAME_PERSON_ELSEWHERE = 0.8  # the same full personal name, documents about different countries
ACRONYM = 0.85
SURNAME_IN_DOCUMENT = 0.8
SURNAME_AND_TITLE = 0.7

# Formal and short names of states that reports use interchangeably (UN member-state short
# names, https://www.un.org/en/about-us/member-states).  Deliberately a table, not a rule:
# "Republic of Korea" and "Democratic People's Republic of Korea" are two states.
STATE_NAMES = {
    "islamic republic of iran": "iran",
    "russian federation": "russia",
    "democratic people's republic of korea": "north korea",
    "dprk": "north korea",
    "republic of korea": "south korea",
    "united states of america": "united states",
    "us": "united states",
    "usa": "united states",
    "u.s.": "united states",
    "united kingdom of great britain and northern ireland": "united kingdom",
    "uk": "united kingdom",
    "syrian arab republic": "syria",
    "republic of the union of myanmar": "myanmar",
    "burma": "myanmar",
    "people's republic of china": "china",
    "prc": "china",
    "bolivarian republic of venezuela": "venezuela",
    "republic of belarus": "belarus",
    "plurinational state of bolivia": "bolivia",
    "lao people's democratic republic": "laos",
    "republic of moldova": "moldova",
    "united republic of tanzania": "tanzania",
    "viet nam": "vietnam",
    "türkiye": "turkey",
    "turkiye": "turkey",
    "kingdom of saudi arabia": "saudi arabia",
    "kingdom of bahrain": "bahrain",
    "federal democratic republic of ethiopia": "ethiopia",
    "federal republic of nigeria": "nigeria",
}
# International bodies with generic-looking names: one body whichever country a report is about.
INTERNATIONAL = frozenset(
    {
        "general assembly",
        "security council",
        "human rights council",
        "human rights committee",
        "third committee",
        "economic and social council",
        "international court of justice",
        "international criminal court",
        "office of the high commissioner for human rights",
        "committee against torture",
        "committee on the rights of the child",
        "working group on arbitrary detention",
        "working group on enforced or involuntary disappearances",
        "secretary-general",
        "african union",
        "european union",
        "european parliament",
        "european court of human rights",
        "inter-american commission on human rights",
        "inter-american court of human rights",
        "organization of american states",
    }
)
# Other names of international bodies (OHCHR calls itself "UN Human Rights").
BODY_NAMES = {
    "human rights office": "office of the high commissioner for human rights",
    "un human rights": "office of the high commissioner for human rights",
    "office of the un high commissioner for human rights": "office of the high commissioner for human rights",
    "office of the united nations high commissioner for human rights": (
        "office of the high commissioner for human rights"
    ),
    "eu": "european union",
    "au": "african union",
}
_FUNCTION = frozenset({"of", "the", "for", "on", "and", "de", "del", "la", "in", "to", "at", "a", "an"})
_TITLE_WORDS = frozenset(w.lower() for w in TITLE_WORDS) - _FUNCTION
_UN_PREFIX = re.compile(r"^(?:un|u\.n\.|united nations)\s+")
_POSSESSIVE = re.compile(r"^(?P<country>.+?)'s\s+(?P<rest>.+)$")
_ACRONYM = re.compile(r"[A-Z][A-Z.&]{1,9}")
_WORDS = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


@lru_cache(maxsize=65536)  # the same few names are folded for every report
def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces, no edge punctuation."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split()).strip(' .,;:"()')


# Words of institutions any country has; a name made only of these needs a country context.
_INSTITUTION_TEXT = """
    ministry ministries office court courts committee council commission assembly police army
    forces force government parliament prosecutor prosecutor's attorney general general's public
    supreme district appeal appeals national interior foreign affairs health information defence
    defense justice security service services investigative ombudsman ombudsman's human rights
    state federal central department agency guard group working high commissioner inquiry
    institute special electoral election presidential constitutional judiciary military cabinet
    senate congress prison prisons bureau unit squad authority authorities tribunal commissioner's
    regional provincial city municipal interior's staff chief chiefs joint team core panel civil
    criminal investigation investigations internal external emergency prosecution procuracy
    intelligence border economic social education labour labor women family children child youth
    development council's defensoría del pueblo fiscalía procuraduría ministerio colegio médico
    médica clínica nacional de la los las
"""
_INSTITUTION_WORDS = frozenset(fold(w) for w in _INSTITUTION_TEXT.split())
_STATES = {fold(c): fold(c) for c in COUNTRIES} | {fold(k): v for k, v in STATE_NAMES.items()}
_STATES |= {fold(d): _STATES.get(fold(c), fold(c)) for d, c in DEMONYMS.items()}


def state_key(name: str) -> str | None:
    """The short name of the state ``name`` names (a country, formal name or demonym), or None."""
    key = re.sub(r"^the\s+", "", fold(name))
    found = _STATES.get(key)
    return STATE_NAMES.get(found, found) if found else None


def name_key(name: str) -> tuple[str, str | None]:
    """(normalised name, country named in a possessive prefix) used to compare names."""
    key = re.sub(r"^the\s+", "", fold(name))
    country = None
    match = _POSSESSIVE.match(key)
    if match and state_key(match["country"]):
        country, key = state_key(match["country"]), match["rest"]
    state = state_key(key)
    if state:
        return state, country
    key = _UN_PREFIX.sub("", key)
    return BODY_NAMES.get(key, key), country


def acronym_of(name: str) -> str | None:
    """Initials of a multi-word name's content words: 'Human Rights Council' -> 'HRC'."""
    words = [w for w in re.split(r"[\s\-]+", _UN_PREFIX.sub("", fold(name))) if w and w not in _FUNCTION]
    if len(words) < 2 or not all(w[0].isalpha() for w in words):
        return None
    return "".join(w[0] for w in words).upper()


def bare_acronym(name: str) -> str | None:
    """'OHCHR' for 'OHCHR', 'UN OHCHR' or 'U.N.H.C.R.'; None when the name is not an acronym."""
    text = re.sub(r"^(?:UN|U\.N\.)\s+", "", name.strip())
    if not _ACRONYM.fullmatch(text):
        return None
    letters = text.replace(".", "").replace("&", "")
    return letters if len(letters) >= 2 and letters.isalpha() else None


def is_title(alias: str) -> bool:
    """An alias that is a role ('President', 'Secretary of State'), not a name."""
    words = [w for w in _WORDS.findall(fold(alias)) if w not in _FUNCTION]
    return bool(words) and any(w in _TITLE_WORDS for w in words)


def is_generic(key: str) -> bool:
    """A name made only of institutional words ('interior ministry'): many countries have one."""
    words = [w for w in _WORDS.findall(key) if w not in _FUNCTION]
    return bool(words) and all(w in _INSTITUTION_WORDS for w in words) and key not in INTERNATIONAL


@dataclass(frozen=True)
class ActorMention:
    """One actor fact of one document."""

    document_id: int
    sha256: str
    name: str
    type: str  # person | organization | state | group
    aliases: tuple[str, ...] = ()
    span: tuple[int, int] | None = None  # the first mention
    title: str | None = None  # the document's
    fact_id: int | None = None

    @property
    def order(self) -> tuple[str, int, str]:
        """Content-defined order: document hash, first mention, name."""
        return (self.sha256, self.span[0] if self.span else -1, self.name)


@dataclass(frozen=True)
class ActorMember:
    mention: ActorMention
    link: float | None  # score of its best link when it joined; None for the first member
    reason: str = ""  # why it was linked: same name, acronym, surname, reviewer


@dataclass(frozen=True)
class ActorRole:
    """A statement, count or demand of one document attributed to a canonical actor."""

    type: str  # statements | counts | demands
    fact_id: int | None
    document_id: int
    sha256: str
    span: tuple[int, int] | None
    named: str  # the speaker / claimant / demander as the fact names them
    data: Mapping[str, Any] = field(default_factory=dict)  # the fact as reviewed
    quote: str = ""
    title: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "fact": self.fact_id,
            "document": {"id": self.document_id, "sha256": self.sha256, "title": self.title},
            "span": list(self.span) if self.span else None,
            "named": self.named,
            "quote": self.quote,
            "data": dict(self.data),
        }


@dataclass(frozen=True)
class CanonicalActor:
    id: str  # ac- + 10 hex digits
    name: str
    kind: str  # the members' most common type: person | organization | state | group
    aliases: tuple[str, ...]  # every other surface form of the members, most frequent first
    confidence: float  # the weakest link in the group (1.0 for one mention)
    members: tuple[ActorMember, ...]
    statements: tuple[ActorRole, ...] = ()
    claims: tuple[ActorRole, ...] = ()  # counts the actor is the claimant of
    demands: tuple[ActorRole, ...] = ()

    @property
    def documents(self) -> tuple[str, ...]:
        """SHA-256 of the documents naming the actor, in member order."""
        return tuple(dict.fromkeys(m.mention.sha256 for m in self.members))

    @property
    def fact_ids(self) -> tuple[int, ...]:
        return tuple(m.mention.fact_id for m in self.members if m.mention.fact_id is not None)

    def summary_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "confidence": self.confidence,
            "documents": len(self.documents),
            "facts": list(self.fact_ids),
            "statements": len(self.statements),
            "claims": len(self.claims),
            "demands": len(self.demands),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            **self.summary_json(),
            "documents": [
                {
                    "sha256": sha,
                    "title": next(m.mention.title for m in self.members if m.mention.sha256 == sha),
                }
                for sha in self.documents
            ],
            "members": [
                {
                    "fact": m.mention.fact_id,
                    "document_id": m.mention.document_id,
                    "sha256": m.mention.sha256,
                    "title": m.mention.title,
                    "name": m.mention.name,
                    "type": m.mention.type,
                    "aliases": list(m.mention.aliases),
                    "span": list(m.mention.span) if m.mention.span else None,
                    "link": m.link,
                    "reason": m.reason,
                }
                for m in self.members
            ],
            "statements": [r.to_json() for r in self.statements],
            "claims": [r.to_json() for r in self.claims],
            "demands": [r.to_json() for r in self.demands],
        }


# -- linking ----------------------------------------------------------------------------------


@dataclass
class _Profile:
    """What linking needs to know about one mention, computed once."""

    mention: ActorMention
    key: str
    person: bool
    tokens: tuple[str, ...]
    titles: frozenset[str]
    countries: frozenset[str]  # the document's country context (and a possessive prefix's)
    generic: bool
    expansion: str | None = None  # a bare acronym's full name key
    shared_surname: bool = False  # two different full names of its document end in its surname

    @property
    def full_name(self) -> bool:
        return self.person and len(self.tokens) >= 2


def _profile(mention: ActorMention, countries: frozenset[str]) -> _Profile:
    key, country = name_key(mention.name)
    tokens = tuple(_WORDS.findall(key))
    person = mention.type == "person"
    generic = is_generic(key) if mention.type != "state" else False
    if person and any(t in _INSTITUTION_WORDS - _FUNCTION and t not in ("de", "la") for t in tokens):
        # a mistyped institution ("Defensoría del Pueblo" as a person): an organisation's rules
        person = False
        generic = is_generic(key)
    titles = frozenset(fold(a) for a in mention.aliases if is_title(a))
    return _Profile(
        mention,
        key,
        person,
        tokens,
        titles,
        countries | ({country} if country else frozenset()),
        generic,
    )


def _conflict(a: _Profile, b: _Profile) -> bool:
    """True when two mentions cannot be one actor without a reviewer saying so."""
    if a.person != b.person:
        return True
    if a.full_name and b.full_name and a.key != b.key:
        return True  # two different full names: never merged automatically
    same_doc = a.mention.sha256 == b.mention.sha256
    return not same_doc and (a.generic or b.generic) and not (a.countries & b.countries)


def _score(a: _Profile, b: _Profile) -> tuple[float, str]:
    """(score, reason) of a link between two mentions; score 0 when they are not linked."""
    if _conflict(a, b):
        return 0.0, ""
    same_doc = a.mention.sha256 == b.mention.sha256
    ka, kb = a.expansion or a.key, b.expansion or b.key
    if ka == kb:
        if a.expansion or b.expansion:
            return (ACRONYM, "acronym") if a.key != b.key or not same_doc else (SAME_DOCUMENT, "same name")
        if same_doc:
            return SAME_DOCUMENT, "same name"
        if a.person:
            shared = bool(a.countries & b.countries)
            return (SAME_PERSON if shared else SAME_PERSON_ELSEWHERE), "same name"
        return SAME_NAME, "same name"
    if a.person and a.tokens and b.tokens and a.tokens[-1] == b.tokens[-1] and a.full_name != b.full_name:
        if same_doc and not (a.shared_surname or b.shared_surname):
            return SURNAME_IN_DOCUMENT, "surname"
        if a.titles & b.titles and a.countries & b.countries:
            return SURNAME_AND_TITLE, "surname and title"
    return 0.0, ""


def _contexts(mentions: Sequence[ActorMention], texts: Mapping[int, str] | None) -> dict[int, frozenset[str]]:
    """document id -> the states it is about: those named at least half as often as the most named.

    Without the document's text, every state it names.
    """
    forms: dict[int, dict[str, set[str]]] = {}
    for m in mentions:
        state = state_key(m.name) if m.type == "state" else None
        if state:
            forms.setdefault(m.document_id, {}).setdefault(state, set()).update((m.name, *m.aliases))
    contexts: dict[int, frozenset[str]] = {}
    for doc_id, states in forms.items():
        text = (texts or {}).get(doc_id)
        if text is None:
            contexts[doc_id] = frozenset(states)
            continue
        counts = {
            state: sum(len(re.findall(rf"\b{re.escape(f)}\b", text)) for f in names if f)
            for state, names in states.items()
        }
        top = max(counts.values())
        contexts[doc_id] = frozenset(s for s, n in counts.items() if top and n * 2 >= top) or frozenset(
            states
        )
    return contexts


def _expand_acronyms(profiles: Sequence[_Profile]) -> None:
    """Give each bare acronym (a name or an acronym alias) the one full name it stands for.

    Its own document's full names are looked at first, then the whole ledger's; an acronym
    two different full names share ("RSF") expands to nothing outside its own document.
    """
    expansions: dict[str, set[str]] = {}
    in_document: dict[tuple[str, str], set[str]] = {}
    for p in profiles:
        if p.person:
            continue
        letters = acronym_of(p.mention.name)
        found = {letters} if letters else set()
        if bare_acronym(p.mention.name):
            continue
        if " and " not in p.key:  # "EHRC and the Office of ..." (OHCHR) expands no acronym
            found |= {a for a in map(bare_acronym, p.mention.aliases) if a}
        for acr in found:
            expansions.setdefault(acr, set()).add(p.key)
            in_document.setdefault((p.mention.sha256, acr), set()).add(p.key)
    for p in profiles:
        acr = bare_acronym(p.mention.name)
        if p.person or not acr or p.key in INTERNATIONAL:
            continue
        local = in_document.get((p.mention.sha256, acr), set())
        pool = local if local else expansions.get(acr, set())
        if len(pool) == 1:
            p.expansion = next(iter(pool))


def _handles(p: _Profile) -> set[tuple[str, str]]:
    """Blocking keys: only mentions sharing one are compared."""
    found = {("name", p.expansion or p.key)}
    if p.person and p.tokens:
        found.add(("surname", p.tokens[-1]))
    return found


def _group(profiles: list[_Profile]) -> list[list[tuple[_Profile, ActorMember]]]:
    """Mentions in content order; each joins the group it links to most strongly, provided it
    conflicts with no member there, or starts a group."""
    profiles = sorted(profiles, key=lambda p: p.mention.order)
    groups: list[list[tuple[_Profile, ActorMember]]] = []
    where: dict[tuple[str, str], set[int]] = {}  # handle -> indices of groups holding it
    # A big group (a country named by thousands of reports) holds few kinds of member: members
    # alike in all but their document score alike against any mention from another document,
    # so each kind is compared once (its first such member), plus the mention's own document's.
    kinds: list[dict[tuple[Any, ...], list[tuple[int, _Profile]]]] = []
    in_doc: list[dict[str, list[tuple[int, _Profile]]]] = []
    for p in profiles:
        best: tuple[float, int, str] | None = None
        candidates = sorted(set().union(*(where.get(h, set()) for h in _handles(p))))
        for index in candidates:
            group = _compared(p, kinds[index], in_doc[index])
            if any(_conflict(p, other) for other in group):
                continue
            score, reason = max((_score(p, other) for other in group), key=lambda s: s[0])
            if score > 0 and (best is None or score > best[0]):
                best = (score, index, reason)
        if best is None:
            index = len(groups)
            groups.append([(p, ActorMember(p.mention, None, ""))])
            kinds.append({})
            in_doc.append({})
        else:
            index = best[1]
            groups[index].append((p, ActorMember(p.mention, best[0], best[2])))
        member = (len(groups[index]) - 1, p)
        kinds[index].setdefault(_kind(p), []).append(member)
        in_doc[index].setdefault(p.mention.sha256, []).append(member)
        for handle in _handles(p):
            where.setdefault(handle, set()).add(index)
    return groups


def _kind(p: _Profile) -> tuple[Any, ...]:
    """Everything ``_conflict`` and ``_score`` read of a profile, but its document."""
    return (p.person, p.key, p.tokens, p.titles, p.countries, p.generic, p.expansion, p.shared_surname)


def _compared(
    p: _Profile,
    kinds: Mapping[tuple[Any, ...], list[tuple[int, _Profile]]],
    in_doc: Mapping[str, list[tuple[int, _Profile]]],
) -> list[_Profile]:
    """The members of a group ``p`` must be compared with, in group order: the first of each kind
    from another document, and every member from ``p``'s document."""
    sha = p.mention.sha256
    found = list(in_doc.get(sha, ()))
    for members in kinds.values():
        found.extend(next(([m] for m in members if m[1].mention.sha256 != sha), []))
    return [other for _position, other in sorted(found, key=lambda m: m[0])]


# -- canonical actors -------------------------------------------------------------------------


def _display_name(group: Sequence[ActorMember]) -> str:
    """The most frequent name; ties: the longest (a full name over a surname), then first seen.

    Members a reviewer merged in do not count, so a merge keeps the kept actor's name (and id).
    """
    own = [m for m in group if m.reason != "reviewer"] or list(group)
    names = Counter(fold(m.mention.name) for m in own)
    best = max(
        enumerate(own),
        key=lambda im: (names[fold(im[1].mention.name)], len(im[1].mention.name), -im[0]),
    )
    return " ".join(best[1].mention.name.split())


def _ids(
    groups: Sequence[Sequence[ActorMember]], detached: set[int] | frozenset[int] = frozenset()
) -> list[str]:
    """Stable ids: ``ac-`` + hash of the group's normalised name.

    Two groups with one name (two ministries of the interior, or a split) share it only once:
    the one not split off by a reviewer, then the larger, then the content-earliest keeps the
    plain id; the others add their first member's document and place.
    """
    keys = [name_key(_display_name(g))[0] for g in groups]
    by_key: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        by_key.setdefault(key, []).append(index)
    ids = [""] * len(groups)
    for key, indices in by_key.items():
        ranked = sorted(
            indices,
            key=lambda i: (
                all(m.mention.fact_id in detached for m in groups[i]),
                -len(groups[i]),
                min(m.mention.order for m in groups[i]),
            ),
        )
        for rank, index in enumerate(ranked):
            seed = key
            if rank:
                first = min(groups[index], key=lambda m: m.mention.order).mention
                seed = f"{key}|{first.sha256}:{first.span[0] if first.span else -1}:{first.name}"
            ids[index] = ID_PREFIX + hashlib.sha256(seed.encode()).hexdigest()[:10]
    return ids


def _apply(
    groups: list[list[ActorMember]], decision: Decision, detached: set[int]
) -> list[list[ActorMember]]:
    """Groups after one reviewer decision; a decision naming an actor that no longer exists is ignored."""
    ids = dict(zip(_ids(groups, detached), range(len(groups)), strict=True))
    target = ids.get(decision.event)
    if target is None:
        return groups
    if decision.action == "merge":
        other = ids.get(decision.other or "")
        if other is None or other == target:
            return groups
        joined = [*groups[target], *(ActorMember(m.mention, 1.0, "reviewer") for m in groups[other])]
        return [joined if i == target else g for i, g in enumerate(groups) if i != other]
    if decision.action == "split" and len(groups[target]) > 1:
        leaving = [m for m in groups[target] if m.mention.fact_id == decision.fact_id]
        if not leaving:
            return groups
        staying = [m for m in groups[target] if m.mention.fact_id != decision.fact_id]
        staying[0] = ActorMember(staying[0].mention, None, "")
        return [
            *(staying if i == target else g for i, g in enumerate(groups)),
            *([ActorMember(m.mention, None, "")] for m in leaving),
        ]
    return groups


def group_actors(
    mentions: Iterable[ActorMention],
    decisions: Sequence[Decision] = (),
    texts: Mapping[int, str] | None = None,
) -> list[CanonicalActor]:
    """Canonical actors (without roles), most documents first, then by name.

    ``decisions`` are reviewers' merges and splits (only those naming ``ac-`` ids are used),
    applied in order; ``texts`` (document id -> text) sharpen each document's country context.
    """
    unique = list(dict.fromkeys(mentions))
    contexts = _contexts(unique, texts)
    profiles = [_profile(m, contexts.get(m.document_id, frozenset())) for m in unique]
    _expand_acronyms(profiles)
    owners: dict[tuple[str, str], set[str]] = {}
    for p in profiles:
        if p.full_name:
            owners.setdefault((p.mention.sha256, p.tokens[-1]), set()).add(p.key)
    for p in profiles:
        if p.person and p.tokens:
            p.shared_surname = len(owners.get((p.mention.sha256, p.tokens[-1]), ())) > 1
    groups = [[member for _p, member in group] for group in _group(profiles)]
    detached: set[int] = set()
    for decision in decisions:
        if decision.event.startswith(ID_PREFIX):
            groups = _apply(groups, decision, detached)
            if decision.action == "split" and decision.fact_id is not None:
                detached.add(decision.fact_id)
    ids = _ids(groups, detached)
    actors = [_canonical(actor_id, group) for actor_id, group in zip(ids, groups, strict=True)]
    actors.sort(key=lambda a: (-len(a.documents), fold(a.name), a.id))
    return actors


def _canonical(actor_id: str, group: Sequence[ActorMember]) -> CanonicalActor:
    name = _display_name(group)
    kinds = Counter(m.mention.type for m in group)
    top = max(kinds.values())
    kind = next(m.mention.type for m in group if kinds[m.mention.type] == top)
    forms = Counter(f for m in group for f in dict.fromkeys((m.mention.name, *m.mention.aliases)))
    aliases = tuple(
        sorted((f for f in forms if " ".join(f.split()) != name), key=lambda f: (-forms[f], fold(f), f))
    )
    links = [m.link for m in group if m.link is not None]
    return CanonicalActor(
        id=actor_id,
        name=name,
        kind=kind,
        aliases=aliases,
        confidence=min(links) if links else 1.0,
        members=tuple(sorted(group, key=lambda m: m.mention.order)),
    )


# -- roles: who said, claimed and demanded what -----------------------------------------------


def _surface(text: str) -> str:
    return re.sub(r"^the\s+", "", fold(text))


def attribute(
    actors: Sequence[CanonicalActor],
    facts: Iterable[Any],
    texts: Mapping[int, str],
    titles: Mapping[int, str],
) -> list[CanonicalActor]:
    """Actors with the statements, counts and demands of their documents that name them.

    A speaker, claimant or demander is the actor whose name or alias it is in that document
    (a form two actors of the document share, like "President", is nobody's); failing that,
    the one actor whose full name ends it ("Amnesty's director Erika Guevara-Rosas").
    """
    forms: dict[tuple[int, str], set[str]] = {}
    full: dict[int, list[tuple[str, str]]] = {}
    for actor in actors:
        for m in actor.members:
            doc = m.mention.document_id
            for form in (m.mention.name, *m.mention.aliases):
                forms.setdefault((doc, _surface(form)), set()).add(actor.id)
                if len(_WORDS.findall(form)) >= 2 and not is_title(form):
                    full.setdefault(doc, []).append((_surface(form), actor.id))
    roles: dict[str, dict[str, list[ActorRole]]] = {}
    fields = {"statements": "speaker", "counts": "claimant", "demands": "by"}
    for fact in facts:
        if fact.type not in fields:
            continue
        data = fact.effective_data
        named = data.get(fields[fact.type])
        if not isinstance(named, str) or not named.strip():
            continue
        found = forms.get((fact.document_id, _surface(named)), set())
        if len(found) != 1:
            surface = _surface(named)
            ends = {
                aid
                for form, aid in full.get(fact.document_id, [])
                if re.search(rf"\b{re.escape(form)}$", surface)
            }
            found = ends if len(ends) == 1 else set()
        if len(found) != 1:
            continue
        text = texts.get(fact.document_id, "")
        span = fact.span
        quote = " ".join(text[span[0] : span[1]].split()) if span else ""
        role = ActorRole(
            fact.type,
            fact.id,
            fact.document_id,
            fact.sha256,
            span,
            named,
            data,
            quote,
            titles.get(fact.document_id),
        )
        roles.setdefault(next(iter(found)), {}).setdefault(fact.type, []).append(role)
    result = []
    for actor in actors:
        mine = roles.get(actor.id, {})
        result.append(
            CanonicalActor(
                actor.id,
                actor.name,
                actor.kind,
                actor.aliases,
                actor.confidence,
                actor.members,
                tuple(mine.get("statements", ())),
                tuple(mine.get("counts", ())),
                tuple(mine.get("demands", ())),
            )
        )
    return result


def mentions_of(
    facts: Iterable[StoredFact], titles: Mapping[int, str | None] | None = None
) -> list[ActorMention]:
    """Actor mentions of stored actor facts, as reviewed (rejected facts left out)."""
    found = []
    for fact in facts:
        if fact.type != "actors" or fact.rejected:
            continue
        data = fact.effective_data
        found.append(
            ActorMention(
                fact.document_id,
                fact.sha256,
                data["name"],
                data.get("type") or "group",
                tuple(data.get("aliases") or ()),
                fact.span,
                (titles or {}).get(fact.document_id),
                fact.id,
            )
        )
    return found


def canonical_actors(
    source: Ledger | Sequence[StoredFact],
    decisions: Sequence[Decision] | None = None,
    *,
    texts: Mapping[int, str] | None = None,
    titles: Mapping[int, str | None] | None = None,
) -> list[CanonicalActor]:
    """Canonical actors of a ledger (or of stored facts), with their statements, claims and demands.

    From a ledger: facts as reviewed, the reviewers' actor merges and splits, and the documents'
    texts and titles are read from it.  From a list of facts: ``decisions``, ``texts`` and
    ``titles`` are given (or empty).
    """
    if isinstance(source, Sequence):
        facts = list(source)
        chosen = decisions or ()
    else:
        facts = source.facts(include_rejected=False)
        chosen = source.actor_decisions() if decisions is None else decisions
        docs = source.documents()
        texts = {d.id: d.text for d in docs} if texts is None else texts
        titles = {d.id: d.title for d in docs} if titles is None else titles
    titles = titles or {}
    grouped = group_actors(mentions_of(facts, titles), chosen, texts)
    return attribute(grouped, [f for f in facts if not f.rejected], texts or {}, titles)


def find_actor(actors: Sequence[CanonicalActor], ref: str) -> CanonicalActor:
    """An actor by id (or an id prefix of 4+ characters), or a unique fragment of a name or alias."""
    needle = ref.strip()
    if not needle:
        raise AnalyzeError("give an actor id or a fragment of its name")
    exact = [a for a in actors if a.id == needle.lower()]
    if exact:
        return exact[0]
    found = [a for a in actors if a.id.startswith(needle.lower())] if len(needle) >= 4 else []
    if not found:
        wanted = fold(needle)
        named = [a for a in actors if wanted == fold(a.name) or any(wanted == fold(x) for x in a.aliases)]
        found = named or [
            a for a in actors if wanted in fold(a.name) or any(wanted in fold(x) for x in a.aliases)
        ]
    if len(found) == 1:
        return found[0]
    if not found:
        raise AnalyzeError(f"no actor matches {ref!r}; `rightsledger actors` lists them")
    shown = ", ".join(f"{a.id} ({a.name})" for a in found[:5]) + (", ..." if len(found) > 5 else "")
    raise AnalyzeError(f"{ref!r} matches {len(found)} actors: {shown}; give its id")


def actors_json(actors: Sequence[CanonicalActor]) -> dict[str, Any]:
    return {"actors": [a.summary_json() for a in actors]}
