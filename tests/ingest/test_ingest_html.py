"""HTML reports: main text only, never script text, charset and metadata honoured."""

from __future__ import annotations

import pytest

from rightsledger.errors import IngestError
from rightsledger.ingest import read_report

ARTICLE = """
<p>Security forces killed at least 12 protesters at the Lekki toll gate on 20 October 2020, witnesses
said.</p>
<p>The panel found that four more people were missing and presumed dead, and called for prosecutions.</p>
<p>More than 300 people were arrested in the following week, according to lawyers representing them.</p>
"""

HOSTILE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Nigeria: Lekki findings | Rights Watch</title>
<meta property="og:site_name" content="Rights Watch">
<meta name="date" content="2021-11-16">
<style>body {{ color: red }} .x::before {{ content: "STYLE_LEAK" }}</style>
<script>alert(1); var SCRIPT_LEAK_HEAD = "exfiltrate";</script>
</head>
<body onload="alert('ONLOAD_LEAK')">
<nav><a href="/">Home</a> | <a href="/about">About us</a> | <a href="/donate">Donate now</a></nav>
<header>Rights Watch — defending rights since 1990</header>
<main><article><h1>Nigeria: Lekki findings</h1>
<script>alert(1)</script>
{ARTICLE}
<p onclick="alert('CLICK_LEAK')">Victims' families demanded justice.</p>
<script type="text/javascript">document.write("SCRIPT_LEAK_BODY")</script>
<template><p>TEMPLATE_LEAK</p></template>
<svg><script>SVG_SCRIPT_LEAK()</script></svg>
<iframe srcdoc="<p>IFRAME_LEAK</p>"></iframe>
</article></main>
<footer>Copyright 2021 Rights Watch. All rights reserved. Privacy policy. Contact us.</footer>
<script>console.log("SCRIPT_LEAK_TAIL")</script>
</body></html>
"""


def test_main_text_only_no_script_no_boilerplate(write):
    path = write("lekki.html", HOSTILE.encode())
    _, doc = read_report(path)
    assert doc.media_type == "text/html"
    assert "killed at least 12 protesters" in doc.text
    assert "More than 300 people were arrested" in doc.text
    assert "Victims' families demanded justice." in doc.text
    for leak in ("alert", "LEAK", "exfiltrate", "console.log", "document.write", "color: red"):
        assert leak not in doc.text
    for boilerplate in ("Donate now", "About us", "All rights reserved", "Privacy policy"):
        assert boilerplate not in doc.text


def test_metadata_defaults_from_page(write):
    _, doc = read_report(write("lekki.html", HOSTILE.encode()))
    prov = doc.provenance
    assert prov.title == "Nigeria: Lekki findings"
    assert prov.published == "2021-11-16"
    assert prov.publisher == "Rights Watch"


def test_html_sniffed_by_content_not_extension(write):
    _, doc = read_report(write("saved-page.txt", HOSTILE.encode()))
    assert doc.media_type == "text/html"
    assert "SCRIPT_LEAK" not in doc.text


def test_declared_charset_honoured(write):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "<title>Доклад</title></head><body><article>"
        "<p>Силы безопасности задержали более 7500 человек после выборов, сообщили правозащитники.</p>"
        "<p>Правозащитный центр «Весна» сообщил о пытках задержанных в изоляторах.</p>"
        "</article></body></html>"
    )
    _, doc = read_report(write("vesna.htm", page.encode("cp1251")))
    assert "задержали более 7500 человек" in doc.text
    assert "«Весна»" in doc.text


def test_latin1_label_means_cp1252(write):
    page = (
        '<html><head><meta charset="iso-8859-1"><title>T</title></head><body><article>'
        "<p>The minister said “we will act” on the findings – and the rapporteur in Genève agreed "
        "that at least 40 people had been detained without charge.</p></article></body></html>"
    )
    _, doc = read_report(write("quotes.html", page.encode("cp1252")))
    assert "“we will act”" in doc.text and "Genève" in doc.text


def test_html_with_only_boilerplate_refused(write):
    page = b"<!doctype html><html><head><title>x</title><script>alert(1)</script></head><body></body></html>"
    with pytest.raises(IngestError, match="HTML with no main text"):
        read_report(write("empty.html", page))


def test_navigation_only_page_refused(write):
    page = b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>"
    with pytest.raises(IngestError, match="HTML with no main text"):
        read_report(write("nav.html", page))
