"""Source reliability grades that users set (Admiralty A-F / 1-6), kept as rows never changed.

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_grades",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("reliability", sa.String(1)),
        sa.Column("credibility", sa.Integer()),
        sa.Column("note", sa.Text()),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.CheckConstraint(
            "reliability IS NULL OR reliability IN ('A', 'B', 'C', 'D', 'E', 'F')",
            name="ck_source_grades_reliability",
        ),
        sa.CheckConstraint(
            "credibility IS NULL OR credibility BETWEEN 1 AND 6", name="ck_source_grades_credibility"
        ),
    )
    op.create_index("ix_source_grades_source", "source_grades", ["source"])


def downgrade() -> None:
    op.drop_index("ix_source_grades_source", table_name="source_grades")
    op.drop_table("source_grades")
