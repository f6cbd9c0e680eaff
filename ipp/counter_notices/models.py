"""Counter-notices and the files attached to them or to thread messages."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

import ipp.notifications.models  # noqa: F401  (complaint_message, which attachments point to)
from ipp.db import utc_column


class CounterNoticeStatus(StrEnum):
    OPEN = "open"  # waiting for the complainant
    MAINTAINED = "maintained"  # the takedown stays
    WITHDRAWN = "withdrawn"  # the complainant gave up: reinstated
    LAPSED = "lapsed"  # no answer in time: reinstated


class CounterNotice(SQLModel, table=True):
    __tablename__ = "counter_notice"
    __table_args__ = (
        # One counter-notice per listing and complaint.
        sa.UniqueConstraint("complaint_listing_id", name="uq_counter_notice_complaint_listing"),
        sa.Index("ix_counter_notice_status_respond_by", "status", "respond_by"),
    )

    id: str = Field(primary_key=True, max_length=32)
    complaint_id: str = Field(foreign_key="complaint.id", index=True, max_length=32)
    complaint_listing_id: int = Field(foreign_key="complaint_listing.id")
    listing_id: int = Field(foreign_key="listing.id", index=True)
    seller_org_id: int = Field(foreign_key="organisation.id", index=True)
    filed_by_id: int = Field(foreign_key="user_account.id")
    reason: str = Field(max_length=20)
    statement: str = Field(default="")
    language: str = Field(max_length=10, default="en")
    filed_at: datetime = Field(sa_column=utc_column(nullable=False))
    respond_by: datetime = Field(sa_column=utc_column(nullable=False))
    status: str = Field(max_length=20, default=CounterNoticeStatus.OPEN)
    response_note: str = Field(default="")
    response_language: str | None = Field(default=None, max_length=10)
    responded_at: datetime | None = Field(default=None, sa_column=utc_column())
    responded_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    closed_at: datetime | None = Field(default=None, sa_column=utc_column())


class Attachment(SQLModel, table=True):
    """A file kept by its SHA-256 under the data dir; belongs to a notice or a message."""

    __tablename__ = "attachment"

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: str = Field(foreign_key="complaint.id", index=True, max_length=32)
    counter_notice_id: str | None = Field(default=None, foreign_key="counter_notice.id",
                                          index=True, max_length=32)
    message_id: int | None = Field(default=None, foreign_key="complaint_message.id", index=True)
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
    uploaded_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
