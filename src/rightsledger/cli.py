"""The ``rightsledger`` command: a thin shell over the ingest, extract and store stages.

Every ``LedgerError`` becomes one ``error: ...`` line on stderr and exit code 1.
Stages are imported inside the commands that use them, so ``--help`` is fast
and ``extract PATH`` never loads (or creates) the store.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import sys
from collections import Counter
from collections.abc import Iterable
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from rightsledger import __version__
from rightsledger.commands import actors as actor_commands
from rightsledger.commands import audit as audit_commands
from rightsledger.commands import estimate as estimate_commands
from rightsledger.commands import grades as grade_commands
from rightsledger.commands import web as web_commands
from rightsledger.commands.shell import err, friendly, out
from rightsledger.commands.shell import open_ledger as _open
from rightsledger.config import DB_ENV, HOME_ENV, Settings, resolve
from rightsledger.domain import FACT_TYPES
from rightsledger.errors import LedgerError

if TYPE_CHECKING:
    from rightsledger.store import Ledger, StoredDocument, StoredFact


app = typer.Typer(
    help="An evidence ledger for human-rights monitoring: reports in, facts out, "
    "every fact traced to its source.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_START, _STOP = "\x02", "\x03"  # search-hit markers, turned into styles when printed
_ISO_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
FactType = Enum("FactType", {kind: kind for kind in FACT_TYPES}, type=str)  # type: ignore[misc]


class FactsFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ExtractFormat(StrEnum):
    facts_jsonl = "facts-jsonl"


def _version(value: bool) -> None:
    if value:
        out.print(f"rightsledger {__version__}")
        raise typer.Exit()


@app.callback()
def options(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(envvar=HOME_ENV, help="Data folder (blobs, and the SQLite ledger). Default: ./ledger"),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            envvar=DB_ENV, help="Database URL, e.g. postgresql://user@host/db (default: SQLite in HOME)"
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    # pypdf logs its own repair notes ("EOF marker not found") to stderr; the ingest
    # error already names the file and the problem, so keep only the one clear line.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    # resolve() only computes paths: nothing is created until a command opens the ledger.
    ctx.obj = resolve(home, db)


def _size(n: int) -> str:
    value = float(n)
    for unit in ("bytes", "KiB", "MiB"):
        if value < 1024:
            return f"{n} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def _check_published(value: str | None) -> str | None:
    if value is not None and not _ISO_PREFIX.fullmatch(value):
        raise typer.BadParameter(f"{value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _tally(counts: Counter[str], order: Iterable[str]) -> str:
    return ", ".join(f"{counts[key]} {key}" for key in order if counts[key] or key == next(iter(order)))


# -- add --------------------------------------------------------------------------------------


@app.command()
@friendly
def add(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Report files (text, HTML, PDF) or folders of them.")],
    publisher: Annotated[str | None, typer.Option(help="Who published the report(s).")] = None,
    url: Annotated[str | None, typer.Option(help="Where the report was published.")] = None,
    published: Annotated[
        str | None, typer.Option(callback=_check_published, help="Publication date, YYYY[-MM[-DD]].")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title (default: from the report or .meta.json).")] = None,
    max_size: Annotated[
        float | None, typer.Option("--max-size", min=0.001, help="Largest file to read, in MB.")
    ] = None,
) -> None:
    """Add reports to the ledger: original bytes kept by SHA-256, text and provenance stored."""
    from rightsledger.errors import IngestError
    from rightsledger.ingest import MAX_BYTES_DEFAULT, BlobStore, discover, read_report

    settings: Settings = ctx.obj
    max_bytes = int(max_size * 1024 * 1024) if max_size else MAX_BYTES_DEFAULT
    counts: Counter[str] = Counter()
    with _open(ctx, create=True) as ledger:
        blobs = BlobStore(settings.blob_dir)
        for item in discover(paths):
            if isinstance(item, IngestError):
                counts["failed"] += 1
                err.print(f"error: {item}", markup=False)
                continue
            try:
                data, doc = read_report(
                    item, max_bytes=max_bytes, publisher=publisher, url=url, published=published, title=title
                )
                blobs.put(data)  # bytes first: a row must never point at a missing blob
                _doc_id, created = ledger.add_document(doc, path=str(item), url=url)
            except LedgerError as error:
                counts["failed"] += 1
                err.print(f"error: {error}", markup=False)
                continue
            except OSError as error:  # writing the blob: disk full, permissions
                counts["failed"] += 1
                err.print(f"error: {item}: cannot store its bytes ({error.strerror or error})", markup=False)
                continue
            if created:
                counts["added"] += 1
                line = f"added {doc.sha256[:12]} {item} ({doc.media_type}, {_size(doc.size)})"
                out.print(line, markup=False)
            else:
                counts["already stored"] += 1
                out.print(f"already stored {doc.sha256[:12]} {item}", markup=False)
    out.print(_tally(counts, ("added", "already stored", "failed")), markup=False)
    if counts["failed"]:
        raise typer.Exit(1)


# -- extract ----------------------------------------------------------------------------------


@app.command()
@friendly
def extract(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to extract from, printing facts; none: every stored document."),
    ] = None,
    format: Annotated[ExtractFormat, typer.Option("--format", help="Output format for PATHs.")] = (
        ExtractFormat.facts_jsonl
    ),
    published: Annotated[
        str | None,
        typer.Option(callback=_check_published, help="Date relative dates resolve against (PATHs only)."),
    ] = None,
    extractor: Annotated[
        str | None, typer.Option(help="Registered extractor (default: RIGHTSLEDGER_EXTRACTOR or built-in).")
    ] = None,
) -> None:
    """Extract facts: from PATHs to stdout (touching no store), or for stored documents into the ledger."""
    from rightsledger.extract import get_extractor

    chosen = get_extractor(extractor)
    if paths:
        failed = _extract_files(paths, chosen, published)
    else:
        if published is not None:
            raise typer.BadParameter(
                "applies to PATHs only; stored documents use their recorded date", param_hint="--published"
            )
        failed = _extract_stored(ctx, chosen)
    if failed:
        raise typer.Exit(1)


def _extract_files(paths: list[Path], chosen: Any, published: str | None) -> int:
    from rightsledger.errors import IngestError
    from rightsledger.ingest import discover, read_report

    failed = 0
    for item in discover(paths):
        try:
            if isinstance(item, IngestError):
                raise item
            _data, doc = read_report(item, published=published)
            facts = _run_extractor(chosen, doc.text, doc.provenance.published, str(item))
        except LedgerError as error:
            failed += 1
            err.print(f"error: {error}", markup=False)
            continue
        row = {"doc_id": item.stem, **facts.to_json()}
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return failed


def _run_extractor(chosen: Any, text: str, published: str | None, where: str) -> Any:
    from rightsledger.errors import ExtractError

    try:
        return chosen.extract(text, published=published)
    except LedgerError:
        raise
    except Exception as error:  # a plug-in's bug must not stop the other documents
        problem = f"{type(error).__name__}: {error}"
        raise ExtractError(f"{where}: extractor {chosen.name} failed: {problem}") from error


def _extract_stored(ctx: typer.Context, chosen: Any) -> int:
    counts: Counter[str] = Counter()
    facts_total = 0
    with _open(ctx) as ledger:
        pending = ledger.documents_needing_extraction(chosen.name, chosen.version)
        for doc_id in pending:
            doc = ledger.get_document(doc_id)
            try:
                where = f"document {doc.id} ({doc.sha256[:12]})"
                facts = _run_extractor(chosen, doc.text, doc.published, where)
                _extraction, created = ledger.save_extraction(doc.id, chosen.name, chosen.version, facts)
            except LedgerError as error:
                counts["failed"] += 1
                err.print(f"error: {error}", markup=False)
                continue
            if not created:
                counts["already extracted"] += 1
                continue
            by_type = Counter(kind for kind, _fact in facts.items())
            facts_total += sum(by_type.values())
            detail = ", ".join(f"{n} {kind}" for kind, n in by_type.items()) or "no facts"
            counts["extracted"] += 1
            out.print(f"extracted {doc.sha256[:12]} {doc.title or doc.source_path}: {detail}", markup=False)
    tally = _tally(counts, ("extracted", "already extracted", "failed"))
    out.print(f"{tally} ({facts_total} facts; extractor {chosen.name} {chosen.version})", markup=False)
    return counts["failed"]


# -- eval -------------------------------------------------------------------------------------

EvalType = Enum(  # type: ignore[misc]
    "EvalType",
    {k: k for k in ("counts", "statements", "violations", "instruments", "events", "resolutions", "actors")},
    type=str,
)


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("eval")
@friendly
def eval_(
    gold_dir: Annotated[
        Path, typer.Argument(help="Folder searched recursively for NAME.gold.json beside NAME.txt.")
    ],
    extractor: Annotated[
        str | None, typer.Option(help="Registered extractor (default: RIGHTSLEDGER_EXTRACTOR or built-in).")
    ] = None,
    type: Annotated[
        EvalType | None, typer.Option("--type", help="Show only this fact type's scores and misses.")
    ] = None,
    misses: Annotated[
        bool, typer.Option("--misses/--no-misses", help="List the facts missed and the extra ones.")
    ] = True,
    format: Annotated[EvalFormat, typer.Option("--format")] = EvalFormat.table,
) -> None:
    """Score extraction against gold annotations: per-type P / R / F1, macro-F1, and the misses.

    Runs the extractor on every NAME.txt with a NAME.gold.json beside it (published date from
    the gold file, else NAME.meta.json) and scores as ../shared/eval/FORMAT.md says. Touches no store.
    """
    from rightsledger.extract import get_extractor
    from rightsledger.extract.evaluation import EvalError, Evaluation, gold_documents, score_document
    from rightsledger.ingest import read_report

    chosen = get_extractor(extractor)
    evaluation = Evaluation()
    failed = 0
    for gold in gold_documents(gold_dir, warn=lambda line: err.print(f"warning: {line}", markup=False)):
        text, predicted = None, None
        try:
            _data, doc = read_report(gold.text_path, published=gold.published)
            text = doc.text
            predicted = _run_extractor(chosen, text, doc.provenance.published, str(gold.text_path))
        except LedgerError as error:  # scored as predicting nothing; the exit code says so
            failed += 1
            err.print(f"error: {error}", markup=False)
        score_document(evaluation, gold.gold, predicted, text, doc_id=gold.doc_id)
    if not evaluation.documents:
        raise EvalError(f"{gold_dir}: no gold file has its NAME.txt beside it")
    kinds = _eval_kinds(type.value if type else None)
    if format is EvalFormat.json:
        result = evaluation.to_json()
        result["extractor"] = {"name": chosen.name, "version": chosen.version}
        result["scores"] = {k: v for k, v in result["scores"].items() if k in kinds}
        result["misses"] = [m for m in result["misses"] if m["type"] in kinds] if misses else []
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    else:
        _print_evaluation(evaluation, kinds, misses, f"{chosen.name} {chosen.version}")
    if failed:
        raise typer.Exit(1)


def _eval_kinds(only: str | None) -> tuple[str, ...]:
    from rightsledger.extract.evaluation import REPORTED_TYPES

    if only is None:
        return REPORTED_TYPES
    return (only, "statement_regions") if only == "statements" else (only,)


def _print_evaluation(evaluation: Any, kinds: tuple[str, ...], misses: bool, extractor: str) -> None:
    from rightsledger.extract.evaluation import MACRO_TYPES, clip, describe

    table = Table("fact type", "tp", "fp", "fn", "P", "R", "F1", box=None, pad_edge=False)
    for kind in kinds:
        score = evaluation.scores[kind]
        table.add_row(
            kind,
            str(score.tp),
            str(score.fp),
            str(score.fn),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
        )
    out.print(table)
    for kind in kinds:
        score = evaluation.scores[kind]
        if score.accuracies:
            judged = ", ".join(
                f"{name.removesuffix('_accuracy').removesuffix('_accuracy_on_found')} "
                + ("-" if score.accuracy(name) is None else f"{score.accuracy(name):.3f}")
                + f" ({score.accuracies[name][0]}/{score.accuracies[name][1]})"
                for name in score.accuracies
            )
            out.print(f"{kind}, accuracy on the right ones: {judged}", markup=False)
    n = len(evaluation.documents)
    out.print(
        f"macro-F1 over {', '.join(MACRO_TYPES)}: {evaluation.macro_f1:.3f} "
        f"({n} document{'s' if n != 1 else ''}; extractor {extractor})",
        markup=False,
    )
    if not misses:
        return
    shown = [m for m in evaluation.misses if m.type in kinds]
    if not shown:
        out.print("\nNo misses.", markup=False)
        return
    for doc_id in dict.fromkeys(m.doc_id for m in shown):
        out.print(f"\n[bold]{escape(doc_id)}[/]")
        for kind in kinds:
            group = [m for m in shown if m.doc_id == doc_id and m.type == kind]
            if not group:
                continue
            out.print(
                f"  {kind} ({sum(m.side == 'missed' for m in group)} missed, "
                f"{sum(m.side == 'extra' for m in group)} extra)",
                markup=False,
            )
            for m in group:
                line = Text(f"    {m.side}: ", style="red" if m.side == "missed" else "yellow")
                line.append(f"[{m.span[0]}:{m.span[1]}] " if m.span else "[-] ", style="dim")
                line.append(describe(kind, m.fact))
                if m.note:
                    line.append(f" ({m.note})", style="dim")
                if m.text and m.text.strip():
                    line.append(f"  “{clip(m.text)}”", style="italic")
                out.print(line)


# -- query ------------------------------------------------------------------------------------


@app.command()
@friendly
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help='Words, "quoted phrases", OR, -excluded.')],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Most hits to show.")] = 10,
) -> None:
    """Full-text search over the stored reports, best matches first."""
    text = " ".join(query)
    with _open(ctx) as ledger:
        hits = ledger.search(text, limit, marks=(_START, _STOP))
    if not hits:
        out.print(f"no documents match {text}", markup=False)
        return
    for number, hit in enumerate(hits, 1):
        heading = Text(f"{number}. ", style="bold")
        heading.append(hit.title or "(untitled)", style="bold")
        heading.append(f"  doc {hit.doc_id} · {hit.sha256[:12]} · rank {hit.rank:.3g}", style="dim")
        out.print(heading)
        out.print(Text("   ").append_text(_marked(hit.snippet)))


def _marked(snippet: str) -> Text:
    text = Text()
    for i, part in enumerate(re.split(f"[{_START}{_STOP}]", snippet)):
        text.append(part, style="bold yellow" if i % 2 else "")
    return text


@app.command()
@friendly
def show(
    ctx: typer.Context,
    doc: Annotated[str, typer.Argument(help="Document id, SHA-256 prefix (6+ hex digits) or exact title.")],
) -> None:
    """A document's title, provenance (every addition) and facts by type: id, span and quoted text."""
    with _open(ctx) as ledger:
        stored = ledger.find_document(doc)
        facts = ledger.facts(document=stored.id)
        runs = ledger.extractions(stored.id)
    _print_document(stored)
    if not runs:
        out.print("\nNo facts extracted yet: run `rightsledger extract`.", markup=False)
        return
    if not facts:
        name, version, _at, _n = runs[-1]
        out.print(f"\nNo facts found by {name} {version}.", markup=False)
        return
    extractors = sorted({f"{f.extractor} {f.version}" for f in facts})
    out.print(f"\n[bold]Facts[/] ({len(facts)}, by {', '.join(escape(e) for e in extractors)})")
    for kind in FACT_TYPES:
        group = [f for f in facts if f.type == kind]
        if not group:
            continue
        out.print(f"\n[bold]{kind}[/] ({len(group)})")
        for fact in group:
            line = Text(f"  #{fact.id} ")
            line.append(f"[{fact.span[0]}:{fact.span[1]}] " if fact.span else "[-] ", style="dim")
            line.append(_describe(fact))
            if fact.span:
                line.append(f"  “{_quote(stored.text, fact.span)}”", style="italic")
            out.print(line)


