"""TikTok connections, their daily observations, and OAuth states in progress.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _account_key() -> sa.Column:
    return sa.Column(
        "account_id",
        sa.Integer,
        sa.ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
    )


def upgrade() -> None:
    op.create_table(
        "tiktok_connections",
        _account_key(),
        sa.Column("open_id", sa.String(128), nullable=False),
        sa.Column("scopes", sa.Text, nullable=False),
        sa.Column("access_token", sa.Text, nullable=False),
        sa.Column("access_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refresh_token", sa.Text, nullable=False),
        sa.Column("refresh_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("connected_by", sa.BigInteger, nullable=False),
        sa.Column("connected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_pull_at", sa.DateTime(timezone=True)),
        sa.Column("expiry_noticed_for", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "tiktok_observations",
        _account_key(),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("followers", sa.BigInteger, nullable=False),
        sa.Column("following", sa.BigInteger, nullable=False),
        sa.Column("likes_total", sa.BigInteger, nullable=False),
        sa.Column("videos", sa.BigInteger, nullable=False),
        sa.Column("video_views_total", sa.BigInteger),
        sa.Column("views_estimated", sa.BigInteger),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "oauth_states",
        sa.Column("state_hash", sa.String(64), primary_key=True),
        sa.Column("guild_id", sa.BigInteger, nullable=False),
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("oauth_states")
    op.drop_table("tiktok_observations")
    op.drop_table("tiktok_connections")
