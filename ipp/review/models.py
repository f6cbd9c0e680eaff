"""Tables of review: the latest SLA breach forecast the sweep made, for the dashboard."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from ipp.db import json_column, utc_column


class SlaForecast(SQLModel, table=True):
    """One row (id 1), replaced by every sweep; the dashboard shows it."""

    __tablename__ = "sla_forecast"

    id: int | None = Field(default=None, primary_key=True)
    computed_at: datetime = Field(sa_column=utc_column(nullable=False))
    horizon_hours: float
    reviewers_on_shift: int
    mean_handling_minutes: float
    waiting: int
    breaches: int
    first_breach_at: datetime | None = Field(default=None, sa_column=utc_column())
    # The first complaints forecast to breach: [{"id", "due_at", "expected_at"}], ISO times.
    items: list = Field(default_factory=list, sa_column=json_column())
