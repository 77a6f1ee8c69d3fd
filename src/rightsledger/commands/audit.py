"""``audit anchor``, and the anchor checks of ``audit verify``: seeing entries cut off the log's end."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rightsledger.store import Ledger

ANCHOR_FILE = "audit-anchors.jsonl"


def anchor_path(ctx: typer.Context, given: Path | None) -> Path:
    """The anchor file: ``given``, else ``HOME/audit-anchors.jsonl``."""
    return given if given is not None else ctx.obj.home / ANCHOR_FILE


def check(ctx: typer.Context, ledger: Ledger, anchors: Path | None, expect_head: str | None) -> list[str]:
    """Problems with the anchors (and the expected head); prints what was checked."""
    from rightsledger.cli import out

    path = anchor_path(ctx, anchors)
    missing = [f"no anchor file at {path}"] if anchors is not None and not path.exists() else []
    problems, checked, skipped = ledger.check_anchors(path, expect_head=expect_head)
    if checked or skipped:
        other = f" ({skipped} of other ledgers skipped)" if skipped else ""
        out.print(f"checked {checked} anchor(s) in {path}{other}", markup=False)
    return missing + problems


def register(audit_app: typer.Typer) -> None:
    """Add ``audit anchor`` to the ``audit`` sub-app."""
    from rightsledger.commands.shell import friendly, out
    from rightsledger.commands.shell import open_ledger as _open

    @audit_app.command("anchor")
    @friendly
    def anchor(
        ctx: typer.Context,
        file: Annotated[
            Path | None,
            typer.Argument(help="Anchor file to append to (default: HOME/audit-anchors.jsonl)."),
        ] = None,
    ) -> None:
        """Append the log's head (seq, hash, time) to a file kept outside the database.

        `audit verify` checks every anchor still matches: a log cut back past an anchor fails.
        """
        path = anchor_path(ctx, file)
        with _open(ctx) as ledger:
            done = ledger.anchor_audit(path)
        if done is None:
            out.print("the audit log is empty; nothing to anchor", markup=False)
            return
        out.print(f"anchored entry {done.seq} {done.hash} in {path}", markup=False)