def _print_document(doc: StoredDocument) -> None:
    out.print(Text(doc.title or "(untitled)", style="bold"))
    rows = [
        ("id", str(doc.id)),
        ("sha256", doc.sha256),
        ("type", f"{doc.media_type}, {_size(doc.size)}, {len(doc.text)} characters of text"),
        ("publisher", doc.publisher),
        ("published", doc.published),
        ("url", doc.url),
    ]
    for label, value in rows:
        if value:
            out.print(f"  {label:<10} {value}", markup=False)
    out.print(f"\n[bold]Added[/] ({len(doc.additions)} time{'s' if len(doc.additions) != 1 else ''})")
    for a in doc.additions:
        where = " ".join(x for x in (a.source_path, a.url and f"<{a.url}>") if x) or "(no path)"
        out.print(f"  {a.added_at} by {a.added_by or 'unknown'} from {where}", markup=False)


def _describe(fact: StoredFact) -> str:
    data = {k: v for k, v in fact.data.items() if k != "span" and v not in (None, [], "")}
    if fact.type == "counts":
        amount = f"{data.pop('value'):,}" if "value" in data else f"{data.get('low')}–{data.get('high')}"
        data.pop("low", None), data.pop("high", None)
        head = f"{amount} {data.pop('category', '')} ({data.pop('qualifier', '')})"
    elif "code" in data:
        head = str(data.pop("code"))
    else:
        head = ""
    rest = " ".join(
        f"{k}={v}" if not isinstance(v, list) else f"{k}={'; '.join(map(str, v))}" for k, v in data.items()
    )
    return " ".join(x for x in (head, rest) if x)


