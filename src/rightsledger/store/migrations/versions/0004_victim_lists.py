"""Victim lists: imports, records, persons with stable ids, linkage models, runs, review pairs, decisions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

JSONData = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TABLES = (
    "victim_lists", "list_imports", "list_records", "link_models", "link_runs", "persons",
    "person_assignments", "link_pairs", "link_decisions",
)  # fmt: skip


def _who() -> list[sa.Column]:
    return [sa.Column("by", sa.String(200), nullable=False), sa.Column("at", sa.String(40), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "victim_lists",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "list_imports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "list_id", sa.Integer(), sa.ForeignKey("victim_lists.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("mapping", JSONData, nullable=False),
        sa.Column("restricted", JSONData, nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("problems", JSONData, nullable=False),
        *_who(),
        sa.UniqueConstraint("list_id", "sha256", name="uq_list_import_file"),
    )
    op.create_index("ix_list_imports_list_id", "list_imports", ["list_id"])
    op.create_table(
        "list_records",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "list_id", sa.Integer(), sa.ForeignKey("victim_lists.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "import_id", sa.Integer(), sa.ForeignKey("list_imports.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_norm", sa.Text(), nullable=False),
        sa.Column("name_sorted", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("first_key", sa.String(100), nullable=False),
        sa.Column("last_key", sa.String(100), nullable=False),
        sa.Column("sex", sa.String(1)),
        sa.Column("age", sa.Integer()),
        sa.Column("birth_date", sa.String(10)),
        sa.Column("event", sa.String(100)),
        sa.Column("event_date", sa.String(10)),
        sa.Column("event_place", sa.Text()),
        sa.Column("place_norm", sa.Text()),
        sa.Column("text", sa.Text()),
        sa.Column("raw", JSONData, nullable=False),
        sa.Column("restricted", JSONData, nullable=False),
        sa.UniqueConstraint("import_id", "line", name="uq_list_record_line"),
    )
    op.create_index("ix_list_records_list_id", "list_records", ["list_id"])
    op.create_table(
        "link_models",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("backend", sa.String(20), nullable=False),
        *_who(),
    )
    op.create_table(
        "link_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("model_id", sa.Integer(), sa.ForeignKey("link_models.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("backend", sa.String(20), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("review_low", sa.Float(), nullable=False),
        sa.Column("review_high", sa.Float(), nullable=False),
        sa.Column("stats", JSONData, nullable=False),
        *_who(),
    )
    op.create_table(
        "persons",
        sa.Column("id", sa.String(20), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False, unique=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("link_runs.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "person_assignments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "record_id", sa.Integer(), sa.ForeignKey("list_records.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("person_id", sa.String(20), sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("link_runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_index("ix_person_assignments_record", "person_assignments", ["record_id", "id"])
    op.create_index("ix_person_assignments_person_id", "person_assignments", ["person_id"])
    op.create_table(
        "link_pairs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("link_runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "record_l", sa.Integer(), sa.ForeignKey("list_records.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "record_r", sa.Integer(), sa.ForeignKey("list_records.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("probability", sa.Float(), nullable=False),
    )
    op.create_index("ix_link_pairs_run_id", "link_pairs", ["run_id"])
    op.create_table(
        "link_decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "record_l", sa.Integer(), sa.ForeignKey("list_records.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "record_r", sa.Integer(), sa.ForeignKey("list_records.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_who(),
    )
    op.create_index("ix_link_decisions_pair", "link_decisions", ["record_l", "record_r"])


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
