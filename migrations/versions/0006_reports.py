"""reports: background report jobs and their kept files

Revision ID: 0006_reports
Revises: 0001
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

import ipp.db

revision = '0006_reports'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'report_job',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('org_ids', sa.JSON(), nullable=False),
        sa.Column('format', sa.String(length=8), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('progress', sa.Float(), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('file_path', sa.String(length=500), nullable=True),
        sa.Column('error', sa.String(length=500), nullable=False),
        sa.Column('created_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('heartbeat_at', ipp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('finished_at', ipp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('expires_at', ipp.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name='fk_report_job_user'),
        sa.PrimaryKeyConstraint('id', name='pk_report_job'),
    )
    op.create_index('ix_report_job_user', 'report_job', ['user_id'], unique=False)
    op.create_index('ix_report_job_status', 'report_job', ['status', 'heartbeat_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_report_job_status', table_name='report_job')
    op.drop_index('ix_report_job_user', table_name='report_job')
    op.drop_table('report_job')