def _quote(text: str, span: tuple[int, int], limit: int = 120) -> str:
    quoted = " ".join(text[span[0] : span[1]].split())
    return quoted if len(quoted) <= limit else quoted[: limit - 1] + "…"


@app.command()
@friendly
def facts(
    ctx: typer.Context,
    type: Annotated[FactType | None, typer.Option("--type", help="Only facts of this type.")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document (id, hash or title).")] = None,
    format: Annotated[FactsFormat, typer.Option("--format")] = FactsFormat.table,
) -> None:
    """Stored facts (from each document's latest extraction) with their ids, as a table, CSV or JSON."""
    with _open(ctx) as ledger:
        document = ledger.find_document(doc).id if doc else None
        found = ledger.facts(type=type.value if type else None, document=document)
    if format is FactsFormat.json:
        rows = [_fact_record(f) for f in found]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif format is FactsFormat.csv:
        sys.stdout.write(_facts_csv(found))
    else:
        if not found:
            out.print("no facts stored" + (" of that type" if type else "") + "; run `rightsledger extract`")
            return
        table = Table("id", "doc", "type", "span", "fact", box=None, pad_edge=False)
        for f in found:
            span = f"{f.span[0]}–{f.span[1]}" if f.span else ""
            table.add_row(str(f.id), f"{f.document_id} {f.sha256[:8]}", f.type, span, escape(_describe(f)))
        out.print(table)


_FACT_COLUMNS = ("id", "doc_id", "sha256", "type", "span_start", "span_end", "extractor", "version")


def _field(kind: str, key: str) -> str:
    """A fact field's column name; one named like a fixed column gets the type's prefix (actor_type)."""
    return f"{kind.removesuffix('s')}_{key}" if key in _FACT_COLUMNS else key


def _fact_record(f: StoredFact) -> dict[str, Any]:
    return {
        "id": f.id,
        "doc_id": f.document_id,
        "sha256": f.sha256,
        "type": f.type,
        "extractor": f.extractor,
        "version": f.version,
        **{_field(f.type, k): v for k, v in f.data.items()},
    }


def _facts_csv(found: list[StoredFact]) -> str:
    columns: dict[str, None] = {}
    for f in found:
        columns.update(dict.fromkeys(_field(f.type, k) for k in f.data if k != "span"))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*_FACT_COLUMNS, *columns])
    for f in found:
        cells = {_field(f.type, k): v for k, v in f.data.items()}
        values = ["; ".join(map(str, v)) if isinstance(v, list) else v for v in map(cells.get, columns)]
        start, end = f.span or (None, None)
        writer.writerow([f.id, f.document_id, f.sha256, f.type, start, end, f.extractor, f.version, *values])
    return buffer.getvalue()


