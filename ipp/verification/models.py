"""Tables of verification: brands' authorised resellers and the proactive scan's suspected listings."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ipp.db import json_column, utc_column


class AuthorisedReseller(SQLModel, table=True):
    """A seller a rights holder allows to sell its goods: complaints against it fail."""

    __tablename__ = "authorised_reseller"
    __table_args__ = (sa.UniqueConstraint("org_id", "seller_external_id",
                                          name="uq_authorised_reseller_org_seller"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organisation.id", index=True)
    # The marketplace's seller id as in listings; it may name a seller not imported yet.
    seller_external_id: str = Field(max_length=200)
    note: str = Field(default="", max_length=500)
    added_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    added_at: datetime = Field(sa_column=utc_column(nullable=False))


class SuspectStatus(StrEnum):
    NEW = "new"
    DISMISSED = "dismissed"
    FILED = "filed"


class SuspectedListing(SQLModel, table=True):
    """A listing the proactive scan found naming a registered mark, with the evidence."""

    __tablename__ = "suspected_listing"
    __table_args__ = (sa.UniqueConstraint("listing_id", "mark_id",
                                          name="uq_suspected_listing_listing_mark"),)

    id: int | None = Field(default=None, primary_key=True)
    listing_id: int = Field(foreign_key="listing.id", index=True)
    mark_id: int = Field(foreign_key="mark.id", index=True)
    matched: str = Field(max_length=2000)
    kind: str = Field(max_length=20)
    field: str = Field(max_length=20)
    span: list = Field(default_factory=list, sa_column=json_column())
    explanation: str = Field(default="", max_length=1000)
    certain: bool = Field(default=True)
    found_at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    status: str = Field(default=SuspectStatus.NEW, max_length=20, index=True)
    complaint_id: str | None = Field(default=None, foreign_key="complaint.id", max_length=32)
    status_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    status_at: datetime | None = Field(default=None, sa_column=utc_column())
