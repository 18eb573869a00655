"""Follower goals, milestones reached, and what Followers exports say about the audience.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _account_key() -> sa.Column[int]:
    return sa.Column(
        "account_id",
        sa.Integer,
        sa.ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
    )


def upgrade() -> None:
    op.create_table(
        "goals",
        _account_key(),
        sa.Column("followers", sa.BigInteger, nullable=False),
        sa.Column("by_day", sa.Date),
        sa.Column("set_by", sa.BigInteger),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "milestones",
        _account_key(),
        sa.Column("level", sa.BigInteger, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "audience_hours",
        _account_key(),
        sa.Column("as_of", sa.Date, primary_key=True),
        sa.Column("hour", sa.Integer, primary_key=True),
        sa.Column("active", sa.Float, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "audience_shares",
        _account_key(),
        sa.Column("as_of", sa.Date, primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("label", sa.String(64), primary_key=True),
        sa.Column("share", sa.Float, nullable=False),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    for table in ("audience_shares", "audience_hours", "milestones", "goals"):
        op.drop_table(table)
