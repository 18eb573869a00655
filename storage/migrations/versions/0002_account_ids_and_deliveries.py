"""Account ids are never reused; a delivery about an account belongs to it.

Alert claims were found by the account id at the start of their period key, and SQLite gave a
removed account's id to the next account added, which so inherited its alert history. Ids now
come from a sequence (AUTOINCREMENT on SQLite), and alert and note deliveries reference their
account, so removing the account removes them.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ACCOUNT_KINDS = ("alert", "note")  # deliveries whose period key starts with "{account_id}:"
FK_NAME = "fk_deliveries_account_id_accounts"
INDEX_NAME = "ix_deliveries_account_id"


def upgrade() -> None:
    _rebuild_accounts(autoincrement=True)
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("account_id", sa.Integer))
        batch.create_foreign_key(FK_NAME, "accounts", ["account_id"], ["id"], ondelete="CASCADE")
        batch.create_index(INDEX_NAME, ["account_id"])
    _link_account_deliveries()


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_index(INDEX_NAME)
        batch.drop_constraint(FK_NAME, type_="foreignkey")
        batch.drop_column("account_id")
    _rebuild_accounts(autoincrement=False)


def _rebuild_accounts(*, autoincrement: bool) -> None:
    """SQLite takes AUTOINCREMENT only when a table is created: copy the table, ids and rows
    kept. PostgreSQL's serial id already comes from a sequence, so nothing changes there."""
    rebuild: Literal["always", "auto"] = (
        "always" if op.get_bind().dialect.name == "sqlite" else "auto"
    )
    with op.batch_alter_table(
        "accounts", recreate=rebuild, table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass


def _link_account_deliveries() -> None:
    """Point each alert and note claim at its account. A claim whose account is gone, or that
    was made before its account was created (an earlier account that had the same id), belongs
    to no current account and is deleted, as removing that account would now have done."""
    bind = op.get_bind()
    accounts = sa.table(
        "accounts", sa.column("id", sa.Integer), sa.column("created_at", sa.DateTime(True))
    )
    deliveries = sa.table(
        "deliveries",
        sa.column("id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("period", sa.String),
        sa.column("claimed_at", sa.DateTime(True)),
        sa.column("account_id", sa.Integer),
    )
    created = {
        account_id: _utc(at)
        for account_id, at in bind.execute(sa.select(accounts.c.id, accounts.c.created_at))
    }
    owned: list[dict[str, Any]] = []
    orphans: list[int] = []
    claims = sa.select(deliveries.c.id, deliveries.c.period, deliveries.c.claimed_at).where(
        deliveries.c.kind.in_(ACCOUNT_KINDS)
    )
    for delivery_id, period, claimed_at in bind.execute(claims):
        head = period.partition(":")[0]
        account_id = int(head) if head.isdigit() else None
        if account_id in created and _utc(claimed_at) >= created[account_id]:
            owned.append({"delivery": delivery_id, "account": account_id})
        else:
            orphans.append(delivery_id)
    if owned:
        bind.execute(
            sa.update(deliveries)
            .where(deliveries.c.id == sa.bindparam("delivery"))
            .values(account_id=sa.bindparam("account")),
            owned,
        )
    if orphans:
        bind.execute(sa.delete(deliveries).where(deliveries.c.id.in_(orphans)))


def _utc(value: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
