"""Dashboard figures over SlaItems: shares by period and per day in the viewer's zone (pure)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from ipp.review.sla import SlaFigures, SlaItem, ensure_utc, sla_figures

PERIOD_DAYS = {"today": None, "7d": 7, "30d": 30}


def local_midnight(day: date, zone: tzinfo) -> datetime:
    """Start of that calendar day in the zone, in UTC (a DST day has 23 or 25 hours)."""
    return ensure_utc(datetime.combine(day, time(), tzinfo=zone))


def period_start(now: datetime, zone: tzinfo, days: int | None) -> datetime:
    """"today" (days None) starts at the viewer's midnight; N days is the last N×24 h."""
    now = ensure_utc(now, "now")
    if days is None:
        return local_midnight(now.astimezone(zone).date(), zone)
    return now - timedelta(days=days)


def period_figures(items: Sequence[SlaItem], now: datetime, zone: tzinfo) -> dict[str, SlaFigures]:
    """Figures of the complaints decided in each period; open breaches count in every one."""
    out = {}
    for name, days in PERIOD_DAYS.items():
        start = period_start(now, zone, days)
        out[name] = sla_figures(
            [i for i in items if i.decided_at is None or ensure_utc(i.decided_at) >= start], now)
    return out


@dataclass(frozen=True)
class Day:
    day: date
    decided: int
    within: int

    @property
    def share(self) -> float | None:
        return self.within / self.decided if self.decided else None


def daily(items: Sequence[SlaItem], now: datetime, zone: tzinfo, days: int = 30) -> list[Day]:
    """Per calendar day in the zone, oldest first, ending today: complaints decided that
    day and how many of them within their due time."""
    now = ensure_utc(now, "now")
    today = now.astimezone(zone).date()
    first = today - timedelta(days=days - 1)
    counts = {first + timedelta(days=k): [0, 0] for k in range(days)}
    for item in items:
        if item.decided_at is None:
            continue
        decided_at = ensure_utc(item.decided_at)
        bucket = counts.get(decided_at.astimezone(zone).date())
        if bucket is not None:
            bucket[0] += 1
            bucket[1] += decided_at <= ensure_utc(item.due_at)
    return [Day(day, decided, within) for day, (decided, within) in counts.items()]
