"""Seller restriction: when it started and was lifted, and listings held back from publication.

Revision ID: 0011_seller_restriction
Revises: 0010_merge
Create Date: 2026-12-04
"""
# ruff: noqa: E501 - Alembic's generated layout, one column a line, reads best unwrapped.
import sqlalchemy as sa
import sqlmodel
from alembic import op

import ipp.db

revision = '0011_seller_restriction'
down_revision = '0010_merge'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('seller_standing') as batch:
        batch.add_column(sa.Column('restricted', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('restricted_at', ipp.db.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('restricted_strikes', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('last_strike_at', ipp.db.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('lifted_at', ipp.db.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('lifted_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('lift_reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True))
        batch.create_foreign_key('fk_seller_standing_lifted_by_id_user_account', 'user_account',
                                 ['lifted_by_id'], ['id'])
    with op.batch_alter_table('listing') as batch:
        batch.add_column(sa.Column('held_at', ipp.db.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('hold_reason', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('listing') as batch:
        batch.drop_column('hold_reason')
        batch.drop_column('held_at')
    with op.batch_alter_table('seller_standing') as batch:
        batch.drop_constraint('fk_seller_standing_lifted_by_id_user_account', type_='foreignkey')
        for column in ('lift_reason', 'lifted_by_id', 'lifted_at', 'last_strike_at',
                       'restricted_strikes', 'restricted_at', 'restricted'):
            batch.drop_column(column)
