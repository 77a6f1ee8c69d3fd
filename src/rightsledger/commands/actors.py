"""``actors``, ``actor``, ``actor-merge`` and ``actor-split``: canonical actors across reports."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

if TYPE_CHECKING:
    from rightsledger.analyze.actors import ActorRole, CanonicalActor
    from rightsledger.store import Ledger


class Format(StrEnum):
    table = "table"
    json = "json"


_NoteOption = Annotated[str | None, typer.Option("--note", help="Why (required).")]
_ByOption = Annotated[str | None, typer.Option("--by", help="Who decides (default: the OS user).")]
_ActorArgument = Annotated[
    str, typer.Argument(help="Actor id (or 4+ leading characters), or a unique fragment of a name or alias.")
]


def register(app: typer.Typer) -> None:
    """Add the actor commands to the ``rightsledger`` app."""
    from rightsledger.commands.shell import friendly, out
    from rightsledger.commands.shell import open_ledger as _open

    @app.command("actors")
    @friendly
    def actors(
        ctx: typer.Context, format: Annotated[Format, typer.Option("--format")] = Format.table
    ) -> None:
        """Canonical actors across reports: people, organisations and states, with their aliases."""
        from rightsledger.analyze.actors import actors_json, canonical_actors

        with _open(ctx) as ledger:
            found = canonical_actors(ledger)
        if format is Format.json:
            sys.stdout.write(json.dumps(actors_json(found), ensure_ascii=False, indent=1) + "\n")
            return
        if not found:
            out.print("no actors stored; run `rightsledger extract`", markup=False)
            return
        for actor in found:
            docs = len(actor.documents)
            line = Text(actor.id, style="dim").append("  ").append(actor.name, style="bold")
            line.append(f"  {actor.kind} · {docs} document{'s' if docs != 1 else ''}")
            line.append(f" · {len(actor.members)} fact{'s' if len(actor.members) != 1 else ''}")
            if actor.confidence < 1:
                line.append(f" · confidence {actor.confidence:.2f}")
            roles = _roles(actor)
            if roles:
                line.append(f" · {roles}")
            out.print(line)
            if actor.aliases:
                out.print(Text(f"    also: {'; '.join(actor.aliases[:8])}", style="dim"))
        out.print(
            f"{len(found)} actors; `rightsledger actor ID` shows one with its statements and claims",
            markup=False,
        )

    @app.command("actor")
    @friendly
    def actor(
        ctx: typer.Context,
        ref: _ActorArgument,
        format: Annotated[Format, typer.Option("--format")] = Format.table,
    ) -> None:
        """One canonical actor: aliases, documents, member facts, and its statements, claims and demands."""
        from rightsledger.analyze.actors import canonical_actors, find_actor

        with _open(ctx) as ledger:
            target = find_actor(canonical_actors(ledger), ref)
        if format is Format.json:
            sys.stdout.write(json.dumps(target.to_json(), ensure_ascii=False, indent=1) + "\n")
            return
        out.print(Text(target.name, style="bold").append(f"  {target.id} · {target.kind}", style="dim"))
        out.print(f"  confidence {target.confidence:.2f}", markup=False)
        if target.aliases:
            out.print(f"  also named: {'; '.join(target.aliases)}", markup=False)
        out.print(f"\n[bold]Facts[/] ({len(target.members)})")
        for m in target.members:
            how = f" ({m.reason}, {m.link:.2f})" if m.link is not None else ""
            where = m.mention.title or m.mention.sha256[:12]
            out.print(f"  fact {m.mention.fact_id}  {m.mention.name}  in {where}{how}", markup=False)
        for label, roles in (
            ("Statements", target.statements),
            ("Claims", target.claims),
            ("Demands", target.demands),
        ):
            if not roles:
                continue
            out.print(f"\n[bold]{label}[/] ({len(roles)})")
            for role in roles:
                out.print(Text(f"  fact {role.fact_id}  ", style="dim").append(_role_line(role)))
                if role.quote:
                    out.print(Text(f"      “{_clip(role.quote)}”", style="italic"))

    @app.command("actor-merge")
    @friendly
    def actor_merge(
        ctx: typer.Context,
        first: Annotated[str, typer.Argument(help="Actor id (or 4+ leading characters) to keep.")],
        second: Annotated[str, typer.Argument(help="Actor to join into it.")],
        note: _NoteOption = None,
        by: _ByOption = None,
    ) -> None:
        """Merge two canonical actors into one (a reviewer's decision, recorded with who, when and why)."""
        with _open(ctx) as ledger:
            keep, join = _actor(ledger, first), _actor(ledger, second)
            done = ledger.decide_entity("actor", "merge", keep.id, other=join.id, note=note, by=by)
        out.print(f"merged {join.id} ({join.name}) into {keep.id} ({keep.name}) by {done.by}", markup=False)

    @app.command("actor-split")
    @friendly
    def actor_split(
        ctx: typer.Context,
        ref: _ActorArgument,
        fact_id: Annotated[int, typer.Argument(help="Id of the member actor fact to split out of it.")],
        note: _NoteOption = None,
        by: _ByOption = None,
    ) -> None:
        """Split one actor fact out of its canonical actor into an actor of its own."""
        from rightsledger.analyze import check_split

        with _open(ctx) as ledger:
            target = _actor(ledger, ref)
            check_split(target.id, target.fact_ids, fact_id)
            done = ledger.decide_entity("actor", "split", target.id, fact_id=fact_id, note=note, by=by)
        out.print(f"split fact {fact_id} out of {target.id} ({target.name}) by {done.by}", markup=False)


def _actor(ledger: Ledger, ref: str) -> CanonicalActor:
    from rightsledger.analyze.actors import canonical_actors, find_actor

    return find_actor(canonical_actors(ledger), ref)


def _roles(actor: CanonicalActor) -> str:
    parts = [
        f"{n} {noun}{'s' if n != 1 else ''}"
        for n, noun in (
            (len(actor.statements), "statement"),
            (len(actor.claims), "claim"),
            (len(actor.demands), "demand"),
        )
        if n
    ]
    return ", ".join(parts)


def _role_line(role: ActorRole) -> str:
    data: dict[str, Any] = dict(role.data)
    where = role.title or role.sha256[:12]
    if role.type == "counts":
        amount = data.get("value")
        figure = f"{amount:,}" if isinstance(amount, int) else f"{data.get('low')}–{data.get('high')}"
        return f"{figure} {data.get('category')} ({data.get('qualifier')}) in {where}"
    if role.type == "statements":
        return f"{data.get('kind')} statement as “{role.named}” in {where}"
    return f"demand as “{role.named}” in {where}"


def _clip(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
