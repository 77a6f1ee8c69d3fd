"""Full-text search: one interface over SQLite FTS5 and PostgreSQL tsvector."""

from __future__ import annotations

import pytest

from rightsledger.errors import QueryError
from rightsledger.store import Ledger, parse_query
from rightsledger.store.search import fts5_expression

MANY = (
    "Executions rose sharply. The executions were carried out in secret, and the families of those "
    "executed were not told. Rights groups counted the executions prison by prison."
)
ONCE = (
    "A long report on prison conditions, overcrowding and food, with one mention of executions near the end."
)
NONE = "Elections were held in the capital without incident; observers praised the count."


@pytest.fixture
def corpus(ledger: Ledger, make_doc) -> dict[str, int]:
    ids = {}
    for name, text in (("once", ONCE), ("many", MANY), ("none", NONE)):
        ids[name], _ = ledger.add_document(make_doc(text, title=f"Report {name}"))
    return ids


def test_more_mentions_rank_higher(ledger: Ledger, corpus: dict[str, int]) -> None:
    hits = ledger.search("executions")
    assert [h.doc_id for h in hits] == [corpus["many"], corpus["once"]]
    assert hits[0].rank > hits[1].rank
    assert hits[0].sha256 and hits[0].title == "Report many"


def test_snippets_mark_the_matches(ledger: Ledger, corpus: dict[str, int]) -> None:
    hit = ledger.search("overcrowding", marks=("<<", ">>"))[0]
    assert hit.doc_id == corpus["once"]
    assert "<<overcrowding>>" in hit.snippet
    assert "\n" not in hit.snippet


def test_stemming_matches_other_word_forms(ledger: Ledger, corpus: dict[str, int]) -> None:
    assert ledger.search("executed")[0].doc_id == corpus["many"]


def test_phrases_or_and_exclusion(ledger: Ledger, corpus: dict[str, int]) -> None:
    assert [h.doc_id for h in ledger.search('"prison conditions"')] == [corpus["once"]]
    assert [h.doc_id for h in ledger.search('"conditions prison"')] == []
    assert {h.doc_id for h in ledger.search("overcrowding OR observers")} == {corpus["once"], corpus["none"]}
    assert [h.doc_id for h in ledger.search("executions -overcrowding")] == [corpus["many"]]
    assert [h.doc_id for h in ledger.search("executions secret")] == [corpus["many"]]


def test_title_matches(ledger: Ledger, corpus: dict[str, int]) -> None:
    assert corpus["none"] in [h.doc_id for h in ledger.search("Report none")]


def test_limit(ledger: Ledger, corpus: dict[str, int]) -> None:
    assert len(ledger.search("executions", limit=1)) == 1
    with pytest.raises(QueryError, match="limit"):
        ledger.search("executions", limit=0)


HOSTILE = [
    '"unbalanced',
    "AND OR",
    "OR",
    "NOT executions",
    "executions AND",
    "executions*",
    "exec* NEAR(a b)",
    "title:executions",
    "{title text}: executions",
    "'; DROP TABLE documents; --",
    "executions) OR (1=1",
    "^executions",
    '""',
    "-executions -prison executions",
    "a\x00b executions",
    "ünïcödé executions ∑",
    "executions " * 60,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_crash(ledger: Ledger, corpus: dict[str, int], query: str) -> None:
    try:
        hits = ledger.search(query)
    except QueryError as error:
        assert str(error)  # a clear message, not an SQL error
    else:
        assert all(h.doc_id in corpus.values() for h in hits)
    assert ledger.summary().documents == 3  # and nothing was dropped


@pytest.mark.parametrize("query", ["*", "   ", "-only -excluded", "--", "()", "x" * 2000])
def test_queries_without_searchable_words_are_refused(ledger: Ledger, query: str) -> None:
    with pytest.raises(QueryError):
        ledger.search(query)


def test_parse_query_structure() -> None:
    assert str(parse_query('death "penalty for children" OR juveniles -adults')) == (
        'death "penalty for children" OR juveniles -adults'
    )
    assert str(parse_query('"unclosed phrase here')) == '"unclosed phrase here"'
    assert str(parse_query("OR a OR OR b OR")) == "a OR b"
    # FTS5 sees only quoted strings and operators: no column filters, prefixes or NEAR groups
    assert fts5_expression(parse_query('title:x* NEAR(a) "q"')) == '("title x") AND ("NEAR a") AND ("q")'
