"""what Scout learns from each user's taps: events, per-user model, prior, suggestions

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "taste_models",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("state", JSON, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_taste_models_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_taste_models")),
    )  # fmt: skip
    op.create_table(
        "taste_prior",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state", JSON, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taste_prior")),
    )
    op.create_table(
        "taste_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("features", JSON, nullable=False),
        sa.Column("words", JSON, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_taste_events_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_taste_events_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taste_events")),
        sa.UniqueConstraint(
            "user_id", "job_id", "kind", name=op.f("uq_taste_events_user_id_job_id_kind")
        ),
        sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index(op.f("ix_taste_events_user_id"), "taste_events", ["user_id"])
    op.create_table(
        "taste_suggestions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("pattern", sa.String(length=80), nullable=False),
        sa.Column("token", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("offered_at", WHEN, nullable=False),
        sa.Column("decided_at", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_taste_suggestions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taste_suggestions")),
        sa.UniqueConstraint(
            "user_id", "pattern", name=op.f("uq_taste_suggestions_user_id_pattern")
        ),
        sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index(op.f("ix_taste_suggestions_user_id"), "taste_suggestions", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_taste_suggestions_user_id"), table_name="taste_suggestions")
    op.drop_table("taste_suggestions")
    op.drop_index(op.f("ix_taste_events_user_id"), table_name="taste_events")
    op.drop_table("taste_events")
    op.drop_table("taste_prior")
    op.drop_table("taste_models")
