"""The notification outbox (e-mail with retries, and in-app) and the complaint's messages."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ipp.db import json_column, utc_column


class EmailState(StrEnum):
    PENDING = "pending"  # to send now or at next_attempt_at
    DIGEST = "digest"  # waits for the person's daily digest
    SENT = "sent"
    OFF = "off"  # the person turned e-mail off (never for legal notices)
    IN_APP = "in_app"  # no SMTP server configured: shown in the app only


class EmailPreference(StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    OFF = "off"


class Notification(SQLModel, table=True):
    __tablename__ = "notification"
    __table_args__ = (
        sa.Index("ix_notification_outbox", "email_state", "next_attempt_at"),
        sa.Index("ix_notification_user_read", "user_id", "read_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id")
    kind: str = Field(max_length=40)
    complaint_id: str | None = Field(default=None, foreign_key="complaint.id", max_length=32)
    # Everything the text needs, so it renders later in whatever language is asked.
    data: dict = Field(default_factory=dict, sa_column=json_column())
    legal: bool = False
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    read_at: datetime | None = Field(default=None, sa_column=utc_column())
    email_state: str = Field(max_length=20, default=EmailState.PENDING)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_column=utc_column())
    sent_at: datetime | None = Field(default=None, sa_column=utc_column())
    last_error: str = Field(default="", max_length=500)


class MessageKind(StrEnum):
    INFO_REQUEST = "info_request"  # reviewer asks (need-info)
    INFO_ANSWER = "info_answer"  # complainant answers it
    QUESTION = "question"  # complainant asks the platform (online consultation)
    ANSWER = "answer"  # a reviewer answers in the thread


class ComplaintMessage(SQLModel, table=True):
    __tablename__ = "complaint_message"

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: str = Field(foreign_key="complaint.id", index=True, max_length=32)
    author_id: int | None = Field(default=None, foreign_key="user_account.id")
    kind: str = Field(max_length=20)
    body: str = Field(default="")
    # The language it was written in; the text is kept as written, never replaced.
    language: str = Field(max_length=10, default="en")
    event_id: int | None = Field(default=None, foreign_key="complaint_event.id")
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
