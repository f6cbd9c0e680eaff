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

    @property
    def label(self) -> str:
        return f"{self.text} ({self.office} {self.number})"
