"""strict money filter: drop jobs that state no budget or rate

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing searches keep jobs with no stated money (the behaviour users expect).
    with op.batch_alter_table("search_profiles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("strict_money", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("search_profiles", schema=None) as batch_op:
        batch_op.drop_column("strict_money")
