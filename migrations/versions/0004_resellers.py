"""Authorised resellers of rights holders, and the proactive scan's suspected listings.

Revision ID: 0004_resellers
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import ipp.db


revision = '0004_resellers'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('authorised_reseller',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('seller_external_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['user_account.id'], name='fk_authorised_reseller_added_by_id'),
    sa.ForeignKeyConstraint(['org_id'], ['organisation.id'], name='fk_authorised_reseller_org_id'),
    sa.PrimaryKeyConstraint('id', name='pk_authorised_reseller'),
    sa.UniqueConstraint('org_id', 'seller_external_id', name='uq_authorised_reseller_org_seller')
    )
    with op.batch_alter_table('authorised_reseller', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authorised_reseller_org_id'), ['org_id'], unique=False)

    op.create_table('suspected_listing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('mark_id', sa.Integer(), nullable=False),
    sa.Column('matched', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('span', sa.JSON(), nullable=False),
    sa.Column('explanation', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('certain', sa.Boolean(), nullable=False),
    sa.Column('found_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('complaint_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('status_by_id', sa.Integer(), nullable=True),
    sa.Column('status_at', ipp.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name='fk_suspected_listing_complaint_id'),
    sa.ForeignKeyConstraint(['listing_id'], ['listing.id'], name='fk_suspected_listing_listing_id'),
    sa.ForeignKeyConstraint(['mark_id'], ['mark.id'], name='fk_suspected_listing_mark_id'),
    sa.ForeignKeyConstraint(['status_by_id'], ['user_account.id'], name='fk_suspected_listing_status_by_id'),
    sa.PrimaryKeyConstraint('id', name='pk_suspected_listing'),
    sa.UniqueConstraint('listing_id', 'mark_id', name='uq_suspected_listing_listing_mark')
    )
    with op.batch_alter_table('suspected_listing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suspected_listing_found_at'), ['found_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_suspected_listing_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suspected_listing_mark_id'), ['mark_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suspected_listing_status'), ['status'], unique=False)


def downgrade() -> None:
    op.drop_table('suspected_listing')
    op.drop_table('authorised_reseller')
