"""Scale mode: the job outbox, the hash-chained audit log, indices for the queue, reports
and reputation queries.

Revision ID: 0007_scale
Revises: 0001
Create Date: 2026-11-25
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

import ipp.db

revision = '0007_scale'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('job_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fn', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('args', sa.JSON(), nullable=False),
    sa.Column('created_at', ipp.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id', name='pk_job_outbox')
    )
    with op.batch_alter_table('job_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_job_outbox_created_at', ['created_at'], unique=False)

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        for name in ('prev_hash', 'hash'):
            batch_op.add_column(sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=64),
                                          nullable=True))
        batch_op.create_index('ix_audit_entry_entity', ['entity', 'entity_id', 'at'], unique=False)
    _chain_existing_entries()

    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_status_received', ['status', 'received_at', 'id'], unique=False)
        batch_op.create_index('ix_complaint_filed_by_received',
                              ['filed_by_org_id', 'received_at', 'id'], unique=False)
        batch_op.create_index('ix_complaint_decided_at', ['decided_at'], unique=False)
    with op.batch_alter_table('complaint_event', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_event_kind', ['kind', 'complaint_id'], unique=False)
    with op.batch_alter_table('complaint_listing', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_listing_decided_at', ['decided_at'], unique=False)


def _chain_existing_entries() -> None:
    """Entries written before the chain existed are chained now, in id order."""
    from ipp.audit import GENESIS, AuditEntry, entry_hash

    bind = op.get_bind()
    table = sa.table('audit_entry', sa.column('id'), sa.column('prev_hash'), sa.column('hash'))
    columns = [c for c in AuditEntry.__table__.c if c.name not in ('prev_hash', 'hash')]
    prev = GENESIS
    rows = bind.execute(sa.select(*columns).order_by(AuditEntry.__table__.c.id)).mappings()
    for row in rows.all():
        entry = AuditEntry(**dict(row))
        digest = entry_hash(entry, prev)
        bind.execute(table.update().where(table.c.id == row['id'])
                     .values(prev_hash=prev, hash=digest))
        prev = digest


def downgrade() -> None:
    with op.batch_alter_table('complaint_listing', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_listing_decided_at')
    with op.batch_alter_table('complaint_event', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_event_kind')
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_decided_at')
        batch_op.drop_index('ix_complaint_filed_by_received')
        batch_op.drop_index('ix_complaint_status_received')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_entity')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
    with op.batch_alter_table('job_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_job_outbox_created_at')
    op.drop_table('job_outbox')
