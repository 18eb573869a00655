"""What TikTok's API for Business says of each video: the followers it brought, its reach, the
share of its views from For You, its completion rate and average watch time; and where each
stored audience came from (an export, or the API for Business).

Revision ID: 0010
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COLUMNS = (
    ("new_followers", sa.BigInteger),
    ("reach", sa.BigInteger),
    ("for_you_share", sa.Float),
    ("full_watch_rate", sa.Float),
    ("average_watch_seconds", sa.Float),
)


AUDIENCE = ("audience_hours", "audience_shares")


def upgrade() -> None:
    with op.batch_alter_table("posts") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind))
    for table in AUDIENCE:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("source", sa.String(32), nullable=False, server_default="upload")
            )


def downgrade() -> None:
    # SQLite drops a column by copying the table: each stays WITHOUT ROWID.
    for table in AUDIENCE:
        with op.batch_alter_table(table, table_kwargs={"sqlite_with_rowid": False}) as batch:
            batch.drop_column("source")
    with op.batch_alter_table("posts", table_kwargs={"sqlite_with_rowid": False}) as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
