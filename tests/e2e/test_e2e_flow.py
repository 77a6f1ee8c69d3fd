"""The analyst's and reviewer's path through the web app in a real browser, start to finish.

A reviewer uploads a short report written for this test, sees its three death counts
highlighted, corrects one count, sees the event's reconciled figures move, finds the
review in the audit log, and downloads the claims export with the corrected figure.

The report (REPORT below) makes three claims about the people killed on 14 March 2025:
  the Harbour Rights Group: "at least 12"  -> lower bound 12
  the regional health ministry: "9"        -> exact count 9
  the dock workers' union: "as many as 30" -> upper claim 30
Under rightsledger.reconcile.v1 (docs/reconciliation.md, section 3; one claim per source):
  low  = max(highest lower bound, lowest exact count) = max(12, 9) = 12
  best = lower median of the point claims (exact or about) = 9, raised to low -> 12
  high = highest stated figure = max(12, 9, 30) = 30
After the reviewer corrects the ministry's 9 to 15 (exact):
  low = max(12, 15) = 15; best = 15 (median of [15], not below low); high = max(12, 15, 30) = 30
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import Page, expect

REPORT = """Harbour Rights Group - Statement

Killings during the Velmora port strike

On 14 March 2025, during the Velmora port strike, riot police fired live ammunition at striking \
dock workers in the city of Velmora.

The Harbour Rights Group said at least 12 people were killed in the shooting on 14 March. \
The regional health ministry said 9 people were killed. The dock workers' union said as many \
as 30 people were killed.

The Harbour Rights Group called on the authorities to open an independent investigation into the killings.
"""
TITLE = "Velmora port strike killings (e2e test report)"


def expect_figures(page: Page, category: str, low: str, best: str, high: str) -> None:
    """The event page shows these reconciled low / best / high figures for ``category``."""
    section = page.locator("section.category", has=page.get_by_role("heading", name=category, exact=True))
    for name, value in (("low", low), ("best", best), ("high", high)):
        row = section.locator(
            "table.figures tbody tr", has=page.get_by_role("rowheader", name=name, exact=True)
        )
        expect(row.locator("td.num")).to_have_text(value)


def marked(page: Page, kind: str) -> list[str]:
    """The text of each fact of ``kind`` marked in the document text, in order (pieces joined).

    Marks nest (a count inside the statement that reports it), and each fact's last piece is
    followed by a small link to its record: those links are not part of the marked text.
    """
    pieces = page.eval_on_selector_all(
        f".doctext mark.fact-{kind}",
        """marks => marks.map(m => {
            const copy = m.cloneNode(true);
            copy.querySelectorAll("a.fact-ref").forEach(a => a.remove());
            return [m.dataset.factId, copy.textContent];
        })""",
    )
    texts: dict[str, str] = {}
    for fact_id, text in pieces:
        texts[fact_id] = texts.get(fact_id, "") + text
    return list(texts.values())


def download(page: Page, link: str) -> str:
    """Click the link ``link`` and return the text of the file the browser downloads."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link, exact=True).click()
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_upload_correct_reconcile_audit_export(page: Page, live_app, log_in, tmp_path: Path) -> None:
    log_in(page, "rita")

    # -- upload: the browser sends a real file through the form ------------------------------
    report = tmp_path / "velmora-port-strike.txt"
    report.write_text(REPORT, encoding="utf-8")
    page.get_by_role("link", name="Upload").click()
    page.locator('input[type="file"]').set_input_files(report)
    page.locator('input[name="title"]').fill(TITLE)
    page.locator('input[name="publisher"]').fill("Harbour Rights Group")
    page.locator('input[name="published"]').fill("2025-03-20")
    page.get_by_role("button", name=re.compile("upload", re.I)).click()

    # -- the document page: the three counts are marked where the report states them ---------
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.locator(".doctext mark.fact-counts")).to_have_count(3)
    assert marked(page, "counts") == [
        "at least 12 people were killed",
        "9 people were killed",
        "as many as 30 people were killed",
    ]
    document_url = page.url

    # -- the event page before the correction ---------------------------------------------------
    page.get_by_role("link", name="Events").first.click()
    # the extractor names this event after its first sentence with a date ("at least 12 people were killed")
    page.get_by_role("link", name="at least 12 people were killed", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    event_url = page.url
    event_id = event_url.rsplit("/", 1)[1]
    expect_figures(page, "killed", "12", "12", "30")

    # -- correct the ministry's count: 9 -> 15 ---------------------------------------------------
    page.goto(document_url)
    ministry = page.locator(".doctext mark.fact-counts", has_text="9 people were killed")
    fact_id = ministry.get_attribute("data-fact-id")
    assert fact_id and fact_id.isdigit()
    page.locator(f'.doctext a.fact-ref[href="/facts/{fact_id}"]').click()
    expect(page).to_have_url(live_app.url(f"/facts/{fact_id}"))
    page.get_by_label("correct", exact=True).check()
    page.locator('input[name="set_value"]').fill("15")
    page.locator('textarea[name="note"]').fill("Ministry revised its figure to 15 on 16 March (e2e test)")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("ol.history")).to_contain_text("correct")
    expect(page.locator("table.record tr", has_text="value")).to_contain_text("15")

    # -- the event page after: low and best move to 15, high stays 30 ----------------------------
    page.goto(event_url)
    expect_figures(page, "killed", "15", "15", "30")

    # -- the audit log shows who corrected which fact, and why ----------------------------------
    page.get_by_role("link", name="Audit").click()
    entry = page.locator("main table tbody tr", has_text=f"fact:{fact_id}")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("rita")
    expect(entry).to_contain_text("fact.correct")
    expect(entry).to_contain_text("Ministry revised its figure to 15")

    # -- the exports (real downloads) carry the corrected figure and the new reconciliation -----
    page.get_by_role("link", name="Documents", exact=True).click()
    claims = list(csv.DictReader(io.StringIO(download(page, "claims CSV"))))
    mine = [r for r in claims if r["event"] == event_id and r["category"] == "killed"]
    assert sorted(int(r["value"]) for r in mine) == [12, 15, 30]
    assert [r["value"] for r in mine if r["fact"] == fact_id] == ["15"]
    events = list(csv.DictReader(io.StringIO(download(page, "events CSV"))))
    killed = [
        (r["low"], r["best"], r["high"])
        for r in events
        if r["event"] == event_id and r["category"] == "killed"
    ]
    assert killed == [("15", "15", "30")]
