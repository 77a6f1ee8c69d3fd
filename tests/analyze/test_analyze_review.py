"""Reviews in the analyze stage: corrections change figures, rejections drop claims,
reviewers' merges and splits change the canonical events.  Real SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass

from rightsledger.analyze import EventMention, analyze, group_events
from rightsledger.domain import Count, Event, Facts

REPORTS = [
    # (text, publisher, published, value, qualifier, claimant)
    ("Ministry toll: 5 killed in the protests.", "State News", "2019-11-20", 5, "exact", "Interior Ministry"),
    ("NGO: at least 106 killed in the protests.", "Amnesty", "2019-11-25", 106, "at_least", "Amnesty"),
    ("Agency: about 1,500 killed in the protests.", "Reuters", "2019-12-23", 1500, "about", "Reuters"),
]


def fill(ledger, make_doc, reports=REPORTS, event_name="protests"):
    for text, publisher, published, value, qualifier, claimant in reports:
        doc_id, _ = ledger.add_document(
            make_doc(text, title=publisher, publisher=publisher, published=published)
        )
        facts = Facts(
            counts=(Count(value, qualifier, "killed", (0, 10), event=event_name, claimant=claimant),),
            events=(Event(event_name, "2019-11-15", None, (30, 38)),),
        )
        ledger.save_extraction(doc_id, "tests.x", "1", facts)


def _protests(ledger):
    _rule, events, figures = analyze(ledger)
    [event] = [e for e in events if e.kind == "event"]
    rec = figures[event.id]["killed"]
    return event, (rec.low.value, rec.best.value, rec.high.value)


def _count_of(ledger, value):
    return next(f for f in ledger.facts(type="counts") if f.fact.value == value)


def test_a_correction_changes_the_reconciled_figures(ledger, make_doc, dump, ledger_url) -> None:
    fill(ledger, make_doc)
    event, figures = _protests(ledger)
    assert figures == (106, 106, 1500)
    stored = dump(ledger_url)
    ledger.review(_count_of(ledger, 1500).id, "correct", changes={"value": "3000"}, note="misread")
    event_after, figures_after = _protests(ledger)
    assert figures_after == (106, 106, 3000) and event_after.id == event.id
    claim = next(c for c in event_after.claims["killed"] if c.claimant == "Reuters")
    assert claim.value == 3000 and claim.fact_id == _count_of(ledger, 1500).id
    assert dump(ledger_url) == stored  # the extracted fact still says 1,500
    ledger.review(_count_of(ledger, 1500).id, "accept", note="the first reading was right")
    assert _protests(ledger)[1] == (106, 106, 1500)


def test_rejected_facts_are_left_out(ledger, make_doc) -> None:
    fill(ledger, make_doc)
    ledger.review(_count_of(ledger, 1500).id, "reject", note="not about these protests")
    event, figures = _protests(ledger)
    assert figures == (106, 106, 106) and len(event.claims["killed"]) == 2
    [event_fact] = [f for f in ledger.facts(type="events") if f.document_id == 3]
    ledger.review(event_fact.id, "reject", note="no event here")
    event, _ = _protests(ledger)
    assert len(event.members) == 2
    assert [e.kind for e in analyze(ledger)[1]] == ["event"]  # no group for the rejected count


def test_a_corrected_event_name_keeps_its_counts(ledger, make_doc) -> None:
    fill(ledger, make_doc)
    for fact in ledger.facts(type="events"):
        ledger.review(fact.id, "correct", changes={"name": "fuel protests"}, note="fuller name")
    event, figures = _protests(ledger)
    assert event.name == "fuel protests" and figures == (106, 106, 1500)


def test_merge_and_split(ledger, make_doc) -> None:
    fill(ledger, make_doc, REPORTS[:2], "protests")
    fill(ledger, make_doc, [("Riots: 40 killed.", "Monitor", "2019-11-30", 40, "exact", "Monitor")], "riots")
    _rule, events, _ = analyze(ledger)
    protests, riots = events
    assert (protests.name, riots.name) == ("protests", "riots")
    ledger.decide_event("merge", protests.id, other=riots.id, note="the same unrest", by="ana")
    _rule, events, _figures = analyze(ledger)
    [merged] = events
    assert merged.id == protests.id and len(merged.members) == 3
    assert len(merged.claims["killed"]) == 3 and merged.confidence == 1.0
    monitor = next(m for m in merged.members if m["title"] == "Monitor")
    ledger.decide_event("split", merged.id, fact_id=monitor["fact"], note="a different day after all")
    _rule, events, _ = analyze(ledger)
    assert [(e.name, len(e.members), e.claim_count) for e in events] == [("protests", 2, 2), ("riots", 1, 1)]
    assert [e.id for e in events] == [protests.id, riots.id]


@dataclass(frozen=True)
class D:
    action: str
    event: str
    other: str | None = None
    fact_id: int | None = None


def test_group_events_applies_decisions_in_order() -> None:
    a = EventMention(1, "a" * 64, "uprising", "2019-11-15", None, (0, 8), fact_id=1)
    b = EventMention(2, "b" * 64, "uprising", "2019-11-15", None, (0, 8), fact_id=2)
    c = EventMention(3, "c" * 64, "war", "2020-01-01", None, (0, 3), fact_id=3)
    plain = group_events([a, b, c])
    assert [len(e.members) for e in plain] == [2, 1]
    uprising, war = plain
    split = group_events([a, b, c], [D("split", uprising.id, fact_id=1)])
    assert [[m.mention.fact_id for m in e.members] for e in split] == [[1], [2], [3]]
    assert [e.confidence for e in split] == [1.0, 1.0, 1.0]
    merged = group_events([a, b, c], [D("merge", war.id, other=uprising.id)])
    assert [[m.mention.fact_id for m in e.members] for e in merged] == [[1, 2, 3]]
    assert merged[0].id == uprising.id  # the id comes from the earliest member
    # stale decisions (unknown ids, a fact not in the event) change nothing
    stale = [
        D("merge", "ev-missing", other=war.id),
        D("split", war.id, fact_id=1),
        D("split", uprising.id, fact_id=9),
    ]
    assert [e.id for e in group_events([a, b, c], stale)] == [e.id for e in plain]
