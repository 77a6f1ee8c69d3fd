"""Web fixtures: the app over a seeded ledger (each backend), users of every role, logged-in clients.

The four reports in ``examples/`` are read and extracted once per session (the real ingest and
rules extractor) and stored in each test's fresh ledger with ``Ledger.add_extracted``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webkit import PASSWORD

from rightsledger.store.users import ROLES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    # argon2's defaults (64 MiB, 3 passes) take ~0.5 s a hash on a busy 2-core machine; tests that
    # check the stored parameters use the real hasher (test_accounts.py).
    from argon2 import PasswordHasher

    from rightsledger.store import users

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def extracted_examples() -> list[tuple[Any, Any]]:
    from rightsledger.extract import get_extractor
    from rightsledger.ingest import read_report

    extractor = get_extractor()
    found = []
    for path in sorted(EXAMPLES.glob("*")):
        if path.suffix not in (".txt", ".html"):
            continue
        _data, doc = read_report(path, added_by="seed")
        found.append((doc, extractor.extract(doc.text, published=doc.provenance.published)))
    return found


@dataclass
class Site:
    """The app under test, its services, and one user (with an API token) per role."""

    app: Any
    tokens: dict[str, str]

    @property
    def services(self) -> Any:
        return self.app.state.services

    @property
    def ledger(self) -> Any:
        return self.services.ledger

    def client(self, role: str | None = None, **kwargs: Any) -> TestClient:
        """A client logged in as the ``role`` user (a real session row; None: anonymous)."""
        client = TestClient(self.app, follow_redirects=False, **kwargs)
        if role is not None:
            user = self.services.accounts.get_user(role)
            token, session = self.services.accounts.start_session(
                user, self.services.settings.session_lifetime
            )
            client.cookies.set("rl_session", token)
            client.csrf = session.csrf  # type: ignore[attr-defined]
        return client

    def api(self, role: str | None = None, token: str | None = None) -> TestClient:
        client = TestClient(self.app, follow_redirects=False)
        if token or role:
            client.headers["Authorization"] = f"Bearer {token or self.tokens[role or '']}"
        return client

    def doc_id(self, needle: str) -> int:
        return next(d.id for d in self.ledger.documents() if needle in (d.title or ""))


def seed(ledger: Any, examples: list[tuple[Any, Any]]) -> None:
    for doc, facts in examples:
        ledger.add_extracted(doc, "rightsledger.rules.v1", "test", facts, by="seed")


def make_site(ledger_url: str, home: Path, examples: list[tuple[Any, Any]], **settings: Any) -> Site:
    from rightsledger.web import WebSettings, create_app

    app = create_app(ledger_url, home, settings=WebSettings(**settings))
    accounts = app.state.services.accounts
    tokens = {}
    for role in ROLES:
        accounts.add_user(role, role, PASSWORD, by="test")
        tokens[role] = accounts.create_token(role, label="tests", by="test")
    seed(app.state.services.ledger, examples)
    return Site(app, tokens)


@pytest.fixture
def site(ledger_url: str, home: Path, extracted_examples: list[tuple[Any, Any]]) -> Any:
    made = make_site(ledger_url, home, extracted_examples)
    yield made
    made.ledger.close()
