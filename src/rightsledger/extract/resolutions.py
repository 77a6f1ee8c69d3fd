"""UN resolutions: body, symbol, ordinal and recorded votes, in the usual phrasings."""

from __future__ import annotations

import re

from rightsledger.domain import Resolution
from rightsledger.extract.literals import Guard, compile_fast, stretches_with
from rightsledger.extract.numbers import words_to_int

BODIES = [
    ("General Assembly Third Committee", r"Third Committee"),
    ("Human Rights Council", r"Human Rights Council|\bHRC\b"),
    ("Security Council", r"Security Council"),
    ("General Assembly", r"General Assembly"),
    ("United Nations", r"United Nations|\bUN\b|\bU\.N\.\b"),
]
SYMBOL_RE = compile_fast(
    r"\b(?:A|S|E)/(?:[A-Z0-9.-]+/)*[A-Z0-9.-]*\d[A-Z0-9.-]*(?:/Rev\.\d+)?(?:\s\(\d{4}\))?"
)
COUNCIL_RES_RE = compile_fast(
    r"\b(?:(?P<body>Security Council|General Assembly|Human Rights Council|Council)\s+)?[Rr]esolution\s+"
    r"(?P<num>S-\d+/\d+|\d+/\d+|\d{3,4})(?:\s\((?P<year>\d{4})\))?"
)
MENTION_RE = compile_fast(r"\b(?:resolutions?|draft(?: resolution)?|text)\b", re.IGNORECASE)
ORDINAL_RE = compile_fast(
    r"\b(?:(?P<num>\d+)(?:st|nd|rd|th)|(?P<word>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
    r"twentieth))\b(?:[- ](?:consecutive|such|annual|straight))?\s+(?:resolution|text|draft|time)",
    re.IGNORECASE,
)
# an ordinal match never holds '.' or ';' and always ends in one of these words
_ORDINAL_NEEDLE = compile_fast(r"resolution|text|draft|time", re.IGNORECASE)
_RESOLUTION_WORD = compile_fast(r"\b[Rr]esolutions?\s+")
_ORD_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
_N = r"(?:\d+|none|no|zero|[a-z]+(?:-[a-z]+)?)"
VOTES_RE = [
    # "79 in favour to 30 against, with 64 abstentions" / "13 votes in favour, none against and two abstentions"
    re.compile(
        rf"(?P<f>{_N})\s+(?:votes?\s+)?(?:in\s+favou?r|for|to\s+(?=\d+\s+against))[^.;]{{0,20}}?"
        rf"(?:,\s*|\s+to\s+|\s+and\s+|\s+)(?P<a>{_N})\s+(?:votes?\s+)?against(?:[^.;]{{0,30}}?(?P<ab>{_N})\s+abstentions?|"
        rf"[^.;]{{0,30}}?(?P<ab2>{_N})\s+(?:members?|countries|states|States|delegations)?\s*abstain(?:ing|ed))?",
        re.IGNORECASE,
    ),
    # "by 22 votes to 11, with 14 abstentions", "passed 24 to 10, with 13 States abstaining"
    re.compile(
        rf"\b(?P<f>\d+)\s+(?:votes\s+)?to\s+(?P<a>\d+)(?!\s*(?:per|%))(?:,?\s+(?:with|and)\s+(?P<ab>{_N})\s+"
        rf"(?:abstentions?|(?:\w+\s+)?abstaining))?",
        re.IGNORECASE,
    ),
    # "79-30-64", "carried 21-13-13"
    re.compile(r"\b(?P<f>\d{1,3})\s*[-–]\s*(?P<a>\d{1,3})\s*[-–]\s*(?P<ab>\d{1,3})\b"),
    # "defeated 6-25, with 15 abstentions"
    re.compile(
        rf"\b(?P<f>\d{{1,3}})\s*[-–]\s*(?P<a>\d{{1,3}}),?\s+with\s+(?P<ab>{_N})\s+abstentions?", re.IGNORECASE
    ),
    # "with 77 delegations supporting it, 14 opposing it and 79 abstaining"
    re.compile(
        rf"(?P<f>{_N})\s+(?:delegations|members|states|countries|votes)?\s*(?:supporting|backing|voting for|in support)"
        rf"[^.;]{{0,20}}?,?\s*(?P<a>{_N})\s+(?:\w+\s+)?(?:opposing|against|voting against)[^.;]{{0,20}}?"
        rf"(?:,|\s+and)\s*(?P<ab>{_N})\s+(?:\w+\s+)?abstain(?:ing|ed)",
        re.IGNORECASE,
    ),
    # "passed by 79 votes", "adopted with 25 votes"
    re.compile(r"\b(?:by|with)\s+(?P<f>\d+)\s+votes\b(?!\s+(?:to|in favou?r|against))", re.IGNORECASE),
]
_VOTES_GUARDS = [Guard.of(vrx) for vrx in VOTES_RE]
# Phrasings whose matches never hold '.' or ';' and always hold the word here: searched only in the
# stretches between full stops that hold it (the first and fifth open with any word, costly everywhere).
_VOTES_NEEDLES: list[re.Pattern[str] | None] = [
    compile_fast(r"against", re.IGNORECASE),
    None,
    None,
    None,
    compile_fast(r"abstain", re.IGNORECASE),
    None,
]
# "a draft on ...", "an amendment proposed by ...": a new, unnamed text
NEW_TEXT_RE = compile_fast(
    r"\b(?:an?|another)\s+(?:draft resolution|resolution|amendment|draft|text)\b(?!\s+(?:\(|[A-Z]/))"
    # "a draft on Syria, one on Iran and one on Myanmar": each "one" is another text
    r"|(?<=, )one\b(?=\s+on\s+[A-Z])|(?<=\band )one\b(?=\s+on\s+[A-Z])"
)
# bare resolution numbers after "resolution(s)": "resolutions 66/176 ... and 66/253", "resolution 19/1"
NUMBER_LIST_RE = re.compile(r"\b(?:S-\d+/\d+|\d{1,2}/\d{1,3})\b")
PREFIX = {
    "Human Rights Council": "A/HRC/RES/",
    "General Assembly": "A/RES/",
    "General Assembly Third Committee": "A/RES/",
    "Security Council": "S/RES/",
}


