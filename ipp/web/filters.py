"""Jinja filters: times in the viewer's zone, durations, numbers."""

from datetime import datetime

from flask_babel import format_datetime, format_decimal, format_percent


def _when(value: datetime | None) -> str:
    return format_datetime(value, "medium") if value else "—"


def _percent(value: float | None) -> str:
    return format_percent(value, "#0.0%") if value is not None else "—"


def _hours(value: float | None) -> str:
    return format_decimal(value, "#,##0.0") if value is not None else "—"


def register_filters(app) -> None:
    app.jinja_env.filters["when"] = _when
    app.jinja_env.filters["percent"] = _percent
    app.jinja_env.filters["hours"] = _hours
