"""Linkage at scale on SYNTHETIC lists (invented people; tests/data/lists/synthetic.py).

Two lists of 100,000 records each (list A in Persian script, list B in Latin
transliterations with variants and typos; 50,000 persons on both), stored in a SQLite
ledger, linked in one full run (train by EM, score, cluster, assign person ids), then
1,000 new rows (500 of known persons, 500 new) linked incrementally.  Prints wall times,
peak RSS and precision/recall against the generator's truth; asserts nothing.

Baseline in the same run: exact match on the normalized name (pandas merge).

    uv run python benchmarks/linkage_scale.py            # 100,000 x 100,000
    uv run python benchmarks/linkage_scale.py --n 20000  # smaller
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "data" / "lists"))

from synthetic import people, render

from rightsledger.analyze.linkage import link
from rightsledger.ingest.lists import read_list
from rightsledger.store import Ledger
from rightsledger.store import lists as store


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_list(path: Path, persons, script: str, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "sex", "age", "birth_date", "event_date", "event_place", "true_person"])
        for p in persons:
            name, place = render(p, script, rng, typo_rate=0.1)
            age = p.event_date.year - p.birth.year
            use_age = rng.random() < 0.3
            w.writerow([name, p.sex, age if use_age else "", "" if use_age else p.birth.isoformat(),
                        p.event_date.isoformat(), place, p.id])  # fmt: skip


def accuracy(ledger: Ledger) -> tuple[float, float]:
    from collections import Counter

    from sqlalchemy import select

    from rightsledger.store.lists import ListRecordRow

    with ledger._sessions() as session:
        truth = {
            rid: raw["true_person"]
            for rid, raw in session.execute(select(ListRecordRow.id, ListRecordRow.raw))
        }
    current = store.current_assignments(ledger)

    def pair_count(labels: dict[int, str]) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(labels.values()).values())

    joint = pair_count({r: f"{current[r]}|{truth[r]}" for r in current})
    found, true = pair_count(current), pair_count({r: truth[r] for r in current})
    return joint / max(1, found), joint / max(1, true)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000, help="records per list")
    parser.add_argument("--backend", default="duckdb")
    args = parser.parse_args()
    n, half = args.n, args.n // 2
    persons = people(n + half + 500, seed=11, father_names=True, suffixes=True)
    a, b = persons[:n], persons[half : half + n]
    tmp = Path(tempfile.mkdtemp(prefix="rl-bench-"))
    write_list(tmp / "a.csv", a, "persian", 1)
    write_list(tmp / "b.csv", b, "latin", 2)
    known = random.Random(3).sample(persons[: n + half], 500)
    write_list(tmp / "c.csv", known + persons[n + half :], "latin", 4)
    print(f"SYNTHETIC lists: A {len(a):,} (Persian script), B {len(b):,} (Latin), {half:,} persons on both")

    ledger = Ledger.open(f"sqlite:///{tmp / 'ledger.sqlite3'}")
    t = time.perf_counter()
    for name in ("a", "b"):
        store.import_list(ledger, name, read_list(tmp / f"{name}.csv"))
    print(f"import 2 x {n:,} rows into SQLite:          {time.perf_counter() - t:7.1f} s")

    t = time.perf_counter()
    report = link(ledger, backend=args.backend)
    seconds = time.perf_counter() - t
    p, r = accuracy(ledger)
    print(f"full link {n:,} x {n:,} ({args.backend}):       {seconds:7.1f} s  ", end="")
    print(f"({report.pairs:,} pairs >= 0.3, {report.persons:,} persons; precision {p:.4f}, recall {r:.4f})")
    print(f"peak RSS so far:                            {rss_mb():7.0f} MB")

    t = time.perf_counter()
    store.import_list(ledger, "c", read_list(tmp / "c.csv"))
    imported = time.perf_counter() - t
    t = time.perf_counter()
    inc = link(ledger, backend=args.backend)
    seconds = time.perf_counter() - t
    p, r = accuracy(ledger)
    print(f"import 1,000 new rows:                      {imported:7.1f} s")
    print(f"incremental link of 1,000 rows ({inc.kind}): {seconds:7.1f} s  "
          f"({len(inc.new_persons)} new persons; precision {p:.4f}, recall {r:.4f})")  # fmt: skip

    t = time.perf_counter()
    import pandas as pd

    from rightsledger.ingest.lists_names import sorted_form

    fa = pd.DataFrame({"k": [sorted_form(x) for x in pd.read_csv(tmp / "a.csv")["name"]]})
    fb = pd.DataFrame({"k": [sorted_form(x) for x in pd.read_csv(tmp / "b.csv")["name"]]})
    merged = fa.merge(fb, on="k")
    print(
        f"baseline exact normalized name A x B:       {time.perf_counter() - t:7.1f} s  ",
        f"({len(merged):,} pairs)",
    )
    print(f"peak RSS:                                   {rss_mb():7.0f} MB")
    ledger.close()


if __name__ == "__main__":
    main()
