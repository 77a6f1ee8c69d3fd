"""Speed and memory of the default extractor, against spaCy's bare blank-English sentencizer.

    uv run python benchmarks/extract_speed.py [--quick] [--save]

Prints figures, asserts nothing. Three parts:

1. throughput: words/s of ``get_extractor().extract`` and of the baseline on the same texts;
2. peak RSS of one large input (up to 10 MiB), each size in a fresh subprocess with a timeout;
3. memory across many documents in one (fresh) process: does it stay flat?

Words are counted the same way for both: ``len(re.findall(r"\\w+", text))``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS_GLOBS = (
    (ROOT / "tests" / "data" / "gold", "*.txt"),
    (ROOT / "examples", "*.txt"),
    (SHARED / "corpus" / "dev", "*.txt"),
)
RESULTS = ROOT / "benchmarks" / "results" / "extract_speed.json"
MIB = 1024 * 1024
WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Settings:
    throughput_words: int
    repetitions: int
    sizes_mib: tuple[float, ...]  # ascending; the last is the headline size
    timeout_s: float
    growth_checkpoints: tuple[int, ...]


FULL = Settings(200_000, 3, (0.125, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0), 180.0, (200, 400, 800))
QUICK = Settings(30_000, 3, (0.0625, 0.125, 0.25, 0.5, 1.0, 10.0), 30.0, (25, 50, 100))


# -- corpus --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    name: str
    text: str
    published: str | None


def load_reports() -> list[Report]:
    """The gold, example and (when present) shared dev reports, with their sidecar publication dates."""
    out: list[Report] = []
    for folder, pattern in CORPUS_GLOBS:
        for path in sorted(folder.glob(pattern)):
            meta = path.with_suffix(".meta.json")
            sidecar = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
            published = sidecar.get("published")
            out.append(Report(path.stem, path.read_text(encoding="utf-8"), published))
    if not out:
        sys.exit("no reports found under tests/data/gold, examples or ../shared/corpus/dev")
    return out


def words(text: str) -> int:
    return len(WORD_RE.findall(text))


def cycle(reports: Sequence[Report], n: int) -> list[Report]:
    return [reports[i % len(reports)] for i in range(n)]


def big_text(reports: Sequence[Report], size_bytes: int) -> str:
    """The reports, separated by blank lines, repeated until the text reaches ``size_bytes`` (UTF-8)."""
    parts: list[str] = []
    total = 0
    i = 0
    while total < size_bytes:
        part = reports[i % len(reports)].text.strip()
        parts.append(part)
        total += len(part.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(parts)


# -- the two things measured ---------------------------------------------------------------------------

Runner = Callable[[Sequence[Report]], None]


def extractor_runner() -> Runner:
    from rightsledger.extract import get_extractor

    extractor = get_extractor()

    def run(reports: Sequence[Report]) -> None:
        for r in reports:
            extractor.extract(r.text, published=r.published)

    return run


def baseline_runner() -> Runner:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000

    def run(reports: Sequence[Report]) -> None:
        for doc in nlp.pipe(r.text for r in reports):
            for _ in doc.sents:
                pass

    return run


RUNNERS: dict[str, Callable[[], Runner]] = {"extractor": extractor_runner, "baseline": baseline_runner}


# -- memory helpers ------------------------------------------------------------------------------------


def peak_rss_mib() -> float:
    """This process's peak resident set size (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def proc_status_mib(pid: int | str, key: str) -> float | None:
    """VmRSS / VmHWM of a process from /proc (Linux), in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# -- part 1: throughput --------------------------------------------------------------------------------


@dataclass
class Throughput:
    name: str
    words: int
    seconds: list[float]

    @property
    def best_wps(self) -> float:
        return self.words / min(self.seconds)

    @property
    def median_wps(self) -> float:
        return self.words / statistics.median(self.seconds)


def throughput(reports: Sequence[Report], s: Settings) -> list[Throughput]:
    per_cycle = sum(words(r.text) for r in reports)
    texts = cycle(reports, len(reports) * max(1, math.ceil(s.throughput_words / per_cycle)))
    n_words = sum(words(r.text) for r in texts)
    print(f"throughput: {len(texts)} texts, {n_words:,} words; 1 warm-up pass, then {s.repetitions} timed")
    out: list[Throughput] = []
    for name, make in RUNNERS.items():
        run = make()
        run(reports)  # warm-up: loads spaCy, compiles regexes, fills caches
        seconds: list[float] = []
        for _ in range(s.repetitions):
            gc.collect()
            t0 = time.perf_counter()
            run(texts)
            seconds.append(time.perf_counter() - t0)
        result = Throughput(name, n_words, seconds)
        runs = ", ".join(f"{x:.2f}" for x in seconds)
        print(f"  {name:9} best {result.best_wps:>12,.0f} words/s   runs {runs} s")
        out.append(result)
    return out


# -- part 2: one large input, in a fresh subprocess per size ------------------------------------------


@dataclass
class BigRun:
    name: str
    size_mib: float
    status: str  # "ok", "timeout", "skipped", "failed"
    seconds: float | None = None
    peak_rss_mib: float | None = None  # whole child process
    start_rss_mib: float | None = None  # after imports and warm-up, with the text built
    note: str = ""

    @property
    def s_per_mib(self) -> float | None:
        return self.seconds / self.size_mib if self.seconds is not None else None


def child_big(name: str, size_mib: float) -> None:
    """In the child: build the text, extract it once, print one JSON line."""
    reports = load_reports()
    run = RUNNERS[name]()
    run(reports[:1])
    text = big_text(reports, int(size_mib * MIB))
    start_rss = proc_status_mib("self", "VmRSS")
    t0 = time.perf_counter()
    run([Report("big", text, None)])
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "peak_rss_mib": peak_rss_mib(), "start_rss_mib": start_rss}))


def spawn(args: list[str], timeout: float) -> tuple[str, str | None, float | None]:
    """Run this script as a child; (status, stdout, VmHWM at a timeout)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        hwm = proc_status_mib(proc.pid, "VmHWM")
        proc.kill()
        proc.communicate()
        return "timeout", None, hwm
    if proc.returncode != 0:
        return "failed", err.strip().splitlines()[-1] if err.strip() else f"exit {proc.returncode}", None
    return "ok", out, None


