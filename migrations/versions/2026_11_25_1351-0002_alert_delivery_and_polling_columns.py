"""alert delivery and polling columns

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:51:18.481430
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_jobs_processed_at"), ["processed_at"], unique=False)

    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("alert_claimed_at", sa.DateTime(timezone=True), nullable=True)
        )

    with op.batch_alter_table("upwork_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("upwork_accounts", schema=None) as batch_op:
        batch_op.drop_column("last_polled_at")

    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.drop_column("alert_claimed_at")

    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_processed_at"))
        batch_op.drop_column("processed_at")