# -- summary and check ------------------------------------------------------------------------


@app.command()
@friendly
def summary(ctx: typer.Context) -> None:
    """What the ledger holds, and commands to try next."""
    settings: Settings = ctx.obj
    with _open(ctx) as ledger:
        s = ledger.summary()
        first = ledger.documents(limit=1)
        term = _example_term(ledger, first[0].title if first else None)
        location = ledger.url
    out.print(f"[bold]Ledger[/] {escape(location)}")
    if settings.db_url.startswith("sqlite"):
        out.print(f"  data folder {escape(str(settings.home))}")
    out.print(
        f"  {s.documents} documents ({_size(s.bytes)}), added {s.additions} times; "
        f"{s.extractions} extractions; {s.facts} facts"
    )
    if not s.documents:
        out.print("\nThe ledger is empty. Add reports with: rightsledger add examples/", markup=False)
        return
    if s.facts_by_type:
        table = Table("fact type", "count", box=None, pad_edge=False)
        for kind, n in s.facts_by_type.items():
            table.add_row(kind, str(n))
        out.print()
        out.print(table)
    for name, version, n in s.extractors:
        out.print(f"  extracted by {escape(name)} {escape(version)}: {n} documents")
    pending = s.documents - max((n for _name, _version, n in s.extractors), default=0)
    if pending > 0:
        out.print(f"  {pending} documents not yet extracted: run `rightsledger extract`", markup=False)
    sha = first[0].sha256[:12]
    tips = [
        (f"rightsledger search {term}", "full-text search, best matches first"),
        (f"rightsledger show {sha}", "one report: provenance and facts with their quoted spans"),
        ("rightsledger facts --type counts", "every count of people harmed, with its span"),
        ("rightsledger facts --format csv > facts.csv", "all facts for a spreadsheet"),
        ("rightsledger check", "verify the database and every stored original"),
    ]
    out.print("\n[bold]Try[/]")
    for command, what in tips:
        out.print(f"  {command:<48} # {what}", markup=False)


