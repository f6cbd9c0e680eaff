"""Registered trademarks: the IP asset library."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ipp.db import json_column, utc_column


class MarkStatus(StrEnum):
    REGISTERED = "registered"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    PENDING = "pending"


# formats.md: an office's own territory when the file lists none.
OFFICE_TERRITORIES = {
    "CNIPA": ["CN"],
    "USPTO": ["US"],
    "EUIPO": ["EU"],
    "JPO": ["JP"],
    "KIPO": ["KR"],
    "UKIPO": ["GB"],
    "WIPO": [],
}


class Mark(SQLModel, table=True):
    __tablename__ = "mark"
    __table_args__ = (sa.UniqueConstraint("office", "number", name="uq_mark_office_number"),)

    id: int | None = Field(default=None, primary_key=True)
    office: str = Field(max_length=20)
    number: str = Field(max_length=64)
    text: str = Field(max_length=300)
    aliases: list = Field(default_factory=list, sa_column=json_column())
    nice_classes: list = Field(default_factory=list, sa_column=json_column())
    territories: list = Field(default_factory=list, sa_column=json_column())
    owner_org_id: int = Field(foreign_key="organisation.id", index=True)
    status: str = Field(max_length=20, default=MarkStatus.REGISTERED)
    registered_on: date | None = None
    expires_on: date | None = None
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
    # Library entries added by a rights holder wait as `pending` until an admin checks the
    # certificate; imports from the registry feed (JSONL) are trusted as they come.
    added_by_id: int | None = Field(default=None, sa_column=sa.Column(
        sa.Integer, sa.ForeignKey("user_account.id", name="fk_mark_added_by_id"), nullable=True))
    verified_at: datetime | None = Field(default=None, sa_column=utc_column())
    verified_by_id: int | None = Field(default=None, sa_column=sa.Column(
        sa.Integer, sa.ForeignKey("user_account.id", name="fk_mark_verified_by_id"),
        nullable=True))
    review_note: str = Field(default="", sa_column=sa.Column(sa.String(500), nullable=False,
                                                             server_default=""))

    @property
    def label(self) -> str:
        return f"{self.text} ({self.office} {self.number})"


class MarkCertificate(SQLModel, table=True):
    """A registration certificate (PDF or image) kept in the content-addressed store."""

    __tablename__ = "mark_certificate"

    id: int | None = Field(default=None, primary_key=True)
    mark_id: int = Field(foreign_key="mark.id", index=True)
    key: str = Field(max_length=64)
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=50)
    size: int
    uploaded_at: datetime = Field(sa_column=utc_column(nullable=False))
    uploaded_by_id: int | None = Field(default=None, foreign_key="user_account.id")


class MarkExpiryWarning(SQLModel, table=True):
    """One warning per mark, threshold and expiry date, so a renewed mark is warned again."""

    __tablename__ = "mark_expiry_warning"
    __table_args__ = (sa.UniqueConstraint("mark_id", "threshold_days", "expires_on",
                                          name="uq_mark_expiry_warning"),)

    id: int | None = Field(default=None, primary_key=True)
    mark_id: int = Field(foreign_key="mark.id", index=True)
    threshold_days: int
    expires_on: date
    warned_at: datetime = Field(sa_column=utc_column(nullable=False))
