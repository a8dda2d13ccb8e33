"""upwork account nid

The user's nid is createJobProposal's selectedContractor.oDeskUserID; accounts linked
before it was stored read it again at their first submission.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("upwork_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("upwork_nid", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("upwork_accounts", schema=None) as batch_op:
        batch_op.drop_column("upwork_nid")