def _example_term(ledger: Ledger, title: str | None) -> str:
    """A word from the first report's title that really finds something (for the summary's tips)."""
    words = sorted(set(re.findall(r"[^\W\d_]{5,}", title or "")), key=len, reverse=True)
    for word in words[:5]:
        try:
            if ledger.search(word, 1):
                return word.lower()
        except LedgerError:
            continue
    return "killed"


@app.command()
@friendly
def check(ctx: typer.Context) -> None:
    """Check the database's integrity and that every stored original still matches its hash."""
    from rightsledger.ingest import BlobStore

    settings: Settings = ctx.obj
    with _open(ctx) as ledger:
        problems = ledger.integrity_check()
        blobs = BlobStore(settings.blob_dir)
        checked = 0
        for doc_id, sha in ledger.document_hashes():
            checked += 1
            if not blobs.verify(sha):
                problems.append(
                    f"document {doc_id}: original bytes {sha[:12]} missing or altered "
                    f"at {blobs.path_for(sha)}"
                )
    for problem in problems:
        err.print(f"problem: {problem}", markup=False)
    if problems:
        err.print(f"error: {len(problems)} problem(s) found", markup=False)
        raise typer.Exit(1)
    out.print(f"ok: database integrity check passed; {checked} of {checked} originals verified", markup=False)


