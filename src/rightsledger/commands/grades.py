"""``grade`` and ``grades``: source reliability grades kept in the ledger."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from rightsledger.commands.actors import Format


def register(app: typer.Typer) -> None:
    """Add the grade commands to the ``rightsledger`` app."""
    from rightsledger.commands.shell import friendly, out
    from rightsledger.commands.shell import open_ledger as _open

    @app.command("grade")
    @friendly
    def grade(
        ctx: typer.Context,
        source: Annotated[
            str, typer.Argument(help="A claimant or publisher, as claims name it (e.g. OVD-Info).")
        ],
        value: Annotated[
            str,
            typer.Argument(
                metavar="GRADE",
                help="Admiralty reliability A-F and/or credibility 1-6 (e.g. B2, C, 3); '-' clears it.",
            ),
        ],
        note: Annotated[str | None, typer.Option("--note", help="Why this grade.")] = None,
        by: Annotated[str | None, typer.Option("--by", help="Who grades (default: the OS user).")] = None,
    ) -> None:
        """Grade a source's reliability; reconciliation (`events`, `claims`) uses the latest grade."""
        with _open(ctx) as ledger:
            done = ledger.grade_source(source, value, note=note, by=by)
        what = f"graded {done.name} {done.grade}" if done.grade else f"cleared the grade of {done.name}"
        out.print(f"{what} (source key {done.source!r}) by {done.by} at {done.at}", markup=False)

    @app.command("grades")
    @friendly
    def grades(
        ctx: typer.Context,
        history: Annotated[bool, typer.Option("--history", help="Every grade given, oldest first.")] = False,
        format: Annotated[Format, typer.Option("--format")] = Format.table,
    ) -> None:
        """Source grades in the ledger: each source's latest grade (or the whole history)."""
        with _open(ctx) as ledger:
            found = ledger.source_grades(history=history)
        if format is Format.json:
            sys.stdout.write(json.dumps([g.to_json() for g in found], ensure_ascii=False, indent=1) + "\n")
            return
        if not found:
            out.print(
                "no source grades; set one with `rightsledger grade SOURCE B2 --note WHY`", markup=False
            )
            return
        for g in found:
            line = f"{g.grade or '(cleared)':<9} {g.name}  {g.at} by {g.by}"
            out.print(line + (f" ({g.note})" if g.note else ""), markup=False)
