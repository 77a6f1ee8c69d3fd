"""Who sees what, in a real browser: logging in and out, and restricted documents.

The sample reports are the ones in examples/ (titles from their .meta.json files).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

BAHRAIN = "Bahrain inquiry finds torture and excessive force in 2011 crackdown"
PERU = "Peru: seventeen killed in Juliaca as protest death toll climbs"


def open_document(page: Page, title: str) -> str:
    """Open a document from the documents list by its title; returns its URL."""
    page.get_by_role("link", name="Documents", exact=True).click()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    return page.url


def test_wrong_password_is_refused(page: Page, live_app, password: str) -> None:
    page.goto(live_app.url("/login"))
    page.get_by_label("User name").fill("rita")
    page.get_by_label("Password").fill(password + "x")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong user name or password.")
    page.goto(live_app.url("/"))
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))


def test_logout_ends_the_session(page: Page, live_app, log_in) -> None:
    log_in(page, "vera")
    expect(page.locator(".who")).to_have_text("vera (viewer)")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(live_app.url("/login"))
    page.goto(live_app.url("/events"))
    expect(page).to_have_url(re.compile(r"/login\?next=/events$"))


def test_sample_report_facts_are_highlighted(page: Page, log_in) -> None:
    # examples/peru-juliaca-protest-deaths.txt, first sentence: "At least 17 people were killed on Monday"
    log_in(page, "vera")
    open_document(page, PERU)
    expect(
        page.locator(".doctext mark.fact-counts", has_text="At least 17 people were killed").first
    ).to_be_visible()
    # a viewer gets no review form on a fact
    page.locator(".doctext a.fact-ref").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fact")
    expect(page.get_by_role("button", name="Record decision")).to_have_count(0)


def test_viewer_gets_404_for_a_restricted_document(browser, live_app, log_in) -> None:
    admin = browser.new_context().new_page()
    log_in(admin, "adam")
    url = open_document(admin, BAHRAIN)
    admin.get_by_label("Note").fill("witness names in the annex (e2e test)")
    admin.get_by_role("button", name="Mark restricted").click()
    expect(admin.locator("h1 .badge.restricted")).to_have_text("restricted")

    viewer = browser.new_context().new_page()
    log_in(viewer, "vera")
    reply = viewer.goto(url)
    assert reply is not None and reply.status == 404
    expect(viewer.get_by_text(BAHRAIN)).to_have_count(0)
    # the other sample reports stay visible to the viewer, the restricted one is not listed
    viewer.get_by_role("link", name="Documents", exact=True).click()
    expect(viewer.get_by_role("link", name=PERU)).to_be_visible()
    expect(viewer.get_by_role("link", name=BAHRAIN)).to_have_count(0)

    # an analyst still reads it, and that read of restricted data is in the audit log
    analyst = browser.new_context().new_page()
    log_in(analyst, "arlo")
    reply = analyst.goto(url)
    assert reply is not None and reply.status == 200
    expect(analyst.get_by_role("heading", level=1)).to_contain_text(BAHRAIN)
    analyst.get_by_role("link", name="Audit").click()
    read = analyst.locator("main table tbody tr", has_text="restricted.read").filter(has_text="arlo")
    expect(read.first).to_contain_text("document:")