def big_input(s: Settings) -> list[BigRun]:
    """Each size in a fresh child, ascending; stop at a timeout, skip sizes projected far past it."""
    sizes = ", ".join(f"{x:g}" for x in s.sizes_mib)
    print(f"\none large input: sizes {sizes} MiB, each in a fresh process, timeout {s.timeout_s:.0f} s")
    out: list[BigRun] = []
    for name in RUNNERS:
        done: list[BigRun] = []
        stopped = ""
        for size in s.sizes_mib:
            if stopped:
                out.append(BigRun(name, size, "skipped", note="a smaller size was too slow"))
                continue
            projected = project(done, size)
            if projected is not None and projected > 2 * s.timeout_s:
                stopped = f"projected {projected:,.0f} s from smaller sizes"
                out.append(BigRun(name, size, "skipped", note=stopped))
                print(f"  {name:9} {size:>7g} MiB  skipped ({stopped})")
                continue
            status, stdout, hwm = spawn(["--child-big", name, str(size)], s.timeout_s)
            if status == "ok" and stdout:
                r = BigRun(name, size, "ok", **json.loads(stdout.strip().splitlines()[-1]))
                done.append(r)
                print(
                    f"  {name:9} {size:>7g} MiB  {r.seconds:8.1f} s  {r.s_per_mib:8.1f} s/MiB  "
                    f"peak RSS {r.peak_rss_mib:7.0f} MiB (start {r.start_rss_mib:.0f})"
                )
            else:
                note = f"> {s.timeout_s:.0f} s" if status == "timeout" else (stdout or "")
                r = BigRun(name, size, status, peak_rss_mib=hwm, note=note)
                stopped = f"{size:g} MiB {status}"
                extra = f", peak RSS so far {hwm:.0f} MiB" if hwm is not None else ""
                print(f"  {name:9} {size:>7g} MiB  {status} ({note}{extra})")
            out.append(r)
        if len(done) >= 2:
            k = exponent(done[-2], done[-1])
            for target in (1.0, 10.0):
                if not any(d.size_mib == target for d in done):
                    print(
                        f"  {name:9} time grows as size^{k:.2f}; extrapolated {target:g} MiB: "
                        f"{done[-1].seconds * (target / done[-1].size_mib) ** k:,.0f} s"
                    )
    return out


