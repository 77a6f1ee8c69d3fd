"""Screenshots of the web app over the sample reports, for the README.

    uv run python docs/screenshots.py      # writes docs/img/document-page.png and docs/img/event-page.png

Builds the demo ledger in a temporary folder (``rightsledger add examples/`` and
``rightsledger extract``, as ``make demo`` does), creates a reviewer, serves the app
with uvicorn on 127.0.0.1 and photographs two pages with Debian's chromium through
Playwright (``RIGHTSLEDGER_CHROMIUM`` to use another binary).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
CHROMIUM = os.environ.get("RIGHTSLEDGER_CHROMIUM", "/usr/bin/chromium")
DOCUMENT = "Peru: seventeen killed in Juliaca as protest death toll climbs"
USER, PASSWORD = "demo", "a demo password for screenshots"


def demo_ledger(home: Path) -> str:
    from typer.testing import CliRunner

    from rightsledger.cli import app
    from rightsledger.store import Ledger
    from rightsledger.store.users import Accounts

    runner = CliRunner()
    for args in (["add", str(ROOT / "examples")], ["extract"]):
        result = runner.invoke(app, ["--home", str(home), *args])
        if result.exit_code:
            sys.exit(result.output)
    url = f"sqlite:///{home / 'ledger.sqlite3'}"
    with Ledger.open(url) as ledger:
        Accounts(ledger).add_user(USER, "reviewer", PASSWORD, by="screenshots")
    return url


def main() -> None:
    import uvicorn
    from playwright.sync_api import expect, sync_playwright

    from rightsledger.web import create_app

    home = Path(tempfile.mkdtemp(prefix="rlshots")) / "home"
    url = demo_ledger(home)
    server = uvicorn.Server(uvicorn.Config(create_app(url, home), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    base = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
            page.goto(base + "/login")
            page.get_by_label("User name").fill(USER)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.get_by_role("link", name=DOCUMENT).click()
            expect(page.get_by_role("heading", level=1)).to_contain_text(DOCUMENT)
            page.screenshot(path=OUT / "document-page.png")
            # the event with the most claims among the sample reports' events
            page.get_by_role("link", name="Events", exact=True).click()
            page.locator("main table tbody tr td a[href^='/events/ev-']").first.wait_for()
            events = page.eval_on_selector_all(
                "main table tbody tr",
                """rows => rows.map(r => [r.querySelector("a[href^='/events/ev-']")?.getAttribute("href"),
                                      Number(r.cells[r.cells.length - 1].textContent) || 0])""",
            )
            totals: dict[str, int] = {}
            current = None
            for href, claims in events:
                current = href or current
                if current:
                    totals[current] = totals.get(current, 0) + claims
            page.goto(base + max(totals, key=totals.__getitem__))
            page.locator("figure.chart-figure svg").wait_for()
            page.screenshot(path=OUT / "event-page.png")
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=15)
    for name in ("document-page.png", "event-page.png"):
        print(f"wrote {OUT / name} ({(OUT / name).stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