def _num(word: str | None) -> int | None:
    if word is None:
        return None
    w = word.lower()
    if w.isdigit():
        return int(w)
    if w in ("none", "no", "zero"):
        return 0
    return words_to_int(w)


def _body_near(text: str, pos: int, window: int = 300) -> str | None:
    before = text[max(0, pos - window) : pos + 80]
    best = None
    for name, rx in BODIES:
        for m in re.finditer(rx, before):
            if best is None or m.start() > best[1] or (m.start() == best[1] and len(name) > len(best[0])):
                best = (name, m.start())
    return best[0] if best else None


def _council_body(text: str, pos: int) -> str | None:
    """The body a resolution number belongs to: named just before it, or the document's council."""
    near = _body_near(text, pos, 160)
    if near in PREFIX:
        return near
    if re.search(r"\bCouncil(?:’s|'s)?\b[^.]{0,60}$", text[max(0, pos - 80) : pos]):
        for name in ("Human Rights Council", "Security Council"):
            if name in text:
                return name
    return _body_near(text, pos, 600)


def _symbol_for_number(text: str, num: str, pos: int) -> str:
    body = _council_body(text, pos)
    if num.startswith("S-"):
        return "A/HRC/RES/" + num
    if "/" not in num:
        return f"S/RES/{num}"
    return PREFIX.get(body or "", "A/RES/") + num