def exponent(a: BigRun, b: BigRun) -> float:
    assert a.seconds and b.seconds
    return math.log(b.seconds / a.seconds) / math.log(b.size_mib / a.size_mib)


def project(done: Sequence[BigRun], size: float) -> float | None:
    """Time for ``size`` extrapolated from the last two sizes (at least linear)."""
    if len(done) < 2:
        return None
    k = max(1.0, exponent(done[-2], done[-1]))
    return (done[-1].seconds or 0) * (size / done[-1].size_mib) ** k


# -- part 3: memory across many documents, one fresh process ------------------------------------------


@dataclass
class Checkpoint:
    docs: int
    seconds: float
    rss_mib: float | None
    peak_rss_mib: float
    traced_mib: float  # Python objects still alive after gc (tracemalloc current)
    traced_peak_mib: float  # tracemalloc peak within the batch


def child_growth(checkpoints: Sequence[int]) -> Iterator[Checkpoint]:
    reports = load_reports()
    run = extractor_runner()
    run(reports)  # warm-up, so one-off caches are not counted as growth
    gc.collect()
    tracemalloc.start()
    done = 0
    t0 = time.perf_counter()
    for n in checkpoints:
        tracemalloc.reset_peak()
        run(cycle(reports, n)[done:])
        done = n
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
        rss = proc_status_mib("self", "VmRSS")
        yield Checkpoint(n, time.perf_counter() - t0, rss, peak_rss_mib(), current / MIB, peak / MIB)


def growth(s: Settings) -> list[Checkpoint]:
    total = s.growth_checkpoints[-1]
    print(f"\nmemory across documents: one fresh process, {total} documents, tracemalloc on (slower)")
    status, stdout, _ = spawn(["--child-growth", ",".join(map(str, s.growth_checkpoints))], 40 * s.timeout_s)
    if status != "ok" or not stdout:
        print(f"  {status}: {stdout}")
        return []
    points = [Checkpoint(**json.loads(line)) for line in stdout.splitlines() if line.startswith("{")]
    for p in points:
        print(
            f"  after {p.docs:>5} docs  RSS {p.rss_mib or 0:6.0f} MiB  peak RSS {p.peak_rss_mib:6.0f} MiB  "
            f"traced live {p.traced_mib:7.2f} MiB  traced peak {p.traced_peak_mib:7.2f} MiB  "
            f"({p.seconds:.0f} s)"
        )
    return points


# -- report --------------------------------------------------------------------------------------------


@dataclass
class Results:
    machine: dict[str, Any]
    throughput: list[dict[str, Any]] = field(default_factory=list)
    big_input: list[dict[str, Any]] = field(default_factory=list)
    growth: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def machine() -> dict[str, Any]:
    git = ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]
    try:
        commit = subprocess.run(git, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        commit = ""
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "commit": commit,
    }


def fmt(x: float | None, spec: str = ",.0f", unit: str = "") -> str:
    return "–" if x is None else f"{x:{spec}}{unit}"


def print_table(
    tp: list[Throughput], big: list[BigRun], points: list[Checkpoint], summary: dict[str, Any]
) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="extract_speed", show_lines=False)
    for col in ("figure", "extractor", "baseline (blank en + sentencizer)"):
        table.add_column(col, justify="right" if col != "figure" else "left")
    by = {t.name: t for t in tp}
    table.add_row("words/s, best of runs", *(fmt(by[n].best_wps) for n in RUNNERS))
    table.add_row("words/s, median of runs", *(fmt(by[n].median_wps) for n in RUNNERS))
    for size in dict.fromkeys(b.size_mib for b in big):
        cells = []
        for n in RUNNERS:
            b = next(x for x in big if x.name == n and x.size_mib == size)
            if b.status == "ok":
                cells.append(f"{b.seconds:,.1f} s, peak {b.peak_rss_mib:,.0f} MiB")
            else:
                so_far = f", peak so far {b.peak_rss_mib:,.0f} MiB" if b.peak_rss_mib is not None else ""
                cells.append(f"{b.status} ({b.note}{so_far})" if b.note else b.status)
        table.add_row(f"{size:g} MiB input", *cells)
    if points:
        table.add_row(
            f"peak RSS growth {points[0].docs}→{points[-1].docs} docs",
            fmt(points[-1].peak_rss_mib - points[0].peak_rss_mib, "+,.1f", " MiB"),
            "",
        )
        live = points[-1].traced_mib - points[0].traced_mib
        table.add_row("live Python memory growth", fmt(live, "+,.2f", " MiB"), "")
    Console(width=120).print(table)
    print(summary["line"])


