"""Upload: ingest, extract and store in one unit; bad files get a clear error and store nothing."""

from __future__ import annotations

from webkit import csrf_of

from conftest import EXAMPLES, make_site


def test_upload_through_the_page_stores_the_document_with_its_facts(site) -> None:
    client = site.client("analyst")
    form = client.get("/upload")
    text = "Police detained at least 40 people at a protest in Minsk on 3 May 2024, Viasna said.\n"
    answer = client.post(
        "/upload",
        data={
            "csrf_token": csrf_of(form.text),
            "title": "Minsk detentions",
            "publisher": "Viasna",
            "published": "2024-05-04",
        },
        files={"file": ("minsk.txt", text.encode(), "text/plain")},
    )
    assert answer.status_code == 303
    doc_id = int(answer.headers["location"].rsplit("/", 1)[1])
    doc = site.ledger.get_document(doc_id)
    assert (doc.title, doc.publisher, doc.published, doc.added_by) == (
        "Minsk detentions",
        "Viasna",
        "2024-05-04",
        "analyst",
    )
    assert doc.source_path == "upload:minsk.txt"
    counts = site.ledger.facts(type="counts", document=doc_id)
    assert [(c.data["value"], c.data["qualifier"], c.data["category"]) for c in counts] == [
        (40, "at_least", "arrested")
    ]
    assert (site.services.home / "blobs").exists()
    actions = [e.action for e in site.ledger.audit_log()[-2:]]
    assert actions == ["document.add", "extraction.save"]


def test_upload_through_the_api_reads_html(site) -> None:
    html = (EXAMPLES / "kazakhstan-january-2022-press-release.html").read_bytes()
    answer = site.api("analyst").post(
        "/api/v1/documents", files={"file": ("kz.html", html, "text/html")}, data={"publisher": "Test"}
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["created"] is False  # the same bytes were seeded: one more addition, no new document
    fresh = html.replace(b"</body>", b"<p>One more paragraph.</p></body>")
    answer = site.api("analyst").post("/api/v1/documents", files={"file": ("kz2.html", fresh, "text/html")})
    assert answer.json()["created"] is True and answer.json()["facts"] > 5
    assert (
        site.api("viewer")
        .post("/api/v1/documents", files={"file": ("x.txt", b"x", "text/plain")})
        .status_code
        == 403
    )


def test_bad_files_are_refused_clearly_and_store_nothing(ledger_url, home, extracted_examples, dump) -> None:
    site = make_site(ledger_url, home, extracted_examples[:1])
    try:
        client = site.client("analyst")
        before = dump(ledger_url)
        audit_before = len(site.ledger.audit_log())
        for name, data, message in (
            ("empty.txt", b"", "empty"),
            ("blank.txt", b"   \n\n ", "no text"),
            ("broken.pdf", b"%PDF-1.7\nthis is not really a pdf", "PDF"),
            ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        ):
            answer = client.post(
                "/upload",
                data={"csrf_token": client.csrf},
                files={"file": (name, data, "application/octet-stream")},
            )
            assert answer.status_code == 400, (name, answer.status_code)
            assert name in answer.text and message in answer.text, answer.text
            assert 'role="alert"' in answer.text
        bad_date = client.post(
            "/upload",
            data={"csrf_token": client.csrf, "published": "last week"},
            files={"file": ("ok.txt", b"Five people were killed.", "text/plain")},
        )
        assert bad_date.status_code == 400 and "last week" in bad_date.text
        assert dump(ledger_url) == before
        assert len(site.ledger.audit_log()) == audit_before
    finally:
        site.ledger.close()
