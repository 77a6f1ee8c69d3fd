"""``rightsledger lists ...``: import victim lists, link them into persons, review uncertain
pairs, and show persons and list overlaps."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from rightsledger.commands.shell import friendly, out
from rightsledger.commands.shell import open_ledger as _open

lists_app = typer.Typer(help="Victim lists: import, record linkage into persons, review, overlaps.",
                        no_args_is_help=True)  # fmt: skip


class Format(StrEnum):
    table = "table"
    json = "json"


class Backend(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


class Mode(StrEnum):
    auto = "auto"
    full = "full"
    incremental = "incremental"


def _json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=1) + "\n")


def _csv_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _band(value: str) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in value.split(","))
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not LOW,HIGH (e.g. 0.3,0.9)") from None
    return low, high


@lists_app.command("import")
@friendly
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx list, one person record per row.")],
    list_name: Annotated[str, typer.Option("--list", help="The list's name (created on first import).")],
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="FIELD=COLUMN, repeatable (fields: name, sex, age, birth_date, event, "
            "event_date, event_place, text); unmapped fields are guessed from common headers.",
        ),
    ] = None,
    restricted: Annotated[
        str | None,
        typer.Option(help="Fields to restrict, comma-separated: masked on display, reads audited."),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (default: the first).")] = None,
    by: Annotated[str | None, typer.Option(help="Who imports (default: the OS user).")] = None,
    format: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Import a list: good rows stored in one transaction, malformed rows reported by line (exit 1)."""
    from rightsledger.ingest.lists import parse_mapping, read_list
    from rightsledger.store.lists import import_list

    parsed = read_list(file, parse_mapping(map_ or []), sheet=sheet)
    with _open(ctx, create=True) as ledger:
        result = import_list(ledger, list_name, parsed, restricted=_csv_list(restricted), by=by)
    if format is Format.json:
        _json(
            {
                "list": result.list,
                "import": result.import_id,
                "imported": result.imported,
                "mapping": parsed.mapping,
                "problems": [{"line": n, "problem": p} for n, p in result.problems],
            }
        )
    else:
        for line, problem in result.problems:
            typer.echo(f"{file}: line {line}: {problem}", err=True)
        mapping = ", ".join(f"{k}={v}" for k, v in parsed.mapping.items())
        out.print(
            f"imported {result.imported} rows into list {result.list!r} (import {result.import_id}; "
            f"{mapping})",
            markup=False,
        )
        if result.problems:
            out.print(f"{len(result.problems)} malformed rows not imported (see above)", markup=False)
    if result.problems:
        raise typer.Exit(1)


@lists_app.command("show")
@friendly
def show(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="A list's name: show its records.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Records to show.")] = 20,
    reveal: Annotated[bool, typer.Option(help="Show restricted fields (recorded in the audit log).")] = False,
    by: Annotated[str | None, typer.Option(help="Who reads restricted fields.")] = None,
    format: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """The lists (records, imports, persons), or one list's records."""
    from rightsledger.errors import QueryError
    from rightsledger.store import lists as store

    with _open(ctx) as ledger:
        if name is None:
            found = store.list_summaries(ledger)
            if format is Format.json:
                _json([vars(s) for s in found])
            elif not found:
                out.print(
                    "no lists yet; import one with `rightsledger lists import FILE --list NAME`", markup=False
                )
            for s in found if format is Format.table else ():
                out.print(
                    f"{s.name}: {s.records} records from {s.imports} import(s), {s.persons} persons",
                    markup=False,
                )
            return
        if name not in store.known_lists(ledger):
            raise QueryError(f"no list named {name!r}")
        found_records = store.records(ledger, lists=[name])[:limit]
        restricted_shown = reveal and any(r.restricted for r in found_records)
        if restricted_shown:
            store.record_reveal(ledger, [r.id for r in found_records], purpose="lists show", by=by)
        current = store.current_assignments(ledger)
    rows = [{**r.shown(reveal), "person": current.get(r.id)} for r in found_records]
    if format is Format.json:
        _json(rows)
        return
    for row in rows:
        detail = ", ".join(
            f"{k}={v}"
            for k, v in row.items()
            if k not in ("record", "list", "line", "name") and v is not None
        )
        out.print(f"#{row['record']} line {row['line']}: {row['name']} ({detail})", markup=False)


