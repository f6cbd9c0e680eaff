"""Tables of reports: background report jobs and where their finished files are kept."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ipp.db import json_column, utc_column


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


class ReportJob(SQLModel, table=True):
    """One large report generated in the background; the file is kept until expires_at."""

    __tablename__ = "report_job"
    __table_args__ = (
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name="fk_report_job_user"),
        sa.Index("ix_report_job_user", "user_id"),
        sa.Index("ix_report_job_status", "status", "heartbeat_at"),
    )

    id: str = Field(primary_key=True, max_length=32)
    user_id: int
    # The organisations whose rows the report holds, fixed when it was asked for.
    org_ids: list = Field(default_factory=list, sa_column=json_column())
    format: str = Field(max_length=8)
    # from/to (ISO dates), lang, timezone and the optional filters.
    params: dict = Field(default_factory=dict, sa_column=json_column())
    status: str = Field(max_length=12, default=JobStatus.QUEUED)
    progress: float = 0.0
    rows: int = 0
    total: int = 0
    attempts: int = 0
    file_path: str | None = Field(default=None, max_length=500)
    error: str = Field(default="", max_length=500)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    heartbeat_at: datetime | None = Field(default=None, sa_column=utc_column())
    finished_at: datetime | None = Field(default=None, sa_column=utc_column())
    expires_at: datetime | None = Field(default=None, sa_column=utc_column())


class ReportSubscription(SQLModel, table=True):
    """A person's opt-in to the previous month's takedown report by e-mail (one per person)."""

    __tablename__ = "report_subscription"
    __table_args__ = (
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name="fk_report_subscription_user"),
        sa.ForeignKeyConstraint(["mark_id"], ["mark.id"], name="fk_report_subscription_mark"),
        sa.UniqueConstraint("user_id", name="uq_report_subscription_user"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int
    active: bool = True
    format: str = Field(max_length=8, default="csv")
    language: str = Field(max_length=10, default="en")
    # The filters of the report page; the organisations are the person's own, read again at
    # every sending (an agent whose letter ended gets nothing more).
    mark_id: int | None = None
    reason: str | None = Field(default=None, max_length=40)
    outcome: str | None = Field(default=None, max_length=40)
    # YYYY-MM: the first month whose report is sent (the month of (re)subscribing).
    first_month: str = Field(max_length=7)
    last_sent_month: str | None = Field(default=None, max_length=7)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # to send (again) from next_attempt_at
    SENDING = "sending"  # a runner holds it until next_attempt_at
    SENT = "sent"
    SKIPPED = "skipped"  # unsubscribed or no longer entitled meanwhile: nothing sent


class ReportDelivery(SQLModel, table=True):
    """One month's report for one subscription: the row that makes sending happen once."""

    __tablename__ = "report_delivery"
    __table_args__ = (
        sa.ForeignKeyConstraint(["subscription_id"], ["report_subscription.id"],
                                name="fk_report_delivery_subscription"),
        sa.UniqueConstraint("subscription_id", "month", name="uq_report_delivery_month"),
        sa.Index("ix_report_delivery_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int
    month: str = Field(max_length=7)
    status: str = Field(max_length=12, default=DeliveryStatus.PENDING)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_column=utc_column())
    # The stored file (a finished ReportJob of the subscriber, kept 7 days like any report).
    report_job_id: str | None = Field(default=None, max_length=32)
    attached: bool = False
    rows: int = 0
    total: int = 0
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=utc_column())
    last_error: str = Field(default="", max_length=500)