def summarise(tp: list[Throughput], big: list[BigRun], points: list[Checkpoint]) -> dict[str, Any]:
    by = {t.name: t for t in tp}
    ratio = by["extractor"].best_wps / by["baseline"].best_wps
    headline = max(b.size_mib for b in big)

    def at(name: str) -> str:
        runs = [b for b in big if b.name == name]
        head = next(b for b in runs if b.size_mib == headline)
        if head.status == "ok":
            return f"{head.peak_rss_mib:,.0f} MiB peak RSS at {headline:g} MiB ({head.seconds:,.0f} s)"
        ok = [b for b in runs if b.status == "ok"]
        largest = (
            f"; largest done {ok[-1].size_mib:g} MiB in {ok[-1].seconds:,.0f} s "
            f"({ok[-1].s_per_mib:,.0f} s/MiB, peak {ok[-1].peak_rss_mib:,.0f} MiB)"
            if ok
            else ""
        )
        first_fail = next(b for b in runs if b.status != "ok")
        why = f"{first_fail.size_mib:g} MiB {first_fail.status} ({first_fail.note})"
        return f"{headline:g} MiB not done: {why}{largest}"

    rss_growth = points[-1].peak_rss_mib - points[0].peak_rss_mib if points else None
    live_growth = points[-1].traced_mib - points[0].traced_mib if points else None
    line = (
        f"extractor {by['extractor'].best_wps:,.0f} words/s vs baseline {by['baseline'].best_wps:,.0f} "
        f"(ratio {ratio:.4f}, best of {len(by['extractor'].seconds)}); extractor: {at('extractor')}; "
        f"baseline: {at('baseline')}; "
        + (
            f"growth {points[0].docs}→{points[-1].docs} docs: peak RSS {rss_growth:+.1f} MiB, "
            f"live {live_growth:+.2f} MiB"
            if points
            else "growth not measured"
        )
    )
    return {
        "ratio_extractor_over_baseline": ratio,
        "peak_rss_growth_mib": rss_growth,
        "live_python_growth_mib": live_growth,
        "line": line,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer words, smaller sizes, shorter timeout")
    parser.add_argument("--save", action="store_true", help=f"write figures to {RESULTS.relative_to(ROOT)}")
    parser.add_argument("--timeout", type=float, help="seconds allowed per large-input child")
    parser.add_argument("--child-big", nargs=2, metavar=("NAME", "MIB"), help=argparse.SUPPRESS)
    parser.add_argument("--child-growth", metavar="N,N,N", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child_big:
        child_big(args.child_big[0], float(args.child_big[1]))
        return
    if args.child_growth:
        for point in child_growth([int(x) for x in args.child_growth.split(",")]):
            print(json.dumps(asdict(point)), flush=True)
        return

    s = QUICK if args.quick else FULL
    if args.timeout:
        s = Settings(s.throughput_words, s.repetitions, s.sizes_mib, args.timeout, s.growth_checkpoints)
    reports = load_reports()
    info = machine()
    print(
        f"{len(reports)} reports, {sum(words(r.text) for r in reports):,} words; "
        f"{info['platform']}, Python {info['python']}, {info['cpus']} CPUs, commit {info['commit']}"
        f"{' (--quick)' if args.quick else ''}\n"
    )
    tp = throughput(reports, s)
    big = big_input(s)
    points = growth(s)
    summary = summarise(tp, big, points)
    print()
    print_table(tp, big, points, summary)

    if args.save:
        results = Results(
            machine={**info, "quick": args.quick},
            throughput=[{**asdict(t), "best_wps": t.best_wps, "median_wps": t.median_wps} for t in tp],
            big_input=[{**asdict(b), "s_per_mib": b.s_per_mib} for b in big],
            growth=[asdict(p) for p in points],
            summary=summary,
        )
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(asdict(results), indent=2) + "\n", encoding="utf-8")
        print(f"saved {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
