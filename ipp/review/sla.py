"""The 24-hour SLA clock, its figures and a breach forecast (pure: no Flask, no database)."""

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

SLA = timedelta(hours=24)

Pause = tuple[datetime, datetime | None]

PAUSED = "paused"
RESUMED = "resumed"


def ensure_utc(value: datetime, name: str = "datetime") -> datetime:
    """The same instant in UTC; naive values are refused because their zone is a guess."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value!r}")
    return value.astimezone(UTC)


def paused_time(
    pauses: Sequence[Pause], *, now: datetime | None = None, until: datetime | None = None
) -> timedelta:
    """Total paused span. An open pause (end None) runs up to `now`, or counts as nothing
    when `now` is None. Overlaps are merged so a doubled event never pays twice; with
    `until`, only pause time before that instant counts (handling time of a decision)."""
    now = ensure_utc(now, "now") if now is not None else None
    until = ensure_utc(until, "until") if until is not None else None
    spans = []
    for start, end in pauses:
        start = ensure_utc(start, "pause start")
        end = ensure_utc(end, "pause end") if end is not None else now
        if end is None:
            continue
        if end < start:
            raise ValueError(f"pause ends ({end}) before it starts ({start})")
        if until is not None:
            end = min(end, until)
        if end > start:
            spans.append((start, end))
    total = timedelta()
    reach = None
    for start, end in sorted(spans):
        if reach is not None and start < reach:
            start = reach
        if end > start:
            total += end - start
        reach = end if reach is None else max(reach, end)
    return total


def compute_due_at(
    received_at: datetime, pauses: Sequence[Pause] = (), now: datetime | None = None
) -> datetime:
    """received_at + 24 h + time spent paused (need_info), in UTC.

    While a pause is open the clock is stopped, so due_at moves with `now`. With now=None
    an open pause counts as nothing: the stored due_at stays what it was when the pause
    began, and the database recomputes it from the SLA events at resume. Pass `now` to
    see the live value (e.g. the dashboard, or "is it past due?" while waiting).
    """
    received_at = ensure_utc(received_at, "received_at")
    for start, _ in pauses:
        if ensure_utc(start, "pause start") < received_at:
            raise ValueError("a pause cannot start before the complaint was received")
    return received_at + SLA + paused_time(pauses, now=now)


def pauses_from_events(events: Sequence[tuple[str, datetime]]) -> list[Pause]:
    """Pause spans from (kind, at) events, kind "paused" or "resumed".

    Events are sorted by time first (ties keep their given order), so rows read back in
    any order give the same spans. A repeated "paused" while already paused is ignored
    (a retried write); a "resumed" with no open pause is an error. The last span is
    open (end None) when the complaint is still waiting.
    """
    ordered = sorted(
        ((kind, ensure_utc(at, "event time")) for kind, at in events), key=lambda e: e[1]
    )
    spans: list[Pause] = []
    open_start: datetime | None = None
    for kind, at in ordered:
        if kind == PAUSED:
            if open_start is None:
                open_start = at
        elif kind == RESUMED:
            if open_start is None:
                raise ValueError(f"resumed at {at} without a pause")
            spans.append((open_start, at))
            open_start = None
        else:
            raise ValueError(f"unknown SLA event kind {kind!r}")
    if open_start is not None:
        spans.append((open_start, None))
    return spans


def handling_hours(received_at: datetime, decided_at: datetime, pauses: Sequence[Pause]) -> float:
    """Hours from receipt to decision on the SLA clock: paused time is not handling time."""
    received_at = ensure_utc(received_at, "received_at")
    decided_at = ensure_utc(decided_at, "decided_at")
    if decided_at < received_at:
        raise ValueError("decided before received")
    paused = paused_time(pauses, now=decided_at, until=decided_at)
    return max(0.0, (decided_at - received_at - paused).total_seconds() / 3600)


def percentile(values: Sequence[float], p: float, *, method: str = "nearest") -> float | None:
    """The p-th percentile (0 < p <= 100) of values; None when there are none.

    "nearest" (default) is the nearest-rank method: the smallest observed value with at
    least p% of the values at or below it, so "p99 <= 24 h" means at least 99% of
    complaints really were decided within 24 h. "linear" interpolates between ranks
    (numpy's default), for smooth charts.
    """
    if not 0 < p <= 100:
        raise ValueError("p must be in (0, 100]")
    if not values:
        return None
    ordered = sorted(values)
    if method == "nearest":
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]
    if method == "linear":
        rank = (p / 100) * (len(ordered) - 1)
        low = math.floor(rank)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
    raise ValueError(f"unknown percentile method {method!r}")


def median(values: Sequence[float]) -> float | None:
    """The usual median (mean of the middle two for an even count); None when empty."""
    return percentile(values, 50, method="linear")


@dataclass(frozen=True, slots=True)
class SlaItem:
    """One complaint as the SLA figures see it. For an open item that is paused right now,
    pass the live due_at (compute_due_at(..., now=now)) so waiting is not a breach."""

    received_at: datetime
    due_at: datetime
    decided_at: datetime | None = None
    paused_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class SlaFigures:
    """within_24h and the hour figures are None when there is nothing to measure: an
    empty queue has no share, and the API shows null rather than an invented 100%."""

    within_24h: float | None
    median_hours: float | None
    p99_hours: float | None
    max_hours: float | None
    decided: int
    open: int
    open_past_due: int
    oldest_open_hours: float | None

    def as_api(self) -> dict:
        """The body of GET /api/v1/stats/sla (api.md), rounded for people."""
        return {
            "within_24h": _round(self.within_24h, 4),
            "median_hours": _round(self.median_hours, 2),
            "p99_hours": _round(self.p99_hours, 2),
            "open": self.open,
            "open_past_due": self.open_past_due,
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def sla_figures(items: Iterable[SlaItem], now: datetime) -> SlaFigures:
    """Share decided within the SLA, median/p99/max handling hours (paused time excluded)
    and the open queue as of `now`.

    The share counts every decided item plus every open item already past due (an open
    breach is a miss already); open items still within their time are not counted yet.
    """
    now = ensure_utc(now, "now")
    hours: list[float] = []
    met = open_count = past_due = 0
    oldest: float | None = None
    for item in items:
        due_at = ensure_utc(item.due_at, "due_at")
        received_at = ensure_utc(item.received_at, "received_at")
        if item.decided_at is None:
            open_count += 1
            past_due += due_at < now
            clock = (now - received_at).total_seconds() - item.paused_seconds
            oldest = max(oldest or 0.0, clock / 3600)
            continue
        decided_at = ensure_utc(item.decided_at, "decided_at")
        met += decided_at <= due_at
        elapsed = (decided_at - received_at).total_seconds() - item.paused_seconds
        hours.append(max(0.0, elapsed / 3600))
    counted = len(hours) + past_due
    return SlaFigures(
        within_24h=met / counted if counted else None,
        median_hours=median(hours),
        p99_hours=percentile(hours, 99),
        max_hours=max(hours) if hours else None,
        decided=len(hours),
        open=open_count,
        open_past_due=past_due,
        oldest_open_hours=oldest,
    )


@dataclass(frozen=True, slots=True)
class ForecastBreach:
    item_id: Hashable
    due_at: datetime
    expected_decision_at: datetime


def forecast_breaches(
    open_items: Sequence[tuple[Hashable, datetime]],
    reviewers_on_shift: int,
    mean_handling_minutes: float,
    now: datetime,
    horizon_hours: float = 4,
) -> list[ForecastBreach]:
    """Queued complaints expected to breach within the next `horizon_hours`.

    `open_items` are (id, due_at) of the queued complaints in claim order (need_info ones
    left out: their clock is stopped). The model is deliberately plain, so a person can
    check it by hand: the reviewers on shift take the queue in order, `reviewers_on_shift`
    at a time, each taking `mean_handling_minutes`; the k-th item (from 0) is decided at
    now + (k // reviewers + 1) * mean. An item whose due_at falls in (now, now + horizon]
    and whose expected decision is later than due_at is forecast to breach. Items already
    past due are open breaches, counted by sla_figures, not forecast. No reviewers: all
    items due within the horizon breach.
    """
    now = ensure_utc(now, "now")
    horizon_end = now + timedelta(hours=horizon_hours)
    step = timedelta(minutes=mean_handling_minutes)
    out = []
    for k, (item_id, due_at) in enumerate(open_items):
        due_at = ensure_utc(due_at, "due_at")
        if not now < due_at <= horizon_end:
            continue
        if reviewers_on_shift <= 0:
            expected = datetime.max.replace(tzinfo=UTC)
        else:
            expected = now + step * (k // reviewers_on_shift + 1)
        if expected > due_at:
            out.append(ForecastBreach(item_id, due_at, expected))
    return out
