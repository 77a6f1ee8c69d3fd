"""Documents, additions, extractions, facts, and full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSONData = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

# PostgreSQL refuses a tsvector over 1 MB; the first 500k characters of a report
# are indexed (ranking and snippets beyond that would be noise anyway).
PG_SEARCH_VECTOR = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, left(coalesce(text, ''), 500000)), 'B')"
)

_FTS_DELETE = (
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text);"
)
SQLITE_FTS = [
    # External content: the FTS table indexes documents(title, text) without a second copy.
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    f"CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN {_FTS_DELETE} END",
    "CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN "
    f"{_FTS_DELETE} INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("publisher", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("published", sa.String(32)),
        sa.Column("source_path", sa.Text()),
        sa.Column("added_by", sa.String(200)),
        sa.Column("added_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("sha256", name="uq_documents_sha256"),
    )
    op.create_index("ix_documents_title", "documents", ["title"])
    op.create_table(
        "additions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("source_path", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("publisher", sa.Text()),
        sa.Column("published", sa.String(32)),
        sa.Column("title", sa.Text()),
        sa.Column("added_by", sa.String(200)),
        sa.Column("added_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_additions_document_id", "additions", ["document_id"])
    op.create_table(
        "extractions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("extractor", sa.String(200), nullable=False),
        sa.Column("version", sa.String(100), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("fact_count", sa.Integer(), nullable=False),
        sa.UniqueConstraint("document_id", "extractor", "version", name="uq_extraction"),
    )
    op.create_index("ix_extractions_document_id", "extractions", ["document_id"])
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "extraction_id", sa.Integer(), sa.ForeignKey("extractions.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer()),
        sa.Column("span_end", sa.Integer()),
        sa.Column("category", sa.String(64)),
        sa.Column("code", sa.String(64)),
        sa.Column("value", sa.BigInteger()),
        sa.Column("name", sa.Text()),
        sa.Column("data", JSONData, nullable=False),
    )
    op.create_index("ix_facts_extraction_id", "facts", ["extraction_id"])
    op.create_index("ix_facts_document_id", "facts", ["document_id"])
    op.create_index("ix_facts_type_category", "facts", ["type", "category"])
    op.create_index("ix_facts_type_code", "facts", ["type", "code"])

    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.add_column(
            "documents",
            sa.Column("search_vector", postgresql.TSVECTOR(), sa.Computed(PG_SEARCH_VECTOR, persisted=True)),
        )
        op.create_index("ix_documents_search_vector", "documents", ["search_vector"], postgresql_using="gin")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("documents_fts_insert", "documents_fts_delete", "documents_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for table in ("facts", "extractions", "additions", "documents"):
        op.drop_table(table)
