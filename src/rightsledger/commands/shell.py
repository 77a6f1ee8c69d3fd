"""What every command shares: the two consoles, one-line errors, and opening the ledger.

Kept apart from ``cli.py`` so command modules can import it while ``cli.py`` imports them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import typer
from rich.console import Console

from rightsledger.errors import LedgerError

if TYPE_CHECKING:
    from rightsledger.config import Settings
    from rightsledger.store import Ledger

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
P = ParamSpec("P")
R = TypeVar("R")


def friendly(command: Callable[P, R]) -> Callable[P, R]:
    """Report a LedgerError as one line on stderr and exit 1, without a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except LedgerError as error:
            err.print(f"error: {error}", markup=False)
            raise typer.Exit(1) from None

    return wrapper


def open_ledger(ctx: typer.Context, *, create: bool = False) -> Ledger:
    """The ledger named by the global --home/--db options (migrated on open)."""
    from rightsledger.store import Ledger

    settings: Settings = ctx.obj
    return Ledger.open(settings.db_url, create=create)


def default_actor() -> str:
    """Who the audit log names for a change made from this shell."""
    from rightsledger.store.audit import default_actor as actor

    return actor()
