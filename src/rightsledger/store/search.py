"""Full-text search behind one interface: SQLite FTS5 or PostgreSQL tsvector.

A user's query is parsed here into words and quoted phrases, combined with
AND (whitespace), ``OR`` and ``-`` (exclude), and then rebuilt for each
backend from quoted tokens or bound parameters, so no user text ever reaches
FTS5's query syntax or SQL: a stray quote, ``*`` or ``AND OR`` is either
searched as plain words or refused with a clear ``QueryError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from rightsledger.errors import QueryError

MAX_QUERY_CHARS = 1000
MAX_LIMIT = 1000
_WORD = re.compile(r"\w", re.UNICODE)
_ITEM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Phrase:
    """One or more words that must appear together, in order."""

    words: str
    exclude: bool = False


@dataclass(frozen=True)
class Query:
    """Every group must match (AND); a group matches when any of its phrases does (OR)."""

    groups: tuple[tuple[Phrase, ...], ...]

    def __str__(self) -> str:
        def show(p: Phrase) -> str:
            return ("-" if p.exclude else "") + (f'"{p.words}"' if " " in p.words else p.words)

        return " ".join(" OR ".join(show(p) for p in group) for group in self.groups)


@dataclass(frozen=True)
class SearchHit:
    doc_id: int
    sha256: str
    title: str | None
    rank: float  # higher is better; comparable within one result list only
    snippet: str


def parse_query(query: str) -> Query:
    """Words, "quoted phrases", OR between items, -word to exclude; raises QueryError."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"search query is too long ({len(query)} characters; at most {MAX_QUERY_CHARS})")
    groups: list[list[Phrase]] = []
    join_next = False
    for match in _ITEM.finditer(query):
        minus, quoted, bare = match.groups()
        if bare == "OR":
            join_next = bool(groups)  # a leading or doubled OR is meaningless: ignore it
            continue
        if bare is not None:
            minus = "-" if bare.startswith("-") and len(bare) > 1 else ""
            raw = bare[1:] if minus else bare
        else:
            raw = quoted  # an unclosed quote runs to the end of the query
        words = " ".join(re.findall(r"\w+", raw))
        if not words:  # punctuation only ("*", "--", '""'): nothing to search for
            join_next = False
            continue
        phrase = Phrase(words, exclude=bool(minus))
        if join_next and not phrase.exclude and not any(p.exclude for p in groups[-1]):
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
        join_next = False
    if not groups:
        raise QueryError(f"search query {query!r} has no words to search for")
    if all(p.exclude for group in groups for p in group):
        raise QueryError(f"search query {query!r} only excludes words; add a word to search for")
    return Query(tuple(tuple(g) for g in groups))


def _fts5_phrase(phrase: Phrase) -> str:
    return '"' + phrase.words.replace('"', '""') + '"'


def fts5_expression(query: Query) -> str:
    """An FTS5 MATCH expression built only from double-quoted strings and operators."""
    positive: list[str] = []
    negative: list[str] = []
    for group in query.groups:
        if group[0].exclude:
            negative.append(_fts5_phrase(group[0]))
        else:
            positive.append("(" + " OR ".join(_fts5_phrase(p) for p in group) + ")")
    expression = " AND ".join(positive)
    for item in negative:
        expression = f"({expression}) NOT {item}"
    return expression


def _pg_tsquery(query: Query, params: dict[str, Any]) -> str:
    """A tsquery SQL expression of phraseto_tsquery() calls over bound parameters."""
    positive: list[str] = []
    negative: list[str] = []
    for group in query.groups:
        parts = []
        for phrase in group:
            key = f"q{len(params)}"
            params[key] = phrase.words
            parts.append(f"phraseto_tsquery('english', :{key})")
        (negative if group[0].exclude else positive).append("(" + " || ".join(parts) + ")")
    expression = " && ".join(positive)
    for item in negative:
        expression = f"({expression}) && !!{item}"
    return expression


def search(
    connection: Connection, query: str, limit: int = 10, *, marks: tuple[str, str] = ("[", "]")
) -> list[SearchHit]:
    """Documents matching ``query``, best first, each with a snippet around the matches."""
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"search limit must be between 1 and {MAX_LIMIT}, not {limit}")
    parsed = parse_query(query)
    dialect = connection.dialect.name
    params: dict[str, Any] = {"limit": limit, "start": marks[0], "stop": marks[1]}
    if dialect == "sqlite":
        params["match"] = fts5_expression(parsed)
        # bm25 is lower-is-better; title hits weigh five times a body hit.
        sql = """
            SELECT d.id, d.sha256, d.title, -bm25(documents_fts, 5.0, 1.0) AS rank,
                   snippet(documents_fts, 1, :start, :stop, '…', 24) AS snippet
            FROM documents_fts JOIN documents AS d ON d.id = documents_fts.rowid
            WHERE documents_fts MATCH :match
            ORDER BY rank DESC, d.id
            LIMIT :limit
        """
    elif dialect == "postgresql":
        tsquery = _pg_tsquery(parsed, params)
        params["options"] = (
            'MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … ", '
            f'StartSel="{_pg_option(marks[0])}", StopSel="{_pg_option(marks[1])}"'
        )
        sql = f"""
            WITH q AS (SELECT {tsquery} AS query),
            hits AS (
                SELECT d.id, d.sha256, d.title, d.text, ts_rank(d.search_vector, q.query) AS rank, q.query
                FROM documents AS d, q
                WHERE d.search_vector @@ q.query
                ORDER BY rank DESC, d.id
                LIMIT :limit
            )
            SELECT id, sha256, title, rank,
                   ts_headline('english', left(text, 500000), query, :options) AS snippet
            FROM hits ORDER BY rank DESC, id
        """
    else:  # pragma: no cover - engine.normalize_url refuses other databases
        raise QueryError(f"full-text search is not available on {dialect}")
    rows = connection.execute(text(sql), params).all()
    return [
        SearchHit(row.id, row.sha256, row.title, float(row.rank), _tidy(row.snippet or "")) for row in rows
    ]


def _pg_option(mark: str) -> str:
    if '"' in mark or "," in mark:
        raise QueryError(f"snippet marker {mark!r} may not contain quotes or commas")
    return mark


def _tidy(snippet: str) -> str:
    return " ".join(snippet.split())
