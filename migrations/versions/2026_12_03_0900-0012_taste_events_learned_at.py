"""taste_events.learned_at: the worker learns stored taps in batches, out of the bot's update

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("learned_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("taste_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("learned_at", sa.DateTime(timezone=True), nullable=True))
    # Every tap stored so far was learned in the transaction that stored it.
    op.execute("UPDATE taste_events SET learned_at = created_at")
    op.create_index(
        "ix_taste_events_pending", "taste_events", ["id"],
        postgresql_where=PENDING, sqlite_where=PENDING,
    )  # fmt: skip


def downgrade() -> None:
    # Taps still pending are kept but never learned: the code before 0012 learned in record().
    op.drop_index("ix_taste_events_pending", table_name="taste_events")
    with op.batch_alter_table("taste_events", schema=None) as batch_op:
        batch_op.drop_column("learned_at")
