"""The pages work: login, document list, search with facets, document highlighting, events, review, upload."""

from __future__ import annotations

import re

from webkit import PASSWORD, csrf_of


def test_login_sets_a_session_and_logout_ends_it(site) -> None:
    client = site.client()
    assert client.get("/").headers["location"].startswith("/login")
    form = client.get("/login")
    assert form.status_code == 200
    answer = client.post(
        "/login",
        data={
            "username": "viewer",
            "password": PASSWORD,
            "csrf_token": csrf_of(form.text),
            "next": "/events",
        },
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/events"
    page = client.get("/")
    assert page.status_code == 200 and "Thousands detained at anti-war rallies" in page.text
    out = client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    assert out.status_code == 303
    assert client.get("/").status_code == 303  # the session row is gone, not only the cookie


def test_login_refuses_a_wrong_password_and_an_open_redirect(site) -> None:
    client = site.client()
    form = client.get("/login")
    wrong = client.post(
        "/login", data={"username": "viewer", "password": "nope", "csrf_token": csrf_of(form.text)}
    )
    assert wrong.status_code == 401 and "Wrong user name or password" in wrong.text
    form = client.get("/login")
    answer = client.post(
        "/login",
        data={
            "username": "viewer",
            "password": PASSWORD,
            "csrf_token": csrf_of(form.text),
            "next": "//evil.example/",
        },
    )
    assert answer.headers["location"] == "/"


def test_document_page_marks_every_fact_and_links_it(site) -> None:
    doc_id = site.doc_id("Thousands detained")
    facts = [f for f in site.ledger.facts(document=doc_id) if f.span is not None]
    page = site.client("viewer").get(f"/documents/{doc_id}")
    assert page.status_code == 200
    marked = set(map(int, re.findall(r'<mark class="fact fact-\w+" data-fact-id="(\d+)">', page.text)))
    assert marked == {f.id for f in facts}
    for fact in facts:
        assert f'href="/facts/{fact.id}"' in page.text
    assert 'class="legend"' in page.text or "Facts by type" in page.text
    # the same page by SHA-256 prefix
    sha = site.ledger.get_document(doc_id).sha256
    assert site.client("viewer").get(f"/documents/{sha[:10]}").status_code == 200


def test_search_finds_words_and_counts_facets(site) -> None:
    client = site.client("viewer")
    page = client.get("/search", params={"q": "detained"})
    assert page.status_code == 200
    assert "Thousands detained at anti-war rallies" in page.text
    assert "<mark>" in page.text  # the matched word in the snippet
    api = site.api("viewer").get("/api/v1/search", params={"q": "killed"})
    body = api.json()
    titles = {hit["title"] for hit in body["hits"]}
    assert any("Juliaca" in t for t in titles)
    assert set(body["facets"]) >= {"country", "event", "violation", "year"}
    # a date filter leaves out reports published before it (Bahrain 2011, Kazakhstan 2022)
    later = site.api("viewer").get("/api/v1/search", params={"from": "2022-12"}).json()
    assert {h["published"][:7] for h in later["hits"]} <= {"2022-12", "2023-01"}
    assert later["hits"]
    bad = client.get("/search", params={"from": "yesterday"})
    assert bad.status_code == 400 and "YYYY" in bad.text


def test_event_page_has_claims_figures_timeline_and_chart(site) -> None:
    events = site.api("viewer").get("/api/v1/events").json()["events"]
    with_counts = next(e for e in events if e["claims"] >= 2 and e["kind"] == "event")
    page = site.client("reviewer").get(f"/events/{with_counts['id']}")
    assert page.status_code == 200
    assert "<svg" in page.text and 'class="chart"' in page.text
    assert "style=" not in page.text  # the CSP forbids inline styles
    assert "Timeline" in page.text and "best" in page.text
    assert 'action="/events/' in page.text  # merge / split forms for reviewers
    detail = site.api("viewer").get(f"/api/v1/events/{with_counts['id']}").json()
    assert detail["event"]["id"] == with_counts["id"] and detail["categories"]


def test_review_from_the_fact_page_is_recorded_and_audited(site) -> None:
    fact = next(f for f in site.ledger.facts(type="counts"))
    client = site.client("reviewer")
    page = client.get(f"/facts/{fact.id}")
    answer = client.post(
        f"/facts/{fact.id}/review",
        data={"csrf_token": csrf_of(page.text), "action": "correct", "set_value": "41", "note": "recounted"},
    )
    assert answer.status_code == 303
    stored = site.ledger.get_fact(fact.id)
    assert stored.review == "correct" and stored.effective_data["value"] == 41
    assert site.ledger.audit_log()[-1].action == "fact.correct"
    assert site.ledger.audit_log()[-1].actor == "reviewer"
    bad = client.post(
        f"/facts/{fact.id}/review", data={"csrf_token": client.csrf, "action": "reject", "note": ""}
    )
    assert bad.status_code == 400 and "reject needs a note saying why" in bad.text


def test_review_queue_lists_unreviewed_facts(site) -> None:
    page = site.client("reviewer").get("/review")
    assert page.status_code == 200
    assert page.text.count('href="/facts/') >= 10


def test_actor_pages(site) -> None:
    actors = site.api("viewer").get("/api/v1/actors").json()["actors"]
    assert actors
    first = actors[0]
    page = site.client("viewer").get(f"/actors/{first['id']}")
    assert page.status_code == 200 and first["name"].split()[0] in page.text


def test_exports_have_claims_and_events(site) -> None:
    client = site.client("viewer")
    claims = client.get("/export/claims.csv")
    assert claims.status_code == 200 and claims.headers["content-type"].startswith("text/csv")
    header = claims.text.splitlines()[0].split(",")
    assert {"event", "category", "value", "qualifier", "claimant", "sha256", "status"} <= set(header)
    events = client.get("/export/events.json").json()
    assert events["events"] and {"event", "low", "best", "high"} <= set(events["events"][0])
    assert client.get("/export/nothing.xml").status_code == 404


def test_audit_page_shows_the_log_and_its_state(site) -> None:
    page = site.client("analyst").get("/audit")
    assert page.status_code == 200 and "Chain intact" in page.text and "document.add" in page.text
    api = site.api("analyst").get("/api/v1/audit").json()
    assert api["intact"] is True and api["entries_checked"] >= 4


def test_admin_adds_a_user_and_changes_roles(site) -> None:
    client = site.client("admin")
    page = client.get("/admin/users")
    added = client.post(
        "/admin/users",
        data={"csrf_token": csrf_of(page.text), "name": "newbie", "role": "viewer", "password": "x" * 12},
    )
    assert added.status_code == 303
    assert site.services.accounts.get_user("newbie").role == "viewer"
    client.post("/admin/users/newbie/role", data={"csrf_token": client.csrf, "role": "analyst"})
    assert site.services.accounts.get_user("newbie").role == "analyst"
    client.post("/admin/users/newbie/disable", data={"csrf_token": client.csrf})
    assert site.services.accounts.get_user("newbie").disabled
    assert [e.action for e in site.ledger.audit_log()][-3:] == ["user.add", "user.role", "user.disable"]


def test_api_docs_page_and_openapi(site) -> None:
    schema = site.client().get("/api/openapi.json").json()
    assert "/api/v1/events/{event_id}" in schema["paths"]
    assert "/documents/{ref}" not in schema["paths"]  # pages are not part of the API
    page = site.client().get("/api/docs")
    assert page.status_code == 200 and "/api/v1/facts/{fact_id}/review" in page.text
    assert "<script" not in page.text


def test_figures_follow_reviews_at_once(site) -> None:
    """The cached analysis is rebuilt when a review is recorded (no stale figures)."""
    api = site.api("viewer")
    event = next(
        e for e in api.get("/api/v1/events").json()["events"] if e["kind"] == "event" and e["figures"]
    )
    category = next(iter(event["figures"]))
    claims = api.get(f"/api/v1/events/{event['id']}").json()["categories"][category]["claims"]
    for claim in claims:
        answer = site.api("reviewer").post(
            f"/api/v1/facts/{claim['fact']}/review", json={"action": "reject", "note": "test"}
        )
        assert answer.status_code == 201
    after = {e["id"]: e for e in api.get("/api/v1/events").json()["events"]}
    assert category not in after.get(event["id"], {"figures": {}})["figures"]
