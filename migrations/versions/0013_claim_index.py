"""The claim walks an index in priority order: (status, health_priority, due_at,
received_at, id), so it reads the first few queued complaints of each kind instead of
sorting the whole queue.

Revision ID: 0013_claim_index
Revises: 0010_merge
Create Date: 2026-12-04
"""
from alembic import op

revision = '0013_claim_index'
down_revision = '0010_merge'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_claim',
                              ['status', 'health_priority', 'due_at', 'received_at', 'id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_claim')