def find_resolutions(text: str, body_start: int) -> list[Resolution]:
    """One resolution per distinct symbol or new unnamed text; votes go to the nearest text before them."""
    items: list[dict] = []

    def add(item: dict) -> None:
        if not any(i["start"] < item["end"] and item["start"] < i["end"] for i in items):
            items.append(item)

    for m in SYMBOL_RE.finditer(text, body_start):
        sym = m.group(0)
        if "/RES/" in sym or "/L." in sym or sym.startswith("S/RES"):
            add({"symbol": sym, "start": m.start(), "end": m.end()})
    for m in COUNCIL_RES_RE.finditer(text, body_start):
        if m.group("num").isdigit():
            sym = f"S/RES/{m.group('num')}" + (f" ({m.group('year')})" if m.group("year") else "")
            add({"symbol": sym, "start": m.start(), "end": m.end()})
    for m in _RESOLUTION_WORD.finditer(text, body_start):
        at = m.end()
        sentence_end = min([i for i in (text.find(".", at), text.find(";", at)) if i != -1] or [len(text)])
        for n in NUMBER_LIST_RE.finditer(text, at, min(sentence_end, at + 160)):
            add(
                {
                    "symbol": _symbol_for_number(text, n.group(0), n.start()),
                    "start": n.start(),
                    "end": n.end(),
                }
            )
    ordinals = (
        m
        for a, b in stretches_with(text, _ORDINAL_NEEDLE, body_start)
        for m in ORDINAL_RE.finditer(text, a, b)
    )
    for m in ordinals:
        n = int(m.group("num")) if m.group("num") else _ORD_WORDS[m.group("word").lower()]
        if "time" in m.group(0).lower() and n != 1:
            continue
        window = text[max(0, m.start() - 200) : m.end() + 200].lower()
        if "resolution" not in window and "draft" not in window and "text" not in window:
            continue
        items.append({"symbol": None, "start": m.start(), "end": m.end(), "ordinal": n, "ordinal_only": True})
    for m in NEW_TEXT_RE.finditer(text, body_start):
        if re.match(
            r"\s+(?:on|concerning|condemning|proposed|tabled|presented|calling|entitled|titled|that|which)\b",
            text[m.end() : m.end() + 20],
        ):
            add({"symbol": None, "start": m.start(), "end": m.end(), "fresh": True})
    items.sort(key=lambda i: i["start"])
    _attach_votes(text, body_start, items)
    merged: list[dict] = []
    for it in items:
        same = next((x for x in merged if it["symbol"] and x["symbol"] == it["symbol"]), None)
        if same is None and it.get("ordinal_only") and merged:
            # "a 67th resolution": an ordinal describes the text next to it
            near = [x for x in merged if abs(x["start"] - it["start"]) < 200]
            same = near[-1] if near else None
        if same is not None:
            for k in ("ordinal", "votes_for", "votes_against", "abstentions"):
                if same.get(k) is None and it.get(k) is not None:
                    same[k] = it[k]
            continue
        merged.append(dict(it))
    return [
        Resolution(
            body=_body_near(text, it["start"]),
            span=(it["start"], it["end"]),
            symbol=it["symbol"],
            ordinal=it.get("ordinal"),
            votes_for=it.get("votes_for"),
            votes_against=it.get("votes_against"),
            abstentions=it.get("abstentions"),
        )
        for it in merged
    ]


_VOTE_WORDS = compile_fast(
    r"\bvot|in favou?r|abstain|abstention|\d\s*[-–]\s*\d|\d+\s+(?:against|opposing|to\s+\d)", re.IGNORECASE
)


def _attach_votes(text: str, body_start: int, items: list[dict]) -> None:
    if not _VOTE_WORDS.search(text, body_start):
        return  # most reports hold no vote: skip the costly phrasings
    taken: list[tuple[int, int]] = []
    for vrx, guard, needle in zip(VOTES_RE, _VOTES_GUARDS, _VOTES_NEEDLES, strict=True):
        if not guard.may_match(text):
            continue
        found = (
            vrx.finditer(text, body_start)
            if needle is None
            else (m for a, b in stretches_with(text, needle, body_start) for m in vrx.finditer(text, a, b))
        )
        for m in found:
            if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
                continue
            target = _nearest(items, m.start(), text)
            if target is None and re.search(
                r"\b(?:this|the|that)\s+(?:resolution|draft|text)\b",
                text[max(0, m.start() - 120) : m.start()],
                re.I,
            ):
                # "this resolution – passed by 79 votes": the text last named, however far back
                earlier = [i for i in items if i["start"] < m.start()]
                target = earlier[-1] if earlier else None
            if target is None or target.get("votes_for") is not None:
                if not re.search(
                    r"resolution|draft|text|motion|amendment|vote",
                    text[max(0, m.start() - 250) : m.start()],
                    re.I,
                ):
                    continue
                target = {"symbol": None, "start": m.start(), "end": m.end()}
                items.append(target)
                items.sort(key=lambda i: i["start"])
            g = m.groupdict()
            target["votes_for"] = _num(g.get("f"))
            target["votes_against"] = _num(g.get("a"))
            target["abstentions"] = _num(g.get("ab") or g.get("ab2"))
            taken.append((m.start(), m.end()))


def _nearest(items: list[dict], pos: int, text: str) -> dict | None:
    before = [i for i in items if i["start"] <= pos and pos - i["end"] < 400]
    if before:
        return before[-1]
    sent_end = text.find(".", pos)
    after = [i for i in items if pos < i["start"] <= (sent_end if sent_end != -1 else len(text))]
    return after[0] if after else None
