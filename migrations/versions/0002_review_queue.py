"""review queue: the latest SLA breach forecast, for the dashboard

Revision ID: 0002_review
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

import ipp.db


revision = '0002_review'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sla_forecast',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('computed_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('horizon_hours', sa.Float(), nullable=False),
        sa.Column('reviewers_on_shift', sa.Integer(), nullable=False),
        sa.Column('mean_handling_minutes', sa.Float(), nullable=False),
        sa.Column('waiting', sa.Integer(), nullable=False),
        sa.Column('breaches', sa.Integer(), nullable=False),
        sa.Column('first_breach_at', ipp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('items', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    op.drop_table('sla_forecast')
