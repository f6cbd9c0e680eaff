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
