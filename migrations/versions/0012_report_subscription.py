"""Monthly report e-mails: subscriptions (opt-in) and one delivery row per month sent.

Revision ID: 0012_report_subscription
Revises: 0010_merge
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import ipp.db

revision = '0012_report_subscription'
down_revision = '0010_merge'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'report_subscription',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('format', sa.String(length=8), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('mark_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(length=40), nullable=True),
        sa.Column('outcome', sa.String(length=40), nullable=True),
        sa.Column('first_month', sa.String(length=7), nullable=False),
        sa.Column('last_sent_month', sa.String(length=7), nullable=True),
        sa.Column('created_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name='fk_report_subscription_user'),
        sa.ForeignKeyConstraint(['mark_id'], ['mark.id'], name='fk_report_subscription_mark'),
        sa.PrimaryKeyConstraint('id', name='pk_report_subscription'),
        sa.UniqueConstraint('user_id', name='uq_report_subscription_user'),
    )
    op.create_table(
        'report_delivery',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', ipp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('report_job_id', sa.String(length=32), nullable=True),
        sa.Column('attached', sa.Boolean(), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('created_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('sent_at', ipp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(['subscription_id'], ['report_subscription.id'],
                                name='fk_report_delivery_subscription'),
        sa.PrimaryKeyConstraint('id', name='pk_report_delivery'),
        sa.UniqueConstraint('subscription_id', 'month', name='uq_report_delivery_month'),
    )
    op.create_index('ix_report_delivery_due', 'report_delivery', ['status', 'next_attempt_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_report_delivery_due', table_name='report_delivery')
    op.drop_table('report_delivery')
    op.drop_table('report_subscription')
