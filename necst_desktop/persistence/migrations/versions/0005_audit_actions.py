"""audit actions: each audit row names its record in words and says whether it is derived

A user action writes one audit row per changed record, all with the same change number; the
rows of changeovers and cleans recomputed by the action are marked ``derived`` so that the viewer
and the exports fold them under the action. ``record`` holds the record in words at the time
("booking K05-TIL-MEL in Suite 3 - Cell Therapy BSC"). Rows written before keep both empty,
and the hash chain covers the two columns only when set (see ``audit_chain.row_digest``), so
existing digests stay valid.

Revision ID: 0005_audit_actions
Revises: 0003
Create Date: 2026-12-03 16:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_audit_actions"
down_revision = "0004_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("record", sa.String(300), nullable=False, server_default=""))
        batch.add_column(sa.Column("derived", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("derived")
        batch.drop_column("record")
