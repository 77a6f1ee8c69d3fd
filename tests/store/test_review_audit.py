"""Reviews and the hash-chained audit log over real SQLite and PostgreSQL ledgers."""

from __future__ import annotations

import itertools
import json
import threading

import pytest
from sqlalchemy import create_engine

from rightsledger.domain import Count, Event, Facts, Statement
from rightsledger.store import Ledger, ReviewError
from rightsledger.store.audit import GENESIS, entry_hash
from rightsledger.store.engine import normalize_url

TEXT = "On 15 November 2019 the protests began. Police said 5 people were killed. He said so."


def _facts() -> Facts:
    return Facts(
        counts=(Count(5, "exact", "killed", (48, 72), event="protests", claimant="Police"),),
        statements=(Statement("Police", "indirect", (41, 72)),),
        events=(Event("protests", "2019-11-15", None, (24, 32)),),
    )


@pytest.fixture
def stored(ledger, make_doc):
    doc_id, _ = ledger.add_document(make_doc(TEXT, title="Toll"))
    ledger.save_extraction(doc_id, "tests.x", "1", _facts(), by="extractor-bot")
    return ledger


def _count(ledger: Ledger):
    [fact] = ledger.facts(type="counts")
    return fact


def _sql(url: str, *statements: str) -> None:
    engine = create_engine(normalize_url(url))
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def test_reviews_never_change_the_stored_facts(stored, ledger_url: str, dump) -> None:
    before = dump(ledger_url)
    fact = _count(stored)
    stored.review(fact.id, "correct", changes={"value": "7", "qualifier": "at_least"}, note="typo", by="ana")
    stored.review(fact.id, "note", note="check the ministry's figure", by="ben")
    stored.review(fact.id, "reject", note="not a toll", by="ben")
    stored.review(fact.id, "accept", by="ana")
    assert dump(ledger_url) == before
    assert _count(stored).data == fact.data


def test_latest_decision_wins_and_notes_leave_the_state(stored) -> None:
    fact = _count(stored)
    assert fact.review is None and not fact.rejected and fact.effective_data == fact.data
    stored.review(fact.id, "correct", changes={"value": "7", "claimant": "Interior Ministry"}, note="misread")
    stored.review(fact.id, "note", note="a second look")
    now = _count(stored)
    assert (
        now.review == "correct" and now.effective.value == 7 and now.effective.claimant == "Interior Ministry"
    )
    assert now.fact.value == 5 and now.effective_data["span"] == [48, 72]
    stored.review(fact.id, "correct", changes={"value": "9"}, note="again")
    assert _count(stored).effective.value == 9 and _count(stored).effective.claimant == "Police"
    stored.review(fact.id, "reject", note="not a toll")
    assert _count(stored).rejected and stored.facts(type="counts", include_rejected=False) == []
    stored.review(fact.id, "accept")
    assert _count(stored).review == "accept" and _count(stored).effective.value == 5
    history = stored.reviews(fact.id)
    assert [r.action for r in history] == ["correct", "note", "correct", "reject", "accept"]
    assert history[0].data["value"] == 7 and history[1].data is None and history[1].note == "a second look"
    assert all(r.by for r in history) and stored.get_fact(fact.id).review == "accept"


def test_other_fact_types_can_be_corrected(stored) -> None:
    [statement] = stored.facts(type="statements")
    [event] = stored.facts(type="events")
    stored.review(statement.id, "correct", changes={"speaker": "", "kind": "direct"}, note="who?")
    stored.review(event.id, "correct", changes={"name": "fuel protests", "end": "2019-11-20"}, note="range")
    assert stored.get_fact(statement.id).effective == Statement(None, "direct", (41, 72))
    assert stored.get_fact(event.id).effective.end == "2019-11-20"


@pytest.mark.parametrize(
    ("action", "changes", "note", "message"),
    [
        ("correct", {"value": "seven"}, "x", "whole number"),
        ("correct", {"value": "-3"}, "x", "whole number"),
        ("correct", {"colour": "red"}, "x", "no field 'colour'"),
        ("correct", {"category": "angry"}, "x", "not a valid category"),
        ("correct", {"qualifier": ""}, "x", "cannot be empty"),
        ("correct", {"low": "10", "high": "3"}, "x", "greater than high"),
        ("correct", {}, "x", "at least one --set"),
        ("correct", {"value": "7"}, None, "needs a --note"),
        ("reject", None, "  ", "needs a --note"),
        ("note", None, None, "needs a --note"),
        ("accept", {"value": "7"}, None, "--set applies to correct only"),
        ("approve", None, "x", "unknown review action"),
    ],
)
def test_bad_reviews_are_refused_and_leave_no_trace(stored, action, changes, note, message) -> None:
    fact = _count(stored)
    entries = len(stored.audit_log())
    with pytest.raises(ReviewError, match=message):
        stored.review(fact.id, action, changes=changes, note=note)
    assert stored.reviews() == [] and len(stored.audit_log()) == entries