# -- events and claims ------------------------------------------------------------------------


class AnalyzeFormat(StrEnum):
    table = "table"
    json = "json"


_RuleOption = Annotated[
    str | None,
    typer.Option("--rule", help="Registered reconciliation rule (default: rightsledger.reconcile.v1)."),
]
_GradesOption = Annotated[
    Path | None,
    typer.Option(
        "--grades",
        help='JSON or TOML file of source grades, e.g. {"OVD-Info": "B2"} (Admiralty A-F/1-6), used '
        "instead of the grades stored with `rightsledger grade`.",
    ),
]


def _analysis(
    ctx: typer.Context, rule: str | None, grades: Path | None
) -> tuple[Any, list[Any], dict[str, Any]]:
    from rightsledger.analyze import analyze, get_rule, load_grades

    get_rule(rule)  # an unknown rule is reported before the ledger is opened
    graded = load_grades(grades) if grades else None
    with _open(ctx) as ledger:
        return analyze(ledger, rule, graded)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _figure(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


@app.command()
@friendly
def events(
    ctx: typer.Context,
    format: Annotated[AnalyzeFormat, typer.Option("--format")] = AnalyzeFormat.table,
    rule: _RuleOption = None,
    grades: _GradesOption = None,
) -> None:
    """Canonical events across reports, with reconciled low / best / high figures per category."""
    from rightsledger.analyze import events_json

    chosen, found, figures = _analysis(ctx, rule, grades)
    if format is AnalyzeFormat.json:
        sys.stdout.write(json.dumps(events_json(found, figures, chosen), ensure_ascii=False, indent=1) + "\n")
        return
    if not found:
        out.print("no events or counts stored; run `rightsledger extract`", markup=False)
        return
    for event in found:
        dates = "–".join(dict.fromkeys(d for d in (event.start, event.end) if d)) or "undated"
        docs = len({m["sha256"] for m in event.members})
        head = Text(event.id, style="dim").append("  ").append(event.name, style="bold")
        head.append(f"  {dates} · {docs} document{'s' if docs != 1 else ''}")
        if event.confidence is not None:
            head.append(f" · confidence {event.confidence:.2f}")
        out.print(head)
        if not event.claims:
            out.print("    no counts", markup=False)
        for category, rec in figures[event.id].items():
            out.print(
                f"    {category:<11} low {_figure(rec.low.value):>7}  best {_figure(rec.best.value):>7}  "
                f"high {_figure(rec.high.value):>7}  "
                f"{_plural(len(event.claims[category]), 'claim')}, {_plural(rec.sources, 'source')}",
                markup=False,
            )
    out.print(
        f"rule {chosen.name}; `rightsledger claims ID` shows the claims behind each figure", markup=False
    )


@app.command()
@friendly
def claims(
    ctx: typer.Context,
    event: Annotated[
        str, typer.Argument(help="Canonical event id (or 4+ leading characters) or a unique name fragment.")
    ],
    format: Annotated[AnalyzeFormat, typer.Option("--format")] = AnalyzeFormat.table,
    rule: _RuleOption = None,
    grades: _GradesOption = None,
) -> None:
    """Every claim behind an event's figures: who says how many, where, and which claims set each figure."""
    from rightsledger.analyze import claims_json, find_event

    chosen, found, figures = _analysis(ctx, rule, grades)
    target = find_event(found, event)
    data = claims_json(target, figures[target.id], chosen)
    if format is AnalyzeFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return
    dates = "–".join(dict.fromkeys(d for d in (target.start, target.end) if d))
    out.print(Text(f"{target.name}", style="bold").append(f"  {target.id} {dates}", style="dim"))
    if target.confidence is not None:
        out.print(f"  confidence {target.confidence:.2f}, {len(target.members)} mention(s)", markup=False)
    if not data["categories"]:
        out.print("\nNo counts of people harmed are attached to this event.", markup=False)
    for category, block in data["categories"].items():
        fig = block["figures"]
        out.print(
            f"\n[bold]{category}[/]  ({len(block['claims'])} claims, {fig['sources']} independent sources)"
        )
        for name in ("low", "best", "high"):
            setters = ", ".join(fig[name]["set_by"]) or "–"
            out.print(
                f"  {name:<4} {_figure(fig[name]['value']):>8}  {fig[name]['how']}; set by {setters}",
                markup=False,
            )
        for row in block["claims"]:
            amount = (
                f"{_figure(row['low'])}–{_figure(row['high'])}"
                if row["value"] is None and (row["low"] is not None or row["high"] is not None)
                else _figure(row["value"])
            )
            doc = row["document"]
            line = Text(f"  {row['id']}  ", style="dim").append(
                f"{amount} ({row['qualifier']})", style="bold"
            )
            line.append(f"  {row['claimant'] or '(' + row['source'] + ')'}  ")
            line.append(row["status"] + (f" → sets {', '.join(row['sets'])}" if row["sets"] else ""))
            out.print(line)
            where = f"{doc['title'] or doc['sha256'][:12]}" + (
                f" · {doc['published']}" if doc["published"] else ""
            )
            out.print(Text(f"      {where}", style="dim"))
            if row["status"] != "used":
                out.print(Text(f"      {row['reason']}", style="dim"))
            out.print(Text(f"      “{_quote(row['quote'], (0, len(row['quote'])), 100)}”", style="italic"))
    out.print(f"\nrule {chosen.name}", markup=False)


# -- review and audit -------------------------------------------------------------------------


class ReviewAction(StrEnum):
    accept = "accept"
    correct = "correct"
    reject = "reject"
    note = "note"


_NoteOption = Annotated[str | None, typer.Option("--note", help="Why (required except for accept).")]
_ByOption = Annotated[str | None, typer.Option("--by", help="Who decides (default: the OS user).")]


def _changes(pairs: list[str]) -> dict[str, str]:
    from rightsledger.store import ReviewError

    changes: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ReviewError(f"--set takes FIELD=VALUE, not {pair!r}")
        changes[name.strip()] = value
    return changes


@app.command()
@friendly
def review(
    ctx: typer.Context,
    fact_id: Annotated[
        int, typer.Argument(help="Fact id (`rightsledger claims EVENT --format json` shows it).")
    ],
    action: Annotated[
        ReviewAction | None, typer.Argument(help="accept, correct, reject or note; none: show the fact.")
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="FIELD=VALUE for correct (repeatable; empty clears).")
    ] = None,
    note: _NoteOption = None,
    by: _ByOption = None,
) -> None:
    """Accept, correct, reject or annotate an extracted fact; the stored fact is never changed.

    Every decision is a new record (who, when, why) with an entry in the audit log; the
    latest accept / correct / reject is the fact's state, which `events` and `claims` use.
    """
    from rightsledger.store import ReviewError

    with _open(ctx) as ledger:
        if action is None:
            if set_ or note:
                raise ReviewError("give an action (accept, correct, reject or note) with --set or --note")
            fact = ledger.get_fact(fact_id)
            history = ledger.reviews(fact_id)
        else:
            done = ledger.review(fact_id, action.value, changes=_changes(set_ or []), note=note, by=by)
            fact = ledger.get_fact(fact_id)
            out.print(f"{done.action} fact {fact_id} by {done.by} at {done.at}", markup=False)
            out.print(
                f"  now: {fact.review or 'unreviewed'}: {_describe_data(fact.effective_data)}", markup=False
            )
            return
    out.print(f"fact {fact.id} ({fact.type}) in document {fact.document_id} {fact.sha256[:12]}", markup=False)
    out.print(f"  extracted: {_describe_data(fact.data)}", markup=False)
    if fact.review == "correct":
        out.print(f"  corrected: {_describe_data(fact.effective_data)}", markup=False)
    out.print(f"  state:     {fact.review or 'unreviewed'}", markup=False)
    for r in history:
        line = f"  {r.at} {r.by}: {r.action}"
        if r.action == "correct" and r.data is not None:
            line += f" → {_describe_data(r.data)}"
        out.print(line + (f" ({r.note})" if r.note else ""), markup=False)


