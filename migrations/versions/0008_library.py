"""IP asset library: mark review and certificates, expiry warnings, signed letters, idempotency keys.

Revision ID: 0008_library
Revises: 0001
Create Date: 2026-11-25
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

import ipp.db

revision = '0008_library'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('idempotency_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('request_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('created_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['token_id'], ['api_token.id'], name='fk_idempotency_record_token_id'),
    sa.PrimaryKeyConstraint('id', name='pk_idempotency_record'),
    sa.UniqueConstraint('token_id', 'key', name='uq_idempotency_token_key')
    )
    with op.batch_alter_table('idempotency_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotency_record_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_idempotency_record_token_id'), ['token_id'], unique=False)

    op.create_table('mark_certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mark_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['mark_id'], ['mark.id'], name='fk_mark_certificate_mark_id'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'],
                            name='fk_mark_certificate_uploaded_by_id'),
    sa.PrimaryKeyConstraint('id', name='pk_mark_certificate')
    )
    with op.batch_alter_table('mark_certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mark_certificate_mark_id'), ['mark_id'], unique=False)

    op.create_table('mark_expiry_warning',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mark_id', sa.Integer(), nullable=False),
    sa.Column('threshold_days', sa.Integer(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('warned_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mark_id'], ['mark.id'], name='fk_mark_expiry_warning_mark_id'),
    sa.PrimaryKeyConstraint('id', name='pk_mark_expiry_warning'),
    sa.UniqueConstraint('mark_id', 'threshold_days', 'expires_on', name='uq_mark_expiry_warning')
    )
    with op.batch_alter_table('mark_expiry_warning', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mark_expiry_warning_mark_id'), ['mark_id'], unique=False)

    with op.batch_alter_table('agent_authorisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('document_name', sa.String(length=200), nullable=True))

    with op.batch_alter_table('mark', schema=None) as batch_op:
        batch_op.add_column(sa.Column('added_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('verified_at', ipp.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('verified_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('review_note', sa.String(length=500), server_default='',
                                      nullable=False))
        batch_op.create_foreign_key('fk_mark_verified_by_id', 'user_account', ['verified_by_id'], ['id'])
        batch_op.create_foreign_key('fk_mark_added_by_id', 'user_account', ['added_by_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('mark', schema=None) as batch_op:
        batch_op.drop_constraint('fk_mark_added_by_id', type_='foreignkey')
        batch_op.drop_constraint('fk_mark_verified_by_id', type_='foreignkey')
        batch_op.drop_column('review_note')
        batch_op.drop_column('verified_by_id')
        batch_op.drop_column('verified_at')
        batch_op.drop_column('added_by_id')

    with op.batch_alter_table('agent_authorisation', schema=None) as batch_op:
        batch_op.drop_column('document_name')
        batch_op.drop_column('document_key')

    op.drop_table('mark_expiry_warning')
    op.drop_table('mark_certificate')
    op.drop_table('idempotency_record')
