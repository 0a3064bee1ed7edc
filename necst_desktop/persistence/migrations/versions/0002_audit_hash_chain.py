"""audit hash chain: tamper evidence over the audit trail

Adds prev_hash/row_hash to audit_log and last_hash to change_counter, and chains the rows that
already exist, oldest first.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 19:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from necst_desktop.persistence.audit_chain import GENESIS, row_digest

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("row_hash", sa.String(64), nullable=False, server_default=""))
    with op.batch_alter_table("change_counter") as batch:
        batch.add_column(sa.Column("last_hash", sa.String(64), nullable=False, server_default=""))

    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT id, at, username, action, command, entity, entity_id, old_values, new_values, "
        "reason, change_seq FROM audit_log ORDER BY id")).mappings().all()
    prev = GENESIS
    import json

    for row in rows:
        data = dict(row)
        for key in ("old_values", "new_values"):
            if isinstance(data[key], str):
                data[key] = json.loads(data[key])
        if isinstance(data["at"], str):
            from datetime import datetime

            data["at"] = datetime.fromisoformat(data["at"])
        digest = row_digest(prev, data)
        bind.execute(sa.text("UPDATE audit_log SET prev_hash = :p, row_hash = :h WHERE id = :i"),
                     {"p": prev, "h": digest, "i": data["id"]})
        prev = digest
    bind.execute(sa.text("UPDATE change_counter SET last_hash = :h"), {"h": prev if rows else ""})


def downgrade() -> None:
    with op.batch_alter_table("change_counter") as batch:
        batch.drop_column("last_hash")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
