"""``rightsledger serve``, ``rightsledger user ...`` and ``rightsledger token create``."""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from rightsledger.commands.shell import default_actor, err, friendly, out
from rightsledger.commands.shell import open_ledger as _open
from rightsledger.config import Settings

if TYPE_CHECKING:
    pass


user_app = typer.Typer(help="People who may log in to the web app, and their roles.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens (Authorization: Bearer TOKEN).", no_args_is_help=True)
_ROLE_HELP = "One of viewer, analyst, reviewer, admin (each includes the ones before it)."


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")


@friendly
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="Mark cookies Secure (when served over https).")
    ] = False,
) -> None:
    """Run the web app and JSON API (log in with a user from `rightsledger user add`)."""
    import uvicorn

    from rightsledger.web import WebSettings, create_app

    settings: Settings = ctx.obj
    app = create_app(settings.db_url, settings.home, settings=WebSettings(secure_cookies=secure_cookies))
    with _open(ctx) as ledger:
        from rightsledger.store.users import Accounts

        if not Accounts(ledger).users():
            err.print(
                "warning: no users yet; add one with `rightsledger user add NAME --role admin`", markup=False
            )
    out.print(f"rightsledger at http://{host}:{port}/  (API docs at /api/docs; Ctrl-C stops)", markup=False)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise typer.BadParameter("no terminal to ask on; pipe the password with --password-stdin")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise typer.BadParameter("the two passwords differ")
    return first


@user_app.command("add")
@friendly
def user_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option("--role", help=_ROLE_HELP)] = "viewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
    ] = False,
) -> None:
    """Add a user (the password is asked for, or read from stdin; never given on the command line)."""
    from rightsledger.store.users import Accounts, check_role

    check_role(role)
    password = _password(password_stdin)
    with _open(ctx, create=True) as ledger:
        user = Accounts(ledger).add_user(name, role, password, by=default_actor())
    out.print(f"added user {user.name} ({user.role})", markup=False)


@user_app.command("list")
@friendly
def user_list(ctx: typer.Context) -> None:
    """Users, their roles and whether they are disabled."""
    from rightsledger.store.users import Accounts

    with _open(ctx) as ledger:
        users = Accounts(ledger).users()
    if not users:
        out.print("no users; add one with `rightsledger user add NAME --role ROLE`", markup=False)
    for user in users:
        state = " (disabled)" if user.disabled else ""
        out.print(f"{user.name:<24} {user.role:<9} since {user.created_at}{state}", markup=False)


@user_app.command("role")
@friendly
def user_role(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Argument(help=_ROLE_HELP)],
) -> None:
    """Change a user's role."""
    from rightsledger.store.users import Accounts

    with _open(ctx) as ledger:
        user = Accounts(ledger).set_role(name, role, by=default_actor())
    out.print(f"{user.name} is now {user.role}", markup=False)


@user_app.command("disable")
@friendly
def user_disable(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Disable a user: their sessions and API tokens stop working at once."""
    from rightsledger.store.users import Accounts

    with _open(ctx) as ledger:
        Accounts(ledger).disable(name, by=default_actor())
    out.print(f"disabled {name}", markup=False)


@token_app.command("create")
@friendly
def token_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The user the token acts as.")],
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
) -> None:
    """Create an API token for a user; it is printed once (only its hash is stored)."""
    from rightsledger.store.users import Accounts

    with _open(ctx) as ledger:
        token = Accounts(ledger).create_token(name, label=label, by=default_actor())
    err.print(f"API token for {name} (shown once; store it safely):", markup=False)
    sys.stdout.write(token + "\n")