def _describe_data(data: dict[str, Any]) -> str:
    return " ".join(
        f"{k}={'; '.join(map(str, v)) if isinstance(v, list) else v}"
        for k, v in data.items()
        if k != "span" and v not in (None, [], "")
    )


def _canonical_event(ledger: Ledger, ref: str) -> Any:
    from rightsledger.analyze import AnalyzeError, collect, find_event

    found = find_event(collect(ledger), ref)
    if found.kind != "event":
        raise AnalyzeError(f"{found.id} is a group of unassigned counts, not an event")
    return found


@app.command("event-merge")
@friendly
def event_merge(
    ctx: typer.Context,
    event: Annotated[str, typer.Argument(help="Canonical event id (or 4+ leading characters) to keep.")],
    other: Annotated[str, typer.Argument(help="Canonical event to join into it.")],
    note: _NoteOption = None,
    by: _ByOption = None,
) -> None:
    """Merge two canonical events into one (a reviewer's decision, recorded with who, when and why)."""
    with _open(ctx) as ledger:
        first, second = _canonical_event(ledger, event), _canonical_event(ledger, other)
        done = ledger.decide_event("merge", first.id, other=second.id, note=note, by=by)
    out.print(f"merged {second.id} ({second.name}) into {first.id} ({first.name}) by {done.by}", markup=False)


