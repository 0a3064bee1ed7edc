"""security below the window: sessions, and on PostgreSQL server-side sign-in, guards and log

Both databases get ``auth_session`` (sign-in sessions; ``necst login`` tokens). On PostgreSQL the
owner also installs :mod:`necst_desktop.persistence.pg_guards`: password hashes moved out of the
application role's reach, sign-in and lock-out on the server, guard triggers and a server change
log with a keyed MAC chain that ``necst audit verify`` cross-checks against the audit trail.

Revision ID: 0004_security
Revises: 0003
Create Date: 2026-12-03 16:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from necst_desktop.persistence import pg_guards

revision = "0004_security"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "auth_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_auth_session_token_hash")),
    )
    with op.batch_alter_table("auth_session") as batch:
        batch.create_index(batch.f("ix_auth_session_user_id"), ["user_id"], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        pg_guards.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and pg_guards.installed(bind):
        pg_guards.uninstall(bind)
    with op.batch_alter_table("auth_session") as batch:
        batch.drop_index(batch.f("ix_auth_session_user_id"))
    op.drop_table("auth_session")