def test_unknown_fact_and_bad_event_decisions(stored) -> None:
    with pytest.raises(ReviewError, match="no fact with id 999"):
        stored.review(999, "accept")
    with pytest.raises(ReviewError, match="needs a --note"):
        stored.decide_event("merge", "ev-a", other="ev-b")
    with pytest.raises(ReviewError, match="two different events"):
        stored.decide_event("merge", "ev-a", other="ev-a", note="same")
    with pytest.raises(ReviewError, match="not an event fact"):
        stored.decide_event("split", "ev-a", fact_id=_count(stored).id, note="x")
    with pytest.raises(ReviewError, match="unknown event decision"):
        stored.decide_event("fuse", "ev-a", other="ev-b", note="x")
    assert stored.event_decisions() == []


def test_every_change_is_in_the_chain(stored, make_doc) -> None:
    fact = _count(stored)
    stored.add_document(make_doc(TEXT, title="Toll"))  # the same bytes again
    stored.review(fact.id, "correct", changes={"value": "6"}, note="misread", by="ana")
    [event] = stored.facts(type="events")
    stored.decide_event("merge", "ev-one", other="ev-two", note="same protests", by="ben")
    stored.decide_event("split", "ev-one", fact_id=event.id, note="different day", by="ben")
    log = stored.audit_log()
    assert [(e.seq, e.action) for e in log] == [
        (1, "document.add"),
        (2, "extraction.save"),
        (3, "document.add"),
        (4, "fact.correct"),
        (5, "event.merge"),
        (6, "event.split"),
    ]
    assert log[0].actor == "tester" and log[1].actor == "extractor-bot" and log[3].actor == "ana"
    assert log[0].payload["created"] is True and log[2].payload["created"] is False
    assert log[0].target == log[1].target == f"document:{stored.documents()[0].sha256}"
    assert log[3].target == f"fact:{fact.id}" and log[3].payload["changes"] == {"value": 6}
    assert log[3].payload["before"] == {"value": 5} and log[4].target == "event:ev-one"
    assert log[0].prev_hash == GENESIS and all(b.prev_hash == a.hash for a, b in itertools.pairwise(log))
    for e in log:
        body = json.dumps(e.payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert e.hash == entry_hash(e.seq, e.at, e.actor, e.action, e.target, body, e.prev_hash)
    assert stored.verify_audit() == []
    assert [e.seq for e in stored.audit_log(limit=2)] == [5, 6]


def _series(ledger: Ledger) -> None:
    fact = _count(ledger)
    ledger.review(fact.id, "accept", by="ana")
    ledger.review(fact.id, "note", note="ok", by="ben")
    ledger.review(fact.id, "reject", note="duplicate", by="ana")


def test_an_edited_entry_is_detected(stored, ledger_url: str) -> None:
    _series(stored)
    assert stored.verify_audit() == []
    _sql(ledger_url, 'UPDATE audit_log SET payload = \'{"note":"nothing to see","review":2}\' WHERE seq = 4')
    problems = stored.verify_audit()
    assert any("entry 4: contents do not match its hash" in p for p in problems), problems


def test_an_edited_actor_is_detected(stored, ledger_url: str) -> None:
    _series(stored)
    _sql(ledger_url, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
    assert any("entry 3: contents do not match" in p for p in stored.verify_audit())


def test_a_rehashed_edit_still_breaks_the_chain(stored, ledger_url: str) -> None:
    _series(stored)
    [entry] = [e for e in stored.audit_log() if e.seq == 3]
    forged = entry_hash(3, entry.at, "mallory", entry.action, entry.target, '{"review":1}', entry.prev_hash)
    _sql(
        ledger_url,
        "UPDATE audit_log SET actor = 'mallory', payload = '{\"review\":1}', "
        f"hash = '{forged}' WHERE seq = 3",
    )
    problems = stored.verify_audit()
    assert any("entry 4: does not follow the entry before it" in p for p in problems), problems


def test_a_deleted_entry_is_detected(stored, ledger_url: str) -> None:
    _series(stored)
    _sql(ledger_url, "DELETE FROM audit_log WHERE seq = 3")
    problems = stored.verify_audit()
    assert any("entry 3 missing" in p for p in problems), problems
    assert any("entry 4: does not follow" in p for p in problems)


def test_a_deleted_last_entry_is_detected_by_its_review(stored, ledger_url: str) -> None:
    _series(stored)
    _sql(ledger_url, "DELETE FROM audit_log WHERE seq = 5")
    problems = stored.verify_audit()
    assert problems == ["review(s) 3 have no audit entry (entries deleted from the log?)"]


def test_swapped_entries_are_detected(stored, ledger_url: str) -> None:
    _series(stored)
    _sql(
        ledger_url,
        "UPDATE audit_log SET seq = 1000 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = 4",
        "UPDATE audit_log SET seq = 4 WHERE seq = 1000",
    )
    problems = stored.verify_audit()
    assert any("entry 3: contents do not match" in p for p in problems), problems
    assert any("entry 4: contents do not match" in p for p in problems)
    assert any("does not follow" in p for p in problems)


def test_concurrent_writers_keep_one_chain(ledger_url: str, make_doc) -> None:
    with Ledger.open(ledger_url) as first:
        first.add_document(make_doc("seed"))
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            with Ledger.open(ledger_url) as ledger:
                for i in range(5):
                    ledger.add_document(make_doc(f"report {worker}-{i}"))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Ledger.open(ledger_url) as ledger:
        assert [e.seq for e in ledger.audit_log()] == list(range(1, 22))
        assert ledger.verify_audit() == []