@app.command("event-split")
@friendly
def event_split(
    ctx: typer.Context,
    event: Annotated[str, typer.Argument(help="Canonical event id (or 4+ leading characters).")],
    fact_id: Annotated[int, typer.Argument(help="Id of the member event fact to split out of it.")],
    note: _NoteOption = None,
    by: _ByOption = None,
) -> None:
    """Split one event mention (an event fact) out of its canonical event into an event of its own."""
    from rightsledger.analyze import check_split

    with _open(ctx) as ledger:
        target = _canonical_event(ledger, event)
        check_split(target.id, [m.get("fact") for m in target.members], fact_id)
        done = ledger.decide_event("split", target.id, fact_id=fact_id, note=note, by=by)
    out.print(f"split fact {fact_id} out of {target.id} ({target.name}) by {done.by}", markup=False)


audit_app = typer.Typer(help="The append-only, hash-chained audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("log")
@friendly
def audit_log(
    ctx: typer.Context,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the newest N entries.")] = None,
    format: Annotated[AnalyzeFormat, typer.Option("--format")] = AnalyzeFormat.table,
) -> None:
    """Audit entries, oldest first: who did what to which document, fact or event, and when."""
    with _open(ctx) as ledger:
        found = ledger.audit_log(limit)
    if format is AnalyzeFormat.json:
        sys.stdout.write(json.dumps([e.to_json() for e in found], ensure_ascii=False, indent=1) + "\n")
        return
    if not found:
        out.print("the audit log is empty", markup=False)
        return
    for e in found:
        detail = json.dumps(e.payload, ensure_ascii=False, sort_keys=True)
        out.print(f"{e.seq:>5} {e.at} {e.actor} {e.action} {e.target} {detail} {e.hash[:12]}", markup=False)


@audit_app.command("verify")
@friendly
def audit_verify(
    ctx: typer.Context,
    expect_head: Annotated[
        str | None,
        typer.Option(
            "--expect-head", help="A head hash noted earlier: fail if the log was cut back past it."
        ),
    ] = None,
    anchors: Annotated[
        Path | None,
        typer.Option("--anchors", help="Anchor file to check (default: HOME/audit-anchors.jsonl, if any)."),
    ] = None,
) -> None:
    """Check the audit chain: exit 1 and list the problems if any entry was edited, deleted or reordered,
    or if entries were cut off its end past an anchor (see `audit anchor`) or --expect-head."""
    from rightsledger.commands.audit import check

    with _open(ctx) as ledger:
        problems, count, head = ledger.audit_status()
        problems += check(ctx, ledger, anchors, expect_head)
    for problem in problems:
        err.print(f"problem: {problem}", markup=False)
    if problems:
        err.print(
            f"error: the audit log is broken: {len(problems)} problem(s) in {count} entries", markup=False
        )
        raise typer.Exit(1)
    out.print(f"ok: {count} audit entries, chain intact; head {head}", markup=False)


actor_commands.register(app)
audit_commands.register(audit_app)
grade_commands.register(app)
estimate_commands.register(app)
web_commands.register(app)
from rightsledger.commands.lists import lists_app  # noqa: E402 - needs the helpers above

app.add_typer(lists_app, name="lists")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
