"""Claims carry their owner and a lease; a guild's digest schedule records when it was set;
a guild may name the role that adds data.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as table:
        table.add_column(sa.Column("claimed_by", sa.String(64)))
        table.add_column(sa.Column("lease_until", sa.DateTime(timezone=True)))
    with op.batch_alter_table("guild_settings") as table:
        table.add_column(sa.Column("digest_since", sa.DateTime(timezone=True)))
        table.add_column(sa.Column("data_role_id", sa.BigInteger))


def downgrade() -> None:
    with op.batch_alter_table("guild_settings") as table:
        table.drop_column("data_role_id")
        table.drop_column("digest_since")
    with op.batch_alter_table("deliveries") as table:
        table.drop_column("lease_until")
        table.drop_column("claimed_by")
