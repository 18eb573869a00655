"""Initial schema: guild settings, accounts, uploads, snapshots, posts, deliveries,
subscriptions, bot state.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_METRICS = ("followers", "gained", "lost", "views", "profile_views", "likes", "comments", "shares")


def upgrade() -> None:
    op.create_table(
        "guild_settings",
        sa.Column("guild_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("timezone", sa.String(64), nullable=False, server_default="UTC"),
        sa.Column("digest_channel_id", sa.BigInteger),
        sa.Column("digest_weekday", sa.Integer, nullable=False, server_default="0"),
        sa.Column("digest_time", sa.String(5), nullable=False, server_default="09:00"),
        sa.Column("alert_channel_id", sa.BigInteger),
        sa.Column("manager_role_id", sa.BigInteger),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("guild_id", sa.BigInteger, nullable=False),
        sa.Column("platform", sa.String(16), nullable=False, server_default="tiktok"),
        sa.Column("handle", sa.String(64), nullable=False),
        sa.Column("owner_id", sa.BigInteger),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "guild_id", "platform", "handle", name="uq_accounts_guild_platform_handle"
        ),
    )
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("formats", sa.Text, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("account_id", "sha256", name="uq_uploads_account_sha256"),
    )
    op.create_table(
        "snapshots",
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("day", sa.Date, primary_key=True),
        *(sa.Column(name, sa.BigInteger) for name in _METRICS),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("upload_id", sa.Integer, sa.ForeignKey("uploads.id", ondelete="SET NULL")),
        # Rows live in the primary-key tree itself: one B-tree to update per row, not two.
        sqlite_with_rowid=False,
    )
    op.create_table(
        "posts",
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("post_id", sa.String(255), primary_key=True),
        sa.Column("posted_at", sa.DateTime(timezone=True)),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("views", sa.BigInteger),
        sa.Column("likes", sa.BigInteger),
        sa.Column("comments", sa.BigInteger),
        sa.Column("shares", sa.BigInteger),
        sa.Column("upload_id", sa.Integer, sa.ForeignKey("uploads.id", ondelete="SET NULL")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("target", sa.String(64), nullable=False),
        sa.Column("period", sa.String(64), nullable=False),
        sa.Column("guild_id", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message_id", sa.BigInteger),
        sa.Column("detail", sa.Text),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("kind", "target", "period", name="uq_deliveries_kind_target_period"),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("guild_id", sa.BigInteger, nullable=False),
        sa.Column("user_id", sa.BigInteger, nullable=False),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE")),
        sa.UniqueConstraint("guild_id", "user_id", "account_id", name="uq_subscriptions_scope"),
    )
    op.create_table(
        "bot_state",
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_index("ix_accounts_guild", "accounts", ["guild_id"])
    op.create_index("ix_deliveries_status", "deliveries", ["status"])


def downgrade() -> None:
    for table in (
        "bot_state",
        "subscriptions",
        "deliveries",
        "posts",
        "snapshots",
        "uploads",
        "accounts",
        "guild_settings",
    ):
        op.drop_table(table)
