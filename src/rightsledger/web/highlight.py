"""A report's text with every fact marked, built by escaping each slice of the text.

Facts may nest (a count inside a statement) or cross; crossing facts are split into several
``<mark>`` pieces with the same ``data-fact-id`` so the HTML stays well formed.  Report text is
never trusted: every slice goes through ``escape``, and only our own tags are added around it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from markupsafe import Markup, escape

from rightsledger.store import StoredFact

_OPEN = Markup('<mark class="fact fact-{kind}" data-fact-id="{fid}">')


def highlighted(text: str, facts: Sequence[StoredFact]) -> Markup:
    spans = [
        (start, end, f.id, f.type)
        for f in facts
        if f.span is not None
        for start, end in [_widened(text, f)]
        if 0 <= start < end <= len(text)
    ]
    # outer facts first: earlier start, then longer
    ordered = sorted(spans, key=lambda s: (s[0], -s[1], s[2]))
    order = {fid: i for i, (_s, _e, fid, _k) in enumerate(ordered)}
    kinds = {fid: kind for _s, _e, fid, kind in spans}
    ends = {fid: end for _s, end, fid, _k in spans}
    starting: dict[int, list[int]] = {}
    for start, _end, fid, _kind in spans:
        starting.setdefault(start, []).append(fid)
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _s, e, *_ in spans)})
    parts: list[str] = []
    stack: list[int] = []
    active: set[int] = set()  # facts covering the current piece (a sweep over the cut points)
    for start, end in pairwise(cuts):
        active = {fid for fid in active if ends[fid] > start} | set(starting.get(start, ()))
        cover = sorted(active, key=order.__getitem__)
        common = 0
        while common < min(len(stack), len(cover)) and stack[common] == cover[common]:
            common += 1
        for fid in reversed(stack[common:]):
            parts.append(_close(fid, ends[fid] <= start))
        stack = stack[:common]
        for fid in cover[common:]:
            parts.append(_OPEN.format(kind=kinds[fid], fid=fid))
            stack.append(fid)
        parts.append(str(escape(text[start:end])))
    for fid in reversed(stack):
        parts.append(_close(fid, True))
    return Markup("".join(parts))


def _widened(text: str, fact: StoredFact) -> tuple[int, int]:
    """An empty span (an actor's first mention is a point) widened to the name written there."""
    start, end = fact.span or (0, 0)
    if start == end:
        data = fact.effective_data
        for name in sorted({data.get("name") or "", *(data.get("aliases") or ())}, key=len, reverse=True):
            if name and text.startswith(name, start):
                return start, start + len(name)
    return start, end


def _close(fid: int, last: bool) -> str:
    """Close a mark; after a fact's last piece, a small link to its record."""
    link = Markup('<a class="fact-ref" href="/facts/{fid}" title="fact {fid}">{fid}</a>').format(fid=fid)
    return str(Markup("</mark>") + (link if last else Markup("")))
