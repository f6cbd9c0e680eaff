"""Reads for review: the SLA figures over all complaints."""

from datetime import datetime

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.complaints.models import Complaint, ComplaintEvent
from ipp.complaints.states import ComplaintStatus
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
    rows = session.exec(select(Complaint.id, Complaint.received_at, Complaint.due_at,
                               Complaint.decided_at, Complaint.status)
                        .where(Complaint.status != ComplaintStatus.WITHDRAWN)).all()
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
    return sla_figures(items, now)
