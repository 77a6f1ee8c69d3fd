"""Person clusters from scored pairs, under reviewers' must-link / cannot-link decisions, and
stable person ids across runs.

Clustering is greedy single-linkage with constraints: must-links join first, then pairs
from the most to the least probable join when at or above the threshold, unless a
cannot-link would end up inside one cluster.  (Splink's own connected components cannot
refuse a join, which is why this is ours.)  Ids: a full run maps each new cluster onto
the old person id it overlaps most (persons a reviewer has touched first); an incremental
run only attaches new records to existing persons or makes new persons, so no existing id
ever changes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

Pair = tuple[int, int]


class Components:
    """Union-find over record ids that refuses joins forbidden by cannot-links."""

    def __init__(self, ids: Iterable[int], cannot: Iterable[Pair] = ()) -> None:
        self.parent = {i: i for i in ids}
        self.members: dict[int, list[int]] = {i: [i] for i in self.parent}
        self.cannot: dict[int, set[int]] = defaultdict(set)
        for a, b in cannot:
            self.cannot[a].add(b)
            self.cannot[b].add(a)

    def add(self, i: int) -> None:
        if i not in self.parent:
            self.parent[i] = i
            self.members[i] = [i]

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def allowed(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, other = (ra, rb) if len(self.members[ra]) <= len(self.members[rb]) else (rb, ra)
        return not any(self.find(x) == other for m in self.members[small] for x in self.cannot.get(m, ()))

    def union(self, a: int, b: int) -> bool:
        """Join the clusters of a and b; False (and nothing joined) when a cannot-link forbids it."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not self.allowed(a, b):
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        return True

    def labels(self) -> dict[int, int]:
        """record -> smallest record id of its cluster."""
        smallest = {root: min(members) for root, members in self.members.items()}
        return {i: smallest[self.find(i)] for i in self.parent}


def cluster(
    ids: Iterable[int],
    edges: Iterable[tuple[int, int, float]],
    threshold: float,
    *,
    must: Iterable[Pair] = (),
    cannot: Iterable[Pair] = (),
) -> tuple[dict[int, int], list[Pair]]:
    """(record -> cluster label, must-links refused because they contradict cannot-links)."""
    comps = Components(ids, cannot)
    refused = [(a, b) for a, b in must if a in comps.parent and b in comps.parent and not comps.union(a, b)]
    forbidden = {(min(a, b), max(a, b)) for a, b in cannot}
    for a, b, p in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        if p >= threshold and (min(a, b), max(a, b)) not in forbidden:
            comps.union(a, b)
    return comps.labels(), refused


def stable_ids(
    labels: Mapping[int, int], current: Mapping[int, str], protected: Iterable[str] = ()
) -> dict[int, str]:
    """record -> person id: each cluster keeps the old id it overlaps most, else ``new:<label>``.

    Persons in ``protected`` (touched by a reviewer) choose first; then larger overlaps,
    then lower ids.  An old id goes to at most one cluster.
    """
    keep = set(protected)
    overlap: Counter[tuple[int, str]] = Counter()
    for record, label in labels.items():
        person = current.get(record)
        if person is not None:
            overlap[(label, person)] += 1
    chosen: dict[int, str] = {}
    used: set[str] = set()
    for (label, person), _n in sorted(
        overlap.items(), key=lambda x: (x[0][1] not in keep, -x[1], x[0][1], x[0][0])
    ):
        if label not in chosen and person not in used:
            chosen[label] = person
            used.add(person)
    return {record: chosen.get(label, f"new:{label}") for record, label in labels.items()}


def attach(
    new: Iterable[int],
    edges: Iterable[tuple[int, int, float]],
    current: Mapping[int, str],
    threshold: float,
    *,
    must: Iterable[Pair] = (),
    cannot: Iterable[Pair] = (),
) -> dict[int, str]:
    """person ids for ``new`` records only: clusters among the new records join the existing
    person they link to most strongly (never one a cannot-link forbids), else become new persons."""
    new = list(new)
    new_set = set(new)
    cannot = list(cannot)
    comps = Components(new, [(a, b) for a, b in cannot if a in new_set and b in new_set])
    to_person: dict[int, dict[str, float]] = defaultdict(dict)  # new record -> person -> best p
    for a, b in must:
        if a in new_set and b in new_set:
            comps.union(a, b)
        elif a in new_set and b in current:
            to_person[a][current[b]] = 2.0  # a reviewer's match outranks any score
        elif b in new_set and a in current:
            to_person[b][current[a]] = 2.0
    forbidden = {(min(a, b), max(a, b)) for a, b in cannot}
    for a, b, p in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        if p < threshold or (min(a, b), max(a, b)) in forbidden:
            continue
        if a in new_set and b in new_set:
            comps.union(a, b)
        elif a in new_set and b in current:
            to_person[a][current[b]] = max(p, to_person[a].get(current[b], 0.0))
        elif b in new_set and a in current:
            to_person[b][current[a]] = max(p, to_person[b].get(current[a], 0.0))
    barred: dict[int, set[str]] = defaultdict(set)  # new record -> persons it must not join
    for a, b in cannot:
        if a in new_set and b in current:
            barred[a].add(current[b])
        if b in new_set and a in current:
            barred[b].add(current[a])
    labels = comps.labels()
    groups: dict[int, list[int]] = defaultdict(list)
    for record, label in labels.items():
        groups[label].append(record)
    out: dict[int, str] = {}
    for label, members in groups.items():
        scores: dict[str, float] = {}
        for m in members:
            for person, p in to_person.get(m, {}).items():
                scores[person] = max(p, scores.get(person, 0.0))
        blocked = set().union(*(barred.get(m, set()) for m in members))
        options = sorted(
            ((p, person) for person, p in scores.items() if person not in blocked),
            key=lambda x: (-x[0], x[1]),
        )
        person = options[0][1] if options else f"new:{label}"
        out.update(dict.fromkeys(members, person))
    return out
