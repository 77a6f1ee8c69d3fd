"""Linking the synthetic lists (tests/data/lists, SYNTHETIC): accuracy against the generator's
truth, stable ids, incremental runs, reviewer decisions, capture tables.  Both backends."""

from __future__ import annotations

from collections import Counter

import pytest
from lists_helpers import import_lists, precision_recall, truth

from rightsledger.analyze.linkage import CaptureCounts, LinkageError, capture_tables, link
from rightsledger.store import lists as store


def test_full_link_finds_the_true_persons(lists_ledger) -> None:
    report = link(lists_ledger, by="tester")
    assert report.kind == "full" and report.trained
    current = store.current_assignments(lists_ledger)
    assert len(current) == 466  # every record has a person (175 + 165 + 126 rows)
    precision, recall = precision_recall(current, truth(lists_ledger))
    # Names in three scripts with typos: the bar is high, not perfect.
    assert precision >= 0.97 and recall >= 0.93, (precision, recall)
    ids = sorted(set(current.values()))
    assert ids[0] == "P-000001" and len(ids) == report.persons
    actions = [e.action for e in lists_ledger.audit_log()]
    assert actions == ["list.import"] * 3 + ["linkage.train", "linkage.run"]
    assert lists_ledger.verify_audit() == []


def test_relinking_keeps_every_id(lists_ledger) -> None:
    link(lists_ledger)
    before = store.current_assignments(lists_ledger)
    again = link(lists_ledger, mode="full")
    assert again.changed == 0 and again.new_persons == []
    assert store.current_assignments(lists_ledger) == before


def test_new_list_links_incrementally_without_renumbering(ledger) -> None:
    import_lists(ledger, ("ngo-a", "ngo-b"))
    link(ledger)
    before = store.current_assignments(ledger)
    import_lists(ledger, ("morgue",))
    report = link(ledger)
    assert report.kind == "incremental" and not report.trained and report.records == 126
    after = store.current_assignments(ledger)
    assert {k: after[k] for k in before} == before  # nobody already linked moved
    new_ids = [k for k in after if k not in before]
    assert len(new_ids) == 126
    precision, recall = precision_recall(after, truth(ledger))
    assert precision >= 0.97 and recall >= 0.9, (precision, recall)
    attached = sum(after[k] in set(before.values()) for k in new_ids)
    true_old = set(truth(ledger)[k] for k in before)
    should = sum(truth(ledger)[k] in true_old for k in new_ids)
    # Most morgue records of already-known persons join them (the model was trained on two lists only).
    assert attached >= 0.9 * should, (attached, should)
    # Nothing new: no run, nothing written.
    assert link(ledger).kind == "none"


def test_decisions_are_respected_on_the_next_run(lists_ledger) -> None:
    link(lists_ledger)
    current = store.current_assignments(lists_ledger)
    by_person: dict[str, list[int]] = {}
    for record, person in current.items():
        by_person.setdefault(person, []).append(record)
    # Split a linked pair, join two records of different persons.
    together = next(sorted(m) for m in by_person.values() if len(m) >= 2)
    a, b = together[0], together[1]
    x, y = sorted(current)[0], next(r for r in sorted(current) if current[r] != current[sorted(current)[0]])
    store.decide(lists_ledger, a, b, "non-match", note="different fathers' names in the source", by="ana")
    store.decide(lists_ledger, x, y, "match", note="same person per family testimony", by="ana")
    with pytest.raises(Exception, match="needs a --note"):
        store.decide(lists_ledger, x, y, "match", note=" ")
    report = link(lists_ledger)
    assert report.kind == "full" and not report.trained  # decisions force a full re-link, same model
    after = store.current_assignments(lists_ledger)
    assert after[a] != after[b]
    assert after[x] == after[y]
    assert [e.action for e in lists_ledger.audit_log()][-3:] == [
        "linkage.non-match",
        "linkage.match",
        "linkage.run",
    ]
    # Untouched persons keep their ids.
    untouched = [r for r in current if current[r] not in {current[a], current[x], current[y]}]
    assert all(after[r] == current[r] for r in untouched)


def test_review_queue_holds_undecided_band_pairs(lists_ledger) -> None:
    report = link(lists_ledger, band=(0.2, 0.95))
    queue = store.review_queue(lists_ledger)
    assert len(queue) == report.review_pairs > 0
    assert all(0.2 <= q.probability < 0.95 for q in queue)
    first = queue[0]
    store.decide(lists_ledger, first.record_l, first.record_r, "match", note="checked", by="ana")
    assert first.pair not in {q.pair for q in store.review_queue(lists_ledger)}


def test_capture_tables_count_persons_per_pattern(lists_ledger) -> None:
    link(lists_ledger)
    [table] = capture_tables(lists_ledger)
    assert isinstance(table, CaptureCounts) and table.lists == ("ngo-a", "ngo-b", "morgue")
    current = store.current_assignments(lists_ledger)
    assert table.observed == len(set(current.values()))
    # Marginals: persons on each list = distinct persons among that list's records.
    lists_of = {r.id: r.list for r in store.records(lists_ledger)}
    for i, name in enumerate(table.lists):
        on_list = {p for r, p in current.items() if lists_of[r] == name}
        assert sum(n for pattern, n in table.cells.items() if pattern[i]) == len(on_list)
    assert (0, 0, 0) not in table.cells
    two = capture_tables(lists_ledger, lists=["ngo-b", "ngo-a"])[0]
    assert (
        two.lists == ("ngo-b", "ngo-a")
        and two.cells[(1, 1)] == table.cells[(1, 1, 1)] + table.cells[(1, 1, 0)]
    )
    by_sex = capture_tables(lists_ledger, strata=["sex"])
    assert {t.stratum for t in by_sex} <= {"sex=f", "sex=m", "sex=unknown"}
    assert sum(t.observed for t in by_sex) == table.observed
    merged: Counter = Counter()
    for t in by_sex:
        merged.update(t.cells)
    assert dict(merged) == table.cells
    with pytest.raises(Exception, match="no list named 'x'"):
        capture_tables(lists_ledger, lists=["x"])


def test_bad_options(lists_ledger) -> None:
    with pytest.raises(LinkageError, match="review band"):
        link(lists_ledger, band=(0.9, 0.3))
    with pytest.raises(LinkageError, match="no trained model"):
        link(lists_ledger, mode="incremental")
    with pytest.raises(LinkageError, match="unknown linkage backend"):
        link(lists_ledger, backend="oracle")
