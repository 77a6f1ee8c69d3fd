"""HTML pages: the main text with boilerplate removed, and the page's own metadata."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura

from rightsledger.ingest.encoding import decode_html
from rightsledger.ingest.problems import Unreadable

# Elements whose content is code, inert markup or site navigation, never a report's
# prose.  Removed before extraction so that no extractor (trafilatura or the
# fallbacks it tries on thin pages) can return them; JSON-LD is kept because
# trafilatura reads the title and date from it.
_NOT_PROSE = (
    "//script[not(@type='application/ld+json')]|//style|//template|//noscript|//nav"
    "|//iframe|//object|//embed|//applet|//svg|//math|//canvas"
)


@dataclass(frozen=True)
class HtmlReport:
    text: str
    title: str | None
    published: str | None
    publisher: str | None
    url: str | None


def read_html(data: bytes) -> HtmlReport:
    page = decode_html(data)
    tree = trafilatura.load_html(page)
    if tree is None:
        raise Unreadable("HTML that could not be parsed; save the article as plain text")
    for element in tree.xpath(_NOT_PROSE):
        element.drop_tree()
    # Defaults: balanced precision/recall.  A report's paragraphs are its evidence,
    # so we do not trade recall away for the last bit of boilerplate removal.
    doc = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        raise Unreadable(
            "HTML with no main text (only navigation or boilerplate); save the article text as .txt instead"
        )
    return HtmlReport(
        text=text,
        title=doc.title or None,
        published=doc.date or None,
        publisher=doc.sitename or None,
        url=doc.url or None,
    )
