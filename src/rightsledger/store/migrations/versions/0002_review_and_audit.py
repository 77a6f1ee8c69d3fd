"""Reviews of facts, reviewer decisions on canonical events, and the hash-chained audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSONData = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("fact_id", sa.Integer(), sa.ForeignKey("facts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("data", JSONData),
        sa.Column("note", sa.Text()),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_index("ix_reviews_fact_id", "reviews", ["fact_id"])
    op.create_table(
        "event_decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("event", sa.String(64), nullable=False),
        sa.Column("other", sa.String(64)),
        sa.Column("fact_id", sa.Integer(), sa.ForeignKey("facts.id", ondelete="CASCADE")),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),  # canonical JSON text, hashed as stored
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        # Two entries claiming the same predecessor would fork the chain.
        sa.UniqueConstraint("prev_hash", name="uq_audit_prev_hash"),
    )


def downgrade() -> None:
    for table in ("audit_log", "event_decisions", "reviews"):
        op.drop_table(table)