@lists_app.command("link")
@friendly
def link(
    ctx: typer.Context,
    threshold: Annotated[
        float, typer.Option(help="Match probability at which two records join one person.")
    ] = 0.9,
    review_band: Annotated[
        str, typer.Option("--review-band", help="LOW,HIGH: pairs scored in [LOW, HIGH) go to review.")
    ] = "0.3,0.9",
    backend: Annotated[
        Backend, typer.Option(help="Splink backend (spark needs the spark extra).")
    ] = Backend.duckdb,
    mode: Annotated[
        Mode, typer.Option(help="auto: incremental when only new records need a person.")
    ] = Mode.auto,
    retrain: Annotated[bool, typer.Option(help="Train a new model (a full run).")] = False,
    by: Annotated[str | None, typer.Option(help="Who runs the linkage.")] = None,
    format: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Link every list record into persons (stable ids; reviewer decisions respected)."""
    from rightsledger.analyze.linkage import link as run

    with _open(ctx) as ledger:
        report = run(
            ledger,
            threshold=threshold,
            band=_band(review_band),
            backend=backend.value,
            mode=mode.value,
            retrain=retrain,
            by=by,
        )
    if format is Format.json:
        _json(report.to_json())
        return
    if report.kind == "none":
        out.print(f"nothing to link: every record has a person ({report.persons} persons)", markup=False)
        return
    out.print(
        f"{report.kind} run {report.run_id}: {report.records} records, {report.pairs} scored pairs, "
        f"{report.persons} persons ({len(report.new_persons)} new), {report.changed} assignments changed, "
        f"{report.review_pairs} pairs to review" + (", model trained" if report.trained else ""),
        markup=False,
    )
    for a, b in report.refused_must_links:
        out.print(
            f"warning: match decision {a}-{b} contradicts a non-match decision; not applied", markup=False
        )


@lists_app.command("review")
@friendly
def review(
    ctx: typer.Context,
    decide: Annotated[
        tuple[str, str] | None,
        typer.Option(help="PAIR DECISION: e.g. --decide 12-40 match (or non-match).", show_default=False),
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why (required with --decide).")] = None,
    by: Annotated[str | None, typer.Option(help="Who decides (default: the OS user).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Pairs to show.")] = 5,
    reveal: Annotated[bool, typer.Option(help="Show restricted fields (recorded in the audit log).")] = False,
    format: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Show the next uncertain pairs side by side, or record a decision on one."""
    from rightsledger.errors import QueryError
    from rightsledger.store import lists as store

    with _open(ctx) as ledger:
        if decide is not None:
            pair, decision = decide
            left, sep, right = pair.partition("-")
            if not (sep and left.strip().isdigit() and right.strip().isdigit()):
                raise QueryError(f"{pair!r} is not a pair; write two record ids as L-R, e.g. 12-40")
            done = store.decide(ledger, int(left), int(right), decision, note=note or "", by=by)
            if format is Format.json:
                _json(vars(done))
            else:
                out.print(
                    f"recorded {done.decision} for pair {done.record_l}-{done.record_r} by {done.by}; "
                    "it applies from the next `lists link`",
                    markup=False,
                )
            return
        queue = store.review_queue(ledger, limit)
        ids = [i for q in queue for i in (q.record_l, q.record_r)]
        found = {r.id: r for r in store.records(ledger, ids=ids)}
        if reveal and any(r.restricted for r in found.values()):
            store.record_reveal(ledger, ids, purpose="lists review", by=by)
    items = [
        {
            "pair": q.pair,
            "probability": round(q.probability, 4),
            "left": found[q.record_l].shown(reveal),
            "right": found[q.record_r].shown(reveal),
        }
        for q in queue
    ]
    if format is Format.json:
        _json(items)
        return
    if not items:
        out.print("no pairs to review", markup=False)
        return
    for item in items:
        out.print(f"pair {item['pair']}  match probability {item['probability']:.3f}", markup=False)
        for key in ("list", "line", "name", "sex", "age", "birth_date", "event", "event_date", "event_place"):
            left, right = item["left"][key], item["right"][key]
            mark = "  " if left == right else "≠ "
            out.print(f"  {mark}{key:<12} {_cell(left):<36} {_cell(right)}", markup=False)
        out.print(
            f"  decide: rightsledger lists review --decide {item['pair']} match|non-match --note WHY",
            markup=False,
        )


def _cell(value: Any) -> str:
    return "—" if value is None else str(value)


@lists_app.command("persons")
@friendly
def persons(
    ctx: typer.Context,
    list_name: Annotated[str | None, typer.Option("--list", help="Only persons on this list.")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Persons to show.")] = None,
    format: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Persons (stable ids) with their records' names and lists."""
    from rightsledger.store import lists as store

    with _open(ctx) as ledger:
        members = store.persons(ledger)
        by_id = {r.id: r for r in store.records(ledger)}
    rows = []
    for person, ids in members.items():
        recs = [by_id[i] for i in ids]
        if list_name is not None and all(r.list != list_name for r in recs):
            continue
        rows.append(
            {
                "person": person,
                "records": [{"record": r.id, "list": r.list, "line": r.line, "name": r.name} for r in recs],
            }
        )
    rows = rows[:limit] if limit else rows
    if format is Format.json:
        _json(rows)
        return
    for row in rows:
        names = "; ".join(f"{r['name']} [{r['list']}:{r['line']}]" for r in row["records"])
        out.print(f"{row['person']}: {names}", markup=False)
    out.print(f"{len(rows)} persons", markup=False)


@lists_app.command("overlaps")
@friendly
def overlaps(
    ctx: typer.Context,
    lists: Annotated[
        str | None, typer.Option(help="Lists to compare, comma-separated (default: all).")
    ] = None,
    width: Annotated[int, typer.Option(min=10, help="Bar width in characters.")] = 40,
    format: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """UpSet-style chart: how many persons each combination of lists holds (exclusive counts)."""
    from rightsledger.errors import QueryError
    from rightsledger.store import lists as store

    with _open(ctx) as ledger:
        chosen = _csv_list(lists) or None
        known = store.known_lists(ledger)
        for name in chosen or ():
            if name not in known:
                raise QueryError(f"no list named {name!r}; lists are {', '.join(known) or '(none)'}")
        names, counts = store.overlap_counts(ledger, chosen)
    rows = sorted(((p, n) for p, n in counts.items() if any(p)), key=lambda x: (-x[1], x[0]))
    if format is Format.json:
        _json(
            {
                "lists": names,
                "combinations": [
                    {"pattern": list(p), "lists": [names[i] for i, b in enumerate(p) if b], "persons": n}
                    for p, n in rows
                ],
            }
        )
        return
    if not rows:
        out.print("no linked persons yet; run `rightsledger lists link`", markup=False)
        return
    top = max(n for _, n in rows)
    for i, name in enumerate(names):
        out.print(f"{'│ ' * i}┌ {name} ({sum(n for p, n in rows if p[i])} persons)", markup=False)
    for pattern, n in rows:
        dots = " ".join("●" if b else "·" for b in pattern)
        bar = "█" * max(1, round(width * n / top))
        out.print(f"{dots}  {bar} {n}", markup=False)
    out.print(f"{sum(n for _, n in rows)} persons in {len(names)} lists", markup=False)
