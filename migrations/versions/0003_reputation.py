"""Reputation: tier figures and explanations, overrides, seller strikes and identity, fast-lane audits.

Revision ID: 0003_reputation
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import ipp.db


revision = '0003_reputation'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows get defaults for the new NOT NULL columns (server_default below).
    op.create_table('seller_standing',
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('strikes', sa.Integer(), nullable=False),
    sa.Column('group_strikes', sa.Integer(), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('computed_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['seller_id'], ['seller.id'], ),
    sa.PrimaryKeyConstraint('seller_id')
    )
    with op.batch_alter_table('seller_standing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seller_standing_group_id'), ['group_id'], unique=False)

    op.create_table('fast_lane_audit',
    sa.Column('complaint_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('sampled_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('checked_at', ipp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('checked_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['checked_by_id'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('complaint_id')
    )
    with op.batch_alter_table('fast_lane_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fast_lane_audit_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fast_lane_audit_sampled_at'), ['sampled_at'], unique=False)

    with op.batch_alter_table('org_reputation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('takedowns', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('reinstatements', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('complaints_filed', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('withdrawals', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('failed_verifications', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('takedown_lower', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('takedown_upper', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('counter_notice_lower', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('counter_notice_upper', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('by_reason', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('signals', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('rule', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('how_to_improve', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('review_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('cool_off_ends_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('override_tier', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column('override_reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True))
        batch_op.add_column(sa.Column('override_expires_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('override_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('override_at', ipp.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('overridden', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_foreign_key('fk_org_reputation_override_by_id', 'user_account', ['override_by_id'], ['id'])

    with op.batch_alter_table('seller', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payee', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
        batch_op.add_column(sa.Column('contact', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('seller', schema=None) as batch_op:
        batch_op.drop_column('contact')
        batch_op.drop_column('address')
        batch_op.drop_column('payee')

    with op.batch_alter_table('org_reputation', schema=None) as batch_op:
        batch_op.drop_constraint('fk_org_reputation_override_by_id', type_='foreignkey')
        batch_op.drop_column('overridden')
        batch_op.drop_column('override_at')
        batch_op.drop_column('override_by_id')
        batch_op.drop_column('override_expires_on')
        batch_op.drop_column('override_reason')
        batch_op.drop_column('override_tier')
        batch_op.drop_column('cool_off_ends_on')
        batch_op.drop_column('review_on')
        batch_op.drop_column('how_to_improve')
        batch_op.drop_column('rule')
        batch_op.drop_column('signals')
        batch_op.drop_column('by_reason')
        batch_op.drop_column('counter_notice_upper')
        batch_op.drop_column('counter_notice_lower')
        batch_op.drop_column('takedown_upper')
        batch_op.drop_column('takedown_lower')
        batch_op.drop_column('failed_verifications')
        batch_op.drop_column('withdrawals')
        batch_op.drop_column('complaints_filed')
        batch_op.drop_column('reinstatements')
        batch_op.drop_column('takedowns')

    with op.batch_alter_table('fast_lane_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fast_lane_audit_sampled_at'))
        batch_op.drop_index(batch_op.f('ix_fast_lane_audit_org_id'))

    op.drop_table('fast_lane_audit')
    with op.batch_alter_table('seller_standing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seller_standing_group_id'))

    op.drop_table('seller_standing')
