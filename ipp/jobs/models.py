"""The job outbox, and the indices the queue, reports and reputation queries rely on."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ipp.audit import AuditEntry
from ipp.complaints.models import Complaint, ComplaintEvent, ComplaintListing
from ipp.db import json_column, utc_column


class JobOutbox(SQLModel, table=True):
    """A job, written in the transaction of the work that enqueued it; deleted once Redis
    has it (ipp.jobs.outbox.deliver right after the commit, or the sweep's drain)."""

    __tablename__ = "job_outbox"

    id: int | None = Field(default=None, primary_key=True)
    fn: str = Field(max_length=200)
    args: list = Field(default_factory=list, sa_column=json_column())
    created_at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    attempts: int = 0
    last_error: str = Field(default="", max_length=500)


# Declared here (not in each domain's models) so the scale migration owns them; see
# docs/deploy.md for the query each one serves.
_c, _cl, _ce, _a = (Complaint.__table__.c, ComplaintListing.__table__.c,
                    ComplaintEvent.__table__.c, AuditEntry.__table__.c)
SCALE_INDEXES = (
    # reviewers' and admins' list: WHERE status = ? ORDER BY received_at DESC, id DESC
    sa.Index("ix_complaint_status_received", _c.status, _c.received_at, _c.id),
    # the claim: WHERE status = 'queued' AND health_priority = ? ORDER BY due_at,
    # received_at, id LIMIT k (migration 0013; see ipp/review/claim_sql.py)
    sa.Index("ix_complaint_claim", _c.status, _c.health_priority, _c.due_at, _c.received_at,
             _c.id),
    # agents' list: WHERE filed_by_org_id = ? ORDER BY received_at DESC
    sa.Index("ix_complaint_filed_by_received", _c.filed_by_org_id, _c.received_at, _c.id),
    # SLA figures: decided_at windows and open complaints
    sa.Index("ix_complaint_decided_at", _c.decided_at),
    # SLA clock: the paused/resumed events of every complaint
    sa.Index("ix_complaint_event_kind", _ce.kind, _ce.complaint_id),
    # reputation and strikes: decided listings in a window
    sa.Index("ix_complaint_listing_decided_at", _cl.decided_at),
    # reputation history: WHERE entity = ? AND entity_id = ? ORDER BY at DESC
    sa.Index("ix_audit_entry_entity", _a.entity, _a.entity_id, _a.at),
)
