"""UN resolutions: body, symbol, ordinal and recorded votes, in the usual phrasings."""

from __future__ import annotations

import re

from rightsledger.domain import Resolution
from rightsledger.extract.numbers import words_to_int

BODIES = [
    ("General Assembly Third Committee", r"Third Committee"),
    ("Human Rights Council", r"Human Rights Council|\bHRC\b"),
    ("Security Council", r"Security Council"),
    ("General Assembly", r"General Assembly"),
    ("United Nations", r"United Nations|\bUN\b|\bU\.N\.\b"),
]
SYMBOL_RE = re.compile(r"\b(?:A|S|E)/(?:[A-Z0-9.-]+/)*[A-Z0-9.-]*\d[A-Z0-9.-]*(?:/Rev\.\d+)?(?:\s\(\d{4}\))?")
COUNCIL_RES_RE = re.compile(
    r"\b(?:(?P<body>Security Council|General Assembly|Human Rights Council|Council)\s+)?[Rr]esolution\s+"
    r"(?P<num>S-\d+/\d+|\d+/\d+|\d{3,4})(?:\s\((?P<year>\d{4})\))?"
)
MENTION_RE = re.compile(r"\b(?:resolutions?|draft(?: resolution)?|text)\b", re.IGNORECASE)
ORDINAL_RE = re.compile(
    r"\b(?:(?P<num>\d+)(?:st|nd|rd|th)|(?P<word>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
    r"twentieth))\b(?:[- ](?:consecutive|such|annual|straight))?\s+(?:resolution|text|draft|time)",
    re.IGNORECASE,
)
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
        rf"[^.;]{{0,30}}?(?P<ab2>{_N})\s+(?:members?|countries|states|delegations)?\s*abstain(?:ing|ed))?",
        re.IGNORECASE,
    ),
    # "79-30-64", "by a vote of 22-11-14"
    re.compile(r"\b(?P<f>\d{1,3})\s*[-–]\s*(?P<a>\d{1,3})\s*[-–]\s*(?P<ab>\d{1,3})\b"),
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


def _symbol_for(m: re.Match[str]) -> str:
    num, year, body = m.group("num"), m.group("year"), m.group("body") or ""
    if "/" in num:
        prefix = (
            "A/HRC/RES/" if body in ("Human Rights Council", "Council") or num.startswith("S-") else "A/RES/"
        )
        if body == "General Assembly":
            prefix = "A/RES/"
        return prefix + num
    return f"S/RES/{num}" + (f" ({year})" if year else "")


def find_resolutions(text: str, body_start: int) -> list[Resolution]:
    """One resolution per distinct symbol; unnamed mentions merge into the nearest one before them."""
    items: list[dict] = []
    for m in SYMBOL_RE.finditer(text, body_start):
        sym = m.group(0)
        if "/RES/" not in sym and "/L." not in sym and not sym.startswith("S/RES"):
            continue
        items.append({"symbol": sym, "start": m.start(), "end": m.end()})
    for m in COUNCIL_RES_RE.finditer(text, body_start):
        if any(i["start"] <= m.end() and m.start() <= i["end"] for i in items):
            continue
        items.append({"symbol": _symbol_for(m), "start": m.start(), "end": m.end()})
    for m in ORDINAL_RE.finditer(text, body_start):
        n = int(m.group("num")) if m.group("num") else _ORD_WORDS[m.group("word").lower()]
        if "time" in m.group(0).lower() and n != 1:
            continue
        window = text[max(0, m.start() - 200) : m.end() + 200].lower()
        if "resolution" not in window and "draft" not in window and "text" not in window:
            continue
        items.append({"symbol": None, "start": m.start(), "end": m.end(), "ordinal": n})
    items.sort(key=lambda i: i["start"])
    # votes attach to the nearest resolution mention before them, or the first after them in the sentence
    for vrx in VOTES_RE:
        for m in vrx.finditer(text, body_start):
            if any(i.get("votes_at") and i["votes_at"][0] <= m.start() < i["votes_at"][1] for i in items):
                continue
            target = _nearest(items, m.start(), text)
            if target is None:
                if not re.search(
                    r"resolution|draft|text|motion|amendment", text[max(0, m.start() - 250) : m.start()], re.I
                ):
                    continue
                target = {"symbol": None, "start": m.start(), "end": m.end()}
                items.append(target)
            if target.get("votes_for") is not None:
                continue
            g = m.groupdict()
            target["votes_for"] = _num(g.get("f"))
            target["votes_against"] = _num(g.get("a"))
            target["abstentions"] = _num(g.get("ab") or g.get("ab2"))
            target["votes_at"] = (m.start(), m.end())
    merged: list[dict] = []
    for it in sorted(items, key=lambda i: i["start"]):
        same = next((x for x in merged if it["symbol"] and x["symbol"] == it["symbol"]), None)
        if (
            same is None
            and it["symbol"] is None
            and merged
            and merged[-1]["symbol"] is None
            and it.get("ordinal") is None
        ):
            same = merged[-1]
        if same is None and it["symbol"] is None and merged and it.get("ordinal") is None:
            same = merged[-1]
        if same is not None:
            for k in ("ordinal", "votes_for", "votes_against", "abstentions"):
                if same.get(k) is None and it.get(k) is not None:
                    same[k] = it[k]
            continue
        merged.append(dict(it))
    out = []
    for it in merged:
        out.append(
            Resolution(
                body=_body_near(text, it["start"]),
                span=(it["start"], it["end"]),
                symbol=it["symbol"],
                ordinal=it.get("ordinal"),
                votes_for=it.get("votes_for"),
                votes_against=it.get("votes_against"),
                abstentions=it.get("abstentions"),
            )
        )
    return out


def _nearest(items: list[dict], pos: int, text: str) -> dict | None:
    before = [i for i in items if i["start"] <= pos and pos - i["end"] < 400]
    if before:
        return before[-1]
    sent_end = text.find(".", pos)
    after = [i for i in items if pos < i["start"] <= (sent_end if sent_end != -1 else len(text))]
    return after[0] if after else None
