"""Counter-notices, attachments, the notification outbox, complaint messages, e-mail preference.

Revision ID: 0009_notices
Revises: 0001
Create Date: 2026-11-25
"""
# ruff: noqa: E501 - Alembic's generated layout, one column a line, reads best unwrapped.
import sqlalchemy as sa
import sqlmodel
from alembic import op

import ipp.db

revision = '0009_notices'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('complaint_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('legal', sa.Boolean(), nullable=False),
    sa.Column('created_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', ipp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('email_state', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', ipp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', ipp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name='fk_notification_complaint_id_complaint'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name='fk_notification_user_id_user_account'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_notification_outbox', 'notification', ['email_state', 'next_attempt_at'], unique=False)
    op.create_index('ix_notification_user_read', 'notification', ['user_id', 'read_at'], unique=False)
    op.create_table('complaint_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('created_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name='fk_complaint_message_author_id_user_account'),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name='fk_complaint_message_complaint_id_complaint'),
    sa.ForeignKeyConstraint(['event_id'], ['complaint_event.id'], name='fk_complaint_message_event_id_complaint_event'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_complaint_message_complaint_id'), 'complaint_message', ['complaint_id'], unique=False)
    op.create_table('counter_notice',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('complaint_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('complaint_listing_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('seller_org_id', sa.Integer(), nullable=False),
    sa.Column('filed_by_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('statement', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('filed_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('respond_by', ipp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('response_note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('response_language', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('responded_at', ipp.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('responded_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', ipp.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name='fk_counter_notice_complaint_id_complaint'),
    sa.ForeignKeyConstraint(['complaint_listing_id'], ['complaint_listing.id'], name='fk_counter_notice_complaint_listing_id_complaint_listing'),
    sa.ForeignKeyConstraint(['filed_by_id'], ['user_account.id'], name='fk_counter_notice_filed_by_id_user_account'),
    sa.ForeignKeyConstraint(['listing_id'], ['listing.id'], name='fk_counter_notice_listing_id_listing'),
    sa.ForeignKeyConstraint(['responded_by_id'], ['user_account.id'], name='fk_counter_notice_responded_by_id_user_account'),
    sa.ForeignKeyConstraint(['seller_org_id'], ['organisation.id'], name='fk_counter_notice_seller_org_id_organisation'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('complaint_listing_id', name='uq_counter_notice_complaint_listing')
    )
    op.create_index(op.f('ix_counter_notice_complaint_id'), 'counter_notice', ['complaint_id'], unique=False)
    op.create_index(op.f('ix_counter_notice_listing_id'), 'counter_notice', ['listing_id'], unique=False)
    op.create_index(op.f('ix_counter_notice_seller_org_id'), 'counter_notice', ['seller_org_id'], unique=False)
    op.create_index('ix_counter_notice_status_respond_by', 'counter_notice', ['status', 'respond_by'], unique=False)
    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('counter_notice_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name='fk_attachment_complaint_id_complaint'),
    sa.ForeignKeyConstraint(['counter_notice_id'], ['counter_notice.id'], name='fk_attachment_counter_notice_id_counter_notice'),
    sa.ForeignKeyConstraint(['message_id'], ['complaint_message.id'], name='fk_attachment_message_id_complaint_message'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name='fk_attachment_uploaded_by_id_user_account'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_attachment_complaint_id'), 'attachment', ['complaint_id'], unique=False)
    op.create_index(op.f('ix_attachment_counter_notice_id'), 'attachment', ['counter_notice_id'], unique=False)
    op.create_index(op.f('ix_attachment_message_id'), 'attachment', ['message_id'], unique=False)
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.add_column(sa.Column('notify_email', sqlmodel.sql.sqltypes.AutoString(length=10), server_default='immediate', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.drop_column('notify_email')
    op.drop_index(op.f('ix_attachment_message_id'), table_name='attachment')
    op.drop_index(op.f('ix_attachment_counter_notice_id'), table_name='attachment')
    op.drop_index(op.f('ix_attachment_complaint_id'), table_name='attachment')
    op.drop_table('attachment')
    op.drop_index('ix_counter_notice_status_respond_by', table_name='counter_notice')
    op.drop_index(op.f('ix_counter_notice_seller_org_id'), table_name='counter_notice')
    op.drop_index(op.f('ix_counter_notice_listing_id'), table_name='counter_notice')
    op.drop_index(op.f('ix_counter_notice_complaint_id'), table_name='counter_notice')
    op.drop_table('counter_notice')
    op.drop_index(op.f('ix_complaint_message_complaint_id'), table_name='complaint_message')
    op.drop_table('complaint_message')
    op.drop_index('ix_notification_user_read', table_name='notification')
    op.drop_index('ix_notification_outbox', table_name='notification')
    op.drop_table('notification')
