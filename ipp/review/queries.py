"""Reads for review: the SLA figures over all complaints, and the dashboard's."""

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.complaints.models import Complaint, ComplaintEvent
from ipp.complaints.states import ComplaintStatus
from ipp.review.figures import Day, daily, period_figures
from ipp.review.forecast import latest_forecast
from ipp.review.models import SlaForecast
from ipp.review.sla import (
    SlaFigures,
    SlaItem,
    compute_due_at,
    paused_time,
    pauses_from_events,
    sla_figures,
)


def sla_stats(session: Session, *, now: datetime) -> SlaFigures:
    """Every complaint that reached the queue; withdrawn ones are left out of the figures."""
    return sla_figures(sla_items(session, now=now), now)


def sla_items(session: Session, *, now: datetime,
              decided_since: datetime | None = None) -> list[SlaItem]:
    """Open complaints and those decided (since `decided_since`), as the SLA sees them."""
    query = select(Complaint.id, Complaint.received_at, Complaint.due_at, Complaint.decided_at,
                   Complaint.status).where(Complaint.status != ComplaintStatus.WITHDRAWN)
    if decided_since is not None:
        query = query.where((Complaint.decided_at.is_(None))
                            | (Complaint.decided_at >= decided_since))
    rows = session.exec(query).all()
    events: dict[str, list] = {}
    for cid, kind, at in session.exec(select(ComplaintEvent.complaint_id, ComplaintEvent.kind,
                                             ComplaintEvent.at)
                                      .where(ComplaintEvent.kind.in_(["paused", "resumed"]))):
        events.setdefault(cid, []).append((kind, at))
    items = []
    for cid, received_at, due_at, decided_at, _status in rows:
        pauses = pauses_from_events(events.get(cid, []))
        end = decided_at or now
        paused = paused_time(pauses, now=end, until=end)
        if decided_at is None and pauses and pauses[-1][1] is None:
            # Waiting for the complainant is not a breach: the clock is stopped.
            due_at = compute_due_at(received_at, pauses, now=now)
        items.append(SlaItem(received_at=received_at, due_at=due_at, decided_at=decided_at,
                             paused_seconds=paused.total_seconds()))
    return items


@dataclass(frozen=True)
class Dashboard:
    periods: dict[str, SlaFigures]
    days: list[Day]
    forecast: SlaForecast | None


def dashboard(session: Session, *, now: datetime, zone: tzinfo) -> Dashboard:
    """The dashboard's periods, days (and "today") in the viewer's zone, and the forecast;
    the overall figures are sla_stats'."""
    items = sla_items(session, now=now, decided_since=now - timedelta(days=32))
    return Dashboard(periods=period_figures(items, now, zone), days=daily(items, now, zone),
                     forecast=latest_forecast(session))
