"""ids never reused (SQLite AUTOINCREMENT) and a per-user session epoch

SQLite hands the largest id out again once its row is deleted unless the table was
created with AUTOINCREMENT, which only a rebuild can add (batch mode). PostgreSQL
sequences never go back, so the rebuild is skipped there. Foreign keys are switched off
for the rebuild: with them on, dropping the old `users` table would cascade-delete
every child row (https://www.sqlite.org/foreignkeys.html#fk_schemacommands).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 14:30:00
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Parents before children, as the models' metadata sorts them.
TABLES = (
    "jobs", "users", "ai_requests", "audit_log", "events", "freelancer_profiles",
    "job_analyses", "mfa_recovery_codes", "proposals", "search_profiles",
    "upwork_accounts", "matches",
)  # fmt: skip


def _foreign_keys(on: bool) -> None:
    """PRAGMA foreign_keys is ignored inside a transaction, hence the autocommit block."""
    if op.get_bind().dialect.name == "sqlite":
        with op.get_context().autocommit_block():
            op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade() -> None:
    _foreign_keys(on=False)  # the users rebuild below must not cascade to child rows
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_epoch", sa.String(length=32), nullable=True))
    bind = op.get_bind()
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("session_epoch"))
    for (user_id,) in bind.execute(sa.select(users.c.id)).all():
        bind.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(session_epoch=secrets.token_urlsafe(16))
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("session_epoch", existing_type=sa.String(32), nullable=False)
    _rebuild(autoincrement=True)
    _foreign_keys(on=True)


def downgrade() -> None:
    _foreign_keys(on=False)
    _rebuild(autoincrement=False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
    _foreign_keys(on=True)
