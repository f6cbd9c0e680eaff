"""The last computed reputation of each complainant organisation."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from ipp.db import json_column, utc_column


class OrgReputation(SQLModel, table=True):
    __tablename__ = "org_reputation"

    org_id: int = Field(foreign_key="organisation.id", primary_key=True)
    tier: str = Field(max_length=20, default="standard")
    takedown_rate: float | None = None
    counter_notice_success_rate: float | None = None
    decided_listings: int = 0
    window_days: int = 90
    explanation: dict = Field(default_factory=dict, sa_column=json_column())
    computed_at: datetime | None = Field(default=None, sa_column=utc_column())
    tier_since: datetime | None = Field(default=None, sa_column=utc_column())
