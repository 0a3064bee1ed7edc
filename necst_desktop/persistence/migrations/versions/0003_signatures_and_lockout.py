"""sign-in lockout, idle lock and electronic signatures

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 19:23:29.464685
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('signature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('username', sa.String(length=32), nullable=False),
    sa.Column('printed_name', sa.String(length=200), nullable=False),
    sa.Column('meaning', sa.String(length=200), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_key', sa.String(length=64), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('change_seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signature'))
    )
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signature_entity_key'), ['entity_key'], unique=False)

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.add_column(sa.Column('local_sign_in_optional', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('idle_lock_minutes', sa.Integer(), nullable=False, server_default='15'))



def downgrade() -> None:
    with op.batch_alter_table('facility', schema=None) as batch_op:
        batch_op.drop_column('idle_lock_minutes')
        batch_op.drop_column('local_sign_in_optional')

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('locked')
        batch_op.drop_column('failed_logins')

    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signature_entity_key'))

    op.drop_table('signature')
