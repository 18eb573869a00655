"""One refresh per TikTok connection at a time, across processes, and lost answers remembered.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tiktok_connections") as table:
        table.add_column(sa.Column("refresh_claim", sa.String(32)))
        table.add_column(sa.Column("refresh_claimed_until", sa.DateTime(timezone=True)))
        table.add_column(sa.Column("refresh_unanswered_at", sa.DateTime(timezone=True)))
    op.create_index("ix_tiktok_connections_open_id", "tiktok_connections", ["open_id"])


def downgrade() -> None:
    op.drop_index("ix_tiktok_connections_open_id", table_name="tiktok_connections")
    with op.batch_alter_table("tiktok_connections") as table:
        table.drop_column("refresh_unanswered_at")
        table.drop_column("refresh_claimed_until")
        table.drop_column("refresh_claim")
