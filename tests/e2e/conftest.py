"""Browser tests: Debian's chromium driven by Playwright against the real app under uvicorn.

Each test module gets its own server: a fresh SQLite ledger in a temporary folder with the
sample reports of ``examples/`` added and extracted by the CLI, four users (one per role)
created through the store, and ``create_app`` served by uvicorn on 127.0.0.1 in a thread.
Playwright cannot download browsers here, so the browser is ``/usr/bin/chromium``
(``RIGHTSLEDGER_CHROMIUM`` to override); under ``CI=true`` a missing chromium fails.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CHROMIUM = Path(os.environ.get("RIGHTSLEDGER_CHROMIUM", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# one account per role; passwords long enough for any password rule
USERS = {
    "vera": "viewer",
    "arlo": "analyst",
    "rita": "reviewer",
    "adam": "admin",
}
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        reason = f"no chromium at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"browser tests must run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM)}


@dataclass
class LiveApp:
    base: str
    home: Path
    ledger_url: str

    def url(self, path: str) -> str:
        return self.base + path


def _prepare_ledger(home: Path) -> str:
    """Add and extract the sample reports with the CLI, and create one user per role."""
    from typer.testing import CliRunner

    from rightsledger.cli import app as cli_app
    from rightsledger.store import Ledger
    from rightsledger.store.users import Accounts

    runner = CliRunner()
    for args in (["add", str(EXAMPLES)], ["extract"]):
        result = runner.invoke(cli_app, ["--home", str(home), *args])
        assert result.exit_code == 0, result.output
    url = f"sqlite:///{home / 'ledger.sqlite3'}"
    with Ledger.open(url) as ledger:
        accounts = Accounts(ledger)
        for name, role in USERS.items():
            accounts.add_user(name, role, PASSWORD, by="e2e-setup")
    return url


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    import uvicorn

    from rightsledger.web import create_app

    home = tmp_path_factory.mktemp("e2e") / "home"
    url = _prepare_ledger(home)
    # port 0: the kernel picks a free port, read back once the server listens (no race for a port)
    server = uvicorn.Server(
        uvicorn.Config(create_app(url, home), host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="e2e-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    if not server.started:
        pytest.fail("the app did not start under uvicorn", pytrace=False)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield LiveApp(f"http://127.0.0.1:{port}", home, url)
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def log_in(live_app: LiveApp):
    """``log_in(page, "rita")``: fill in and send the login form; returns once the home page shows."""
    from playwright.sync_api import Page, expect

    def run(page: Page, name: str) -> Page:
        page.goto(live_app.url("/login"))
        page.get_by_label("User name").fill(name)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).not_to_have_url(live_app.url("/login"), timeout=10_000)
        return page

    return run
