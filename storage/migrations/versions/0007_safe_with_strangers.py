"""One "all accounts" alert subscription per user and guild.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ALL_ACCOUNTS = sa.text("account_id IS NULL")


def upgrade() -> None:
    # Two subscriptions made at the same moment could both be stored; the older one stays.
    op.execute(
        "DELETE FROM subscriptions WHERE account_id IS NULL AND id NOT IN ("
        " SELECT MIN(id) FROM subscriptions WHERE account_id IS NULL GROUP BY guild_id, user_id)"
    )
    op.create_index(
        "uq_subscriptions_all_accounts",
        "subscriptions",
        ["guild_id", "user_id"],
        unique=True,
        sqlite_where=ALL_ACCOUNTS,
        postgresql_where=ALL_ACCOUNTS,
    )


def downgrade() -> None:
    op.drop_index("uq_subscriptions_all_accounts", table_name="subscriptions")
