"""The highlighted text: well-formed, escaped, every fact marked, and the text itself unchanged."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from rightsledger.store import StoredFact
from rightsledger.web.highlight import highlighted

KINDS = ("counts", "statements", "events", "actors")


def _fact(fid: int, kind: str, start: int, end: int, data: dict | None = None) -> StoredFact:
    return StoredFact(fid, 1, "0" * 64, kind, (start, end), data or {}, "x", "1")


class _Tags(HTMLParser):
    """Checks that tags nest properly; collects the text outside the fact links and the marked ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ok = True
        self.marked: set[int] = set()
        self.text: list[str] = []
        self.in_ref = False

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        if tag == "mark":
            self.marked.add(int(dict(attrs)["data-fact-id"]))
        self.in_ref = tag == "a"

    def handle_endtag(self, tag):
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag
        self.in_ref = False

    def handle_data(self, data):
        if not self.in_ref:
            self.text.append(data)


def _check(text: str, facts: list[StoredFact]) -> None:
    out = str(highlighted(text, facts))
    parser = _Tags()
    parser.feed(out)
    parser.close()
    assert parser.ok and parser.stack == [], out
    assert "".join(parser.text) == text
    assert parser.marked == {f.id for f in facts if f.span[0] < f.span[1]}


def test_nested_and_crossing_facts() -> None:
    text = "He said 40 people were killed in Homs."
    facts = [_fact(1, "statements", 0, 38), _fact(2, "counts", 8, 29), _fact(3, "events", 23, 37)]
    out = str(highlighted(text, facts))
    assert out.startswith('<mark class="fact fact-statements" data-fact-id="1">He said ')
    assert out.count('data-fact-id="3"') == 2  # it crosses fact 2's end, so it comes in two pieces
    assert out.count('href="/facts/3"') == 1  # one link, after its last piece
    _check(text, facts)


def test_report_markup_is_escaped() -> None:
    text = 'x <script>alert("1")</script> & <b onmouseover=alert(2)>'
    out = str(highlighted(text, [_fact(7, "counts", 2, 10)]))
    assert "<script" not in out and "<b " not in out
    assert html.unescape(re.sub(r"<[^>]+>|(?<=>)7(?=</a>)", "", out)) == text


def test_an_actors_point_span_is_widened_to_its_name() -> None:
    text = "Talks with Vladimir Putin ended."
    fact = _fact(5, "actors", 11, 11, {"name": "Vladimir Putin", "aliases": ["Putin"]})
    out = str(highlighted(text, [fact]))
    assert '<mark class="fact fact-actors" data-fact-id="5">Vladimir Putin</mark>' in out


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab <>&\"'\n"), min_size=1, max_size=40),
    raw=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 40), st.sampled_from(KINDS)), max_size=8),
)
def test_any_spans_give_well_formed_html_with_the_text_unchanged(text, raw) -> None:
    facts = []
    for i, (start, length, kind) in enumerate(raw, 1):
        start = min(start, len(text) - 1)
        facts.append(_fact(i, kind, start, min(len(text), start + length)))
    _check(text, facts)
