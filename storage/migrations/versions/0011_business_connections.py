"""Which TikTok API each connection uses: the Display API, or the API for Business.

Revision ID: 0011
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every connection made before this revision went through the Display API.
    with op.batch_alter_table("tiktok_connections") as table:
        table.add_column(
            sa.Column("api", sa.String(32), nullable=False, server_default="tiktok-display")
        )


def downgrade() -> None:
    with op.batch_alter_table("tiktok_connections") as table:
        table.drop_column("api")
