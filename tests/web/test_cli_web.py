"""rightsledger user / token commands, and the real argon2 parameters."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher


@pytest.fixture
def cli(cli_args):
    """The CLI in process, with stdin (``input=``)."""
    from typer.testing import CliRunner

    from rightsledger.cli import app

    runner = CliRunner()
    return lambda *args, input=None: runner.invoke(app, [*cli_args, *args], input=input)


def test_user_commands_manage_accounts(cli, ledger_url) -> None:
    added = cli("user", "add", "ana", "--role", "reviewer", "--password-stdin", input="a secret passphrase\n")
    assert added.exit_code == 0, added.output
    assert "added user ana (reviewer)" in added.output
    assert "a secret passphrase" not in added.output
    listed = cli("user", "list")
    assert "ana" in listed.output and "reviewer" in listed.output
    assert cli("user", "role", "ana", "admin").exit_code == 0
    assert "admin" in cli("user", "list").output
    bad = cli("user", "role", "ana", "overlord")
    assert bad.exit_code == 1 and "unknown role 'overlord'" in bad.output
    dup = cli("user", "add", "ana", "--password-stdin", input="another passphrase\n")
    assert dup.exit_code == 1 and "already exists" in dup.output
    short = cli("user", "add", "bo", "--password-stdin", input="short\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    token = cli("token", "create", "ana")
    assert token.exit_code == 0
    value = token.stdout.strip().splitlines()[-1]
    assert value.startswith("rl_") and len(value) > 40
    assert cli("user", "disable", "ana").exit_code == 0
    assert "(disabled)" in cli("user", "list").output

    from rightsledger.store import Ledger
    from rightsledger.store.users import Accounts

    with Ledger.open(ledger_url) as ledger:
        accounts = Accounts(ledger)
        assert accounts.token_user(value) is None  # disabled: the token no longer works
        actions = [e.action for e in ledger.audit_log()]
    assert actions == ["user.add", "user.role", "token.create", "user.disable"]


def test_password_is_never_taken_from_the_command_line(cli) -> None:
    answer = cli("user", "add", "cy", "--password", "on the command line")
    assert answer.exit_code != 0
    no_tty = cli("user", "add", "cy")  # no terminal to prompt on, no --password-stdin
    assert no_tty.exit_code != 0 and "--password-stdin" in no_tty.output


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_passwords_are_hashed_with_argon2id_defaults(ledger, monkeypatch) -> None:
    from rightsledger.store import users
    from rightsledger.store.users import Accounts

    monkeypatch.setattr(users, "_hasher", PasswordHasher())  # the production hasher, not the tests' fast one
    accounts = Accounts(ledger)
    accounts.add_user("dee", "viewer", "a long enough password", by="test")
    with ledger.engine.connect() as conn:
        from sqlalchemy import text

        stored = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
    defaults = PasswordHasher()
    assert stored.startswith(
        f"$argon2id$v=19$m={defaults.memory_cost},t={defaults.time_cost},p={defaults.parallelism}$"
    )
    assert "a long enough password" not in stored
    assert accounts.authenticate("dee", "a long enough password").name == "dee"
    assert accounts.authenticate("dee", "wrong") is None
    assert accounts.authenticate("nobody", "a long enough password") is None
