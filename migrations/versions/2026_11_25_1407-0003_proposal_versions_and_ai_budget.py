"""proposal versions and ai budget

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 14:07:41.052948
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "answers",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=False,
                server_default="[]",  # existing rows get an empty list
            )
        )
        batch_op.add_column(
            sa.Column(
                "removed_claims",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=False,
                server_default="[]",  # existing rows get an empty list
            )
        )
        batch_op.add_column(sa.Column("request_key", sa.String(length=96), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_proposals_request_key"), ["request_key"])

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("ai_daily_budget_usd", sa.Numeric(precision=8, scale=2), nullable=True)
        )
        batch_op.add_column(sa.Column("budget_notice_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("budget_notice_on")
        batch_op.drop_column("ai_daily_budget_usd")

    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_proposals_request_key"), type_="unique")
        batch_op.drop_column("request_key")
        batch_op.drop_column("removed_claims")
        batch_op.drop_column("answers")
