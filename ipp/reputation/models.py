"""Stored reputation: each complainant's last computed tier, sellers' strikes, fast-lane audits."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from ipp.db import json_column, utc_column


class OrgReputation(SQLModel, table=True):
    """The last recomputation; messages are stored as [msgid, params] and translated at render."""

    __tablename__ = "org_reputation"

    org_id: int = Field(foreign_key="organisation.id", primary_key=True)
    tier: str = Field(max_length=20, default="standard")
    takedown_rate: float | None = None
    counter_notice_success_rate: float | None = None
    decided_listings: int = 0
    window_days: int = 90
    takedowns: int = 0
    reinstatements: int = 0
    complaints_filed: int = 0
    withdrawals: int = 0
    failed_verifications: int = 0
    takedown_lower: float | None = None
    takedown_upper: float | None = None
    counter_notice_lower: float | None = None
    counter_notice_upper: float | None = None
    by_reason: dict = Field(default_factory=dict, sa_column=json_column())
    signals: list = Field(default_factory=list, sa_column=json_column())
    rule: list = Field(default_factory=list, sa_column=json_column())
    explanation: list = Field(default_factory=list, sa_column=json_column())
    how_to_improve: list = Field(default_factory=list, sa_column=json_column())
    review_on: date | None = None
    cool_off_ends_on: date | None = None
    # The admin's setting, kept after it expires so the page can say what it was.
    override_tier: str | None = Field(default=None, max_length=20)
    override_reason: str | None = Field(default=None, max_length=1000)
    override_expires_on: date | None = None
    override_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    override_at: datetime | None = Field(default=None, sa_column=utc_column())
    overridden: bool = False  # whether the current tier comes from the override
    computed_at: datetime | None = Field(default=None, sa_column=utc_column())
    tier_since: datetime | None = Field(default=None, sa_column=utc_column())


class SellerStanding(SQLModel, table=True):
    """Strikes of one seller account and of the linked group (same payee/address/contact)."""

    __tablename__ = "seller_standing"

    seller_id: int = Field(foreign_key="seller.id", primary_key=True)
    group_id: str = Field(max_length=200, index=True)  # external id of the group's first seller
    strikes: int = 0
    group_strikes: int = 0
    level: str = Field(max_length=20, default="none")
    computed_at: datetime = Field(sa_column=utc_column(nullable=False))
    # Enforcement (reputation/restriction.py): kept after it ends so pages can say what it was.
    restricted: bool = False
    restricted_at: datetime | None = Field(default=None, sa_column=utc_column())
    restricted_strikes: int | None = None
    last_strike_at: datetime | None = Field(default=None, sa_column=utc_column())
    lifted_at: datetime | None = Field(default=None, sa_column=utc_column())
    lifted_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    lift_reason: str | None = Field(default=None, max_length=1000)


class FastLaneAudit(SQLModel, table=True):
    """A fast-laned complaint drawn for a reviewer's second look."""

    __tablename__ = "fast_lane_audit"

    complaint_id: str = Field(foreign_key="complaint.id", primary_key=True, max_length=32)
    org_id: int = Field(foreign_key="organisation.id", index=True)
    sampled_at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    checked_at: datetime | None = Field(default=None, sa_column=utc_column())
    checked_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    note: str = Field(default="")
