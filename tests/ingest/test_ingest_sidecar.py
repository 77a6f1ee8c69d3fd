"""Sidecar NAME.meta.json: read, overridden by arguments, validated."""

from __future__ import annotations

import json

import pytest

from rightsledger.errors import IngestError
from rightsledger.ingest import read_report

META = {
    "published": "2021-11-16",
    "publisher": "Amnesty International",
    "title": "Lekki toll gate panel findings",
    "url": None,
    "genre": "NGO press release",
    "sources": ["https://example.org/a"],
}


def test_sidecar_read(write):
    path = write("lekki.txt", b"First line\nbody\n")
    write("lekki.meta.json", json.dumps(META).encode())
    prov = read_report(path)[1].provenance
    assert prov.published == "2021-11-16"
    assert prov.publisher == "Amnesty International"
    assert prov.title == "Lekki toll gate panel findings"
    assert prov.url is None


def test_arguments_override_sidecar(write):
    path = write("lekki.txt", b"First line\nbody\n")
    write("lekki.meta.json", json.dumps(META).encode())
    prov = read_report(path, published="2021-11", publisher="AI", title="T", url="https://x.test/r")[
        1
    ].provenance
    assert (prov.published, prov.publisher, prov.title, prov.url) == (
        "2021-11",
        "AI",
        "T",
        "https://x.test/r",
    )


def test_sidecar_overrides_html_metadata(write):
    page = (
        "<html><head><title>Page title</title><meta name='date' content='2019-01-01'></head><body>"
        "<article><p>Security forces detained more than forty people in the capital on Sunday.</p>"
        "<p>Lawyers said many of them were beaten in custody and denied access to counsel.</p>"
        "</article></body></html>"
    )
    path = write("page.html", page.encode())
    write("page.meta.json", json.dumps({"published": "2020-02", "title": "Sidecar title"}).encode())
    prov = read_report(path)[1].provenance
    assert (prov.title, prov.published) == ("Sidecar title", "2020-02")


def test_real_dev_corpus_sidecar_shape(write):
    # The evaluation set's sidecars carry extra keys and nulls; they must read cleanly.
    path = write("r.txt", b"text")
    write("r.meta.json", json.dumps({**META, "published": None, "annotation_notes": ["x"]}).encode())
    assert read_report(path)[1].provenance.published is None


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"{not json", "malformed sidecar JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"title": 5}', "'title' must be a string or null"),
        (b'{"published": "16 Nov 2021"}', "not an ISO 8601 date prefix"),
        (b'{"published": "2021-13"}', "not an ISO 8601 date prefix"),
        (b'{"published": "2021-02-30"}', "not an ISO 8601 date prefix"),
    ],
)
def test_bad_sidecar_names_the_sidecar(write, content, problem):
    path = write("r.txt", b"text")
    meta = write("r.meta.json", content)
    with pytest.raises(IngestError) as err:
        read_report(path)
    assert err.value.path == str(meta)
    assert problem in err.value.problem


@pytest.mark.parametrize("published", ["2020", "2020-11", "2020-11-19"])
def test_published_prefixes_accepted(write, published):
    path = write("r.txt", b"text")
    assert read_report(path, published=published)[1].provenance.published == published


@pytest.mark.parametrize("published", ["20", "2020-1", "2020/11/19", "2020-11-19T10:00", "November 2020"])
def test_bad_published_argument_refused(write, published):
    path = write("r.txt", b"text")
    with pytest.raises(IngestError, match="YYYY, YYYY-MM or YYYY-MM-DD") as err:
        read_report(path, published=published)
    assert err.value.path == str(path)


def test_title_defaults_to_file_name_when_nothing_else(write):
    body = b"Forty people were detained on Sunday in the capital. " * 5
    page = b"<html><body><article><p>" + body + b"</p></article></body></html>"
    assert read_report(write("untitled.html", page))[1].title == "untitled.html"
