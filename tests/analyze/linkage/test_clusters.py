"""Clusters under reviewer constraints, and stable person ids (worked by hand on tiny graphs)."""

from __future__ import annotations

from rightsledger.analyze.linkage.clusters import attach, cluster, stable_ids


def test_pairs_above_the_threshold_join_transitively() -> None:
    labels, refused = cluster([1, 2, 3, 4, 5], [(1, 2, 0.99), (2, 3, 0.95), (4, 5, 0.5)], 0.9)
    assert labels == {1: 1, 2: 1, 3: 1, 4: 4, 5: 5} and refused == []


def test_a_cannot_link_splits_a_chain_at_its_weakest_pair() -> None:
    # 1-2 (0.99) and 2-3 (0.95) would chain 1 with 3; a reviewer said 1 and 3 differ, so the
    # weaker pair 2-3 is refused and 3 stays alone.
    labels, _ = cluster([1, 2, 3], [(1, 2, 0.99), (2, 3, 0.95)], 0.9, cannot=[(1, 3)])
    assert labels == {1: 1, 2: 1, 3: 3}


def test_must_links_join_below_the_threshold_unless_contradicted() -> None:
    labels, refused = cluster([1, 2, 3], [(1, 2, 0.1)], 0.9, must=[(1, 2), (2, 3)], cannot=[(1, 3)])
    assert labels == {1: 1, 2: 1, 3: 3}
    assert refused == [(2, 3)]


def test_full_rerun_keeps_ids_by_overlap_and_never_reuses_one() -> None:
    current = {1: "P-1", 2: "P-1", 3: "P-2", 4: "P-2", 5: "P-3"}
    # New clusters: {1,2,3} (overlaps P-1 twice, P-2 once), {4} (P-2), {5,6} (P-3 + a new record)
    labels = {1: 1, 2: 1, 3: 1, 4: 4, 5: 5, 6: 5}
    assert stable_ids(labels, current) == {1: "P-1", 2: "P-1", 3: "P-1", 4: "P-2", 5: "P-3", 6: "P-3"}
    # Two clusters claim P-1 equally: the one with more overlap wins, the other is new.
    split = stable_ids({1: 1, 2: 2}, {1: "P-1", 2: "P-1"})
    assert sorted(split.values()) == ["P-1", "new:2"]


def test_protected_persons_choose_first() -> None:
    # Cluster {1,2,3} overlaps P-1 twice and P-2 once; cluster {4} overlaps P-2 once. With P-2
    # reviewed it still goes to the cluster... both are tied on P-2 at one record: the lower label.
    labels = {1: 1, 2: 1, 3: 1, 4: 4}
    current = {1: "P-1", 2: "P-1", 3: "P-2", 4: "P-2"}
    assert stable_ids(labels, current, protected={"P-2"}) == {1: "P-2", 2: "P-2", 3: "P-2", 4: "new:4"}
    assert stable_ids(labels, current) == {1: "P-1", 2: "P-1", 3: "P-1", 4: "P-2"}


def test_attach_joins_new_records_to_existing_persons_or_makes_new_ones() -> None:
    current = {1: "P-1", 2: "P-2"}
    edges = [(10, 1, 0.97), (10, 2, 0.93), (11, 10, 0.95), (12, 2, 0.5)]
    found = attach([10, 11, 12], edges, current, 0.9)
    assert found == {10: "P-1", 11: "P-1", 12: "new:12"}
    # A non-match decision between 10 and record 1 sends the pair to its next-best person.
    assert attach([10, 11, 12], edges, current, 0.9, cannot=[(1, 10)])[10] == "P-2"
    # A match decision outranks any score.
    assert attach([12], edges, current, 0.9, must=[(12, 1)]) == {12: "P-1"}
