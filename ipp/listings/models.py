"""Marketplace listings and their sellers."""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from ipp.db import json_column, utc_column


class ListingStatus(StrEnum):
    ACTIVE = "active"
    REMOVED = "removed"


class Seller(SQLModel, table=True):
    __tablename__ = "seller"

    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(max_length=200, unique=True, index=True)
    org_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    # Identity from the marketplace, to link one person's accounts (reputation/strikes.py).
    payee: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    contact: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))


class Listing(SQLModel, table=True):
    __tablename__ = "listing"

    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(max_length=200, unique=True, index=True)
    url: str | None = Field(default=None, max_length=2000, index=True)
    title: str = Field(default="", max_length=2000)
    description: str = Field(default="")
    seller_id: int = Field(foreign_key="seller.id", index=True)
    category: str = Field(default="", max_length=300)
    nice_classes: list | None = Field(default=None, sa_column=json_column(nullable=True))
    market: str | None = Field(default=None, max_length=8)
    price: float | None = None
    currency: str | None = Field(default=None, max_length=8)
    status: str = Field(max_length=20, default=ListingStatus.ACTIVE)
    published_at: datetime | None = Field(default=None, sa_column=utc_column())
    # Held back from publication (a restricted seller naming a registered mark) until a reviewer
    # releases it; the marketplace reads this through the API.
    held_at: datetime | None = Field(default=None, sa_column=utc_column())
    hold_reason: list | None = Field(default=None, sa_column=json_column(nullable=True))
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
