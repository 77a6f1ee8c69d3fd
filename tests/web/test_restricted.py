"""Restricted documents and fields: invisible (404) without access everywhere, audited reads with access."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def restricted(site):
    """The Russia report marked restricted by the admin (through the page, with CSRF)."""
    doc_id = site.doc_id("Thousands detained")
    doc = site.ledger.get_document(doc_id)
    admin = site.client("admin")
    answer = admin.post(
        f"/documents/{doc_id}/restrict", data={"csrf_token": admin.csrf, "note": "source safety"}
    )
    assert answer.status_code == 303
    return doc


def test_marking_restricted_is_audited(site, restricted) -> None:
    entry = site.ledger.audit_log()[-1]
    assert (entry.action, entry.target, entry.actor) == (
        "document.restrict",
        f"document:{restricted.sha256}",
        "admin",
    )
    assert entry.payload == {"note": "source safety"}
    admin = site.client("admin")
    admin.post(f"/documents/{restricted.id}/unrestrict", data={"csrf_token": admin.csrf})
    assert site.ledger.audit_log()[-1].action == "document.unrestrict"
    assert site.services.restrictions.documents() == set()
    assert site.ledger.verify_audit() == []


def test_a_restricted_document_is_404_for_a_viewer_on_every_surface(site, restricted) -> None:
    sha = restricted.sha256
    facts = site.ledger.facts(document=restricted.id)
    page, api = site.client("viewer"), site.api("viewer")
    for url in (f"/documents/{restricted.id}", f"/documents/{sha[:12]}", f"/facts/{facts[0].id}"):
        answer = page.get(url)
        assert answer.status_code == 404, url
        assert "Thousands detained" not in answer.text
    for url in (
        f"/api/v1/documents/{restricted.id}",
        f"/api/v1/documents/{sha}",
        f"/api/v1/documents/{restricted.id}/facts",
        f"/api/v1/facts/{facts[0].id}",
    ):
        assert api.get(url).status_code == 404, url
    # lists, search, facets, events and exports leave it out
    surfaces = [
        page.get("/").text,
        page.get("/search", params={"q": "detained"}).text,
        json.dumps(api.get("/api/v1/documents").json()),
        json.dumps(api.get("/api/v1/search", params={"q": "detained rallies"}).json()),
        json.dumps(api.get("/api/v1/events").json()),
        page.get("/events").text,
        page.get("/export/claims.csv").text,
        page.get("/export/events.json").text,
        api.get("/api/v1/export/claims.json").text,
        page.get("/actors").text,
    ]
    for text in surfaces:
        assert sha[:12] not in text and "Thousands detained" not in text
    assert "OVD-Info" not in page.get("/export/claims.csv").text  # the Russia report's claimant
    facets = api.get("/api/v1/search", params={"q": "protest OR detained"}).json()["facets"]
    assert "Russia" not in {f["value"] for f in facets["country"]}
    # its facts cannot be reviewed either
    reviewer_view = site.client("viewer")
    answer = reviewer_view.post(f"/facts/{facts[0].id}/review", data={"csrf_token": reviewer_view.csrf})
    assert answer.status_code == 403  # a viewer may not review at all
    before = len(site.ledger.audit_log())
    page.get(f"/documents/{restricted.id}")
    assert len(site.ledger.audit_log()) == before  # a refused read is not a read


def test_an_analyst_reads_it_and_every_read_is_audited(site, restricted) -> None:
    client, api = site.client("analyst"), site.api("analyst")
    before = len(site.ledger.audit_log())
    page = client.get(f"/documents/{restricted.id}")
    assert page.status_code == 200 and "restricted" in page.text
    assert api.get(f"/api/v1/documents/{restricted.id}").json()["restricted"] is True
    hits = api.get("/api/v1/search", params={"q": "detained"}).json()["hits"]
    assert restricted.sha256 in {h["sha256"] for h in hits}
    reads = [e for e in site.ledger.audit_log()[before:] if e.action == "restricted.read"]
    assert len(reads) >= 3
    assert {e.actor for e in reads} == {"analyst"}
    assert {e.target for e in reads} == {f"document:{restricted.sha256}"}
    assert site.ledger.verify_audit() == []


def test_public_exports_leave_restricted_documents_out_for_everyone(site, restricted) -> None:
    api = site.api("admin")
    full = api.get("/api/v1/export/claims.json").json()
    public = api.get("/api/v1/export/claims.json", params={"public": "true"}).json()
    assert full["public"] is False and public["public"] is True
    assert restricted.sha256 in {c["sha256"] for c in full["claims"]}
    assert restricted.sha256 not in {c["sha256"] for c in public["claims"]}
    assert len(public["claims"]) < len(full["claims"])
    viewer = site.api("viewer").get("/api/v1/export/claims.json").json()
    assert viewer["public"] is True and viewer["claims"] == public["claims"]


def test_a_restricted_field_is_omitted_without_access(site) -> None:
    count = next(f for f in site.ledger.facts(type="counts") if f.data.get("claimant"))
    claimant = count.data["claimant"]
    admin = site.client("admin")
    answer = admin.post(
        f"/facts/{count.id}/restrict", data={"csrf_token": admin.csrf, "field": "claimant", "restricted": "1"}
    )
    assert answer.status_code == 303
    assert site.ledger.audit_log()[-1].action == "field.restrict"
    viewer = site.api("viewer").get(f"/api/v1/facts/{count.id}").json()
    assert "claimant" not in viewer["data"] and viewer["data"]["value"] == count.data["value"]
    analyst = site.api("analyst").get(f"/api/v1/facts/{count.id}").json()
    assert analyst["data"]["claimant"] == claimant and analyst["restricted_fields"] == ["claimant"]
    assert site.ledger.audit_log()[-1].action == "restricted.read"
    rows = site.api("viewer").get("/api/v1/export/claims.json").json()["claims"]
    row = next(r for r in rows if r["fact"] == count.id)
    assert row["claimant"] is None and row["quote"] == ""  # the quote would name the claimant
    page = site.client("viewer").get(f"/facts/{count.id}")
    assert page.status_code == 200 and '<th scope="row">claimant</th>' not in page.text
    bad = admin.post(f"/facts/{count.id}/restrict", data={"csrf_token": admin.csrf, "field": "nonsense"})
    assert bad.status_code == 400 and "no field &#39;nonsense&#39;" in bad.text
