"""Complaints, the listings each names, and the events on a complaint's timeline."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ipp.complaints.states import ComplaintStatus, Lane, ListingAction
from ipp.db import json_column, utc_column


class Complaint(SQLModel, table=True):
    __tablename__ = "complaint"
    __table_args__ = (
        sa.Index("ix_complaint_queue", "status", "due_at"),
        sa.Index("ix_complaint_principal_received", "principal_org_id", "received_at"),
    )

    id: str = Field(primary_key=True, max_length=32)
    # The rights holder the complaint is for, and who actually filed it (maybe its agent).
    principal_org_id: int = Field(foreign_key="organisation.id")
    filed_by_org_id: int = Field(foreign_key="organisation.id", index=True)
    filed_by_id: int = Field(foreign_key="user_account.id")
    mark_id: int = Field(foreign_key="mark.id", index=True)
    reason: str = Field(max_length=40)
    description: str = Field(default="")
    order_number: str | None = Field(default=None, max_length=100)
    declaration: bool = False
    language: str = Field(max_length=10, default="en")
    status: str = Field(max_length=20, default=ComplaintStatus.RECEIVED)
    lane: str = Field(max_length=20, default=Lane.STANDARD)
    health_priority: bool = False
    received_at: datetime = Field(sa_column=utc_column(nullable=False))
    # received_at + 24h + paused time; recomputed from the events, never edited by hand.
    due_at: datetime = Field(sa_column=utc_column(nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=utc_column())
    reviewer_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    lease_expires_at: datetime | None = Field(default=None, sa_column=utc_column())
    idempotency_key: str | None = Field(default=None, max_length=200)


class ComplaintListing(SQLModel, table=True):
    __tablename__ = "complaint_listing"
    __table_args__ = (sa.Index("ix_complaint_listing_listing", "listing_id", "action"),)

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: str = Field(foreign_key="complaint.id", index=True, max_length=32)
    position: int = 0
    # What the filer typed (id or URL); listing_id stays empty when it names nothing known.
    listing_ref: str = Field(max_length=2000)
    listing_id: int | None = Field(default=None, foreign_key="listing.id")
    verdict: str = Field(max_length=10)
    checks: list = Field(default_factory=list, sa_column=json_column())
    action: str = Field(max_length=20, default=ListingAction.PENDING)
    reason_code: str | None = Field(default=None, max_length=40)
    note: str = Field(default="")
    decided_at: datetime | None = Field(default=None, sa_column=utc_column())
    decided_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class ComplaintEvent(SQLModel, table=True):
    """The timeline; `paused`/`resumed` events are what the SLA clock is computed from."""

    __tablename__ = "complaint_event"

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: str = Field(foreign_key="complaint.id", index=True, max_length=32)
    kind: str = Field(max_length=40)
    at: datetime = Field(sa_column=utc_column(nullable=False))
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    note: str = Field(default="")
    data: dict = Field(default_factory=dict, sa_column=json_column())
