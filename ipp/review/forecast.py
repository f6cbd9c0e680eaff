"""The sweep's breach forecast: who is on shift, how fast they decide, what will breach."""

from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Role, User
from ipp.clock import iso
from ipp.complaints.models import Complaint, ComplaintEvent
from ipp.complaints.states import ComplaintStatus
from ipp.jobs.sweep import sweep_step
from ipp.review.models import SlaForecast
from ipp.review.priority import priority_key
from ipp.review.sla import forecast_breaches

HORIZON_HOURS = 4.0
# On shift: claimed, decided, left a page or held a live lease within this window.
ACTIVE_WINDOW = timedelta(hours=1)
HANDLING_WINDOW = timedelta(hours=24)
DEFAULT_HANDLING_MINUTES = 10.0
KEPT_ITEMS = 50
_DECISIONS = ("status:decided", "status:need_info")


def reviewers_on_shift(session: Session, now: datetime) -> int:
    holders = session.exec(select(Complaint.reviewer_id).where(
        Complaint.status == ComplaintStatus.IN_REVIEW, Complaint.lease_expires_at >= now,
        Complaint.reviewer_id.is_not(None))).all()
    actors = session.exec(select(ComplaintEvent.actor_id)
                          .join(User, User.id == ComplaintEvent.actor_id)
                          .where(User.role.in_([Role.REVIEWER, Role.ADMIN]),
                                 ComplaintEvent.at >= now - ACTIVE_WINDOW)).all()
    return len(set(holders) | set(actors))


def mean_handling_minutes(session: Session, now: datetime) -> float:
    """Claim to decision (or need-info) by the same reviewer, over the last day."""
    events = session.exec(select(ComplaintEvent.complaint_id, ComplaintEvent.kind,
                                 ComplaintEvent.at, ComplaintEvent.actor_id)
                          .where(ComplaintEvent.at >= now - HANDLING_WINDOW,
                                 ComplaintEvent.kind.in_(("claimed", *_DECISIONS)))
                          .order_by(ComplaintEvent.at, ComplaintEvent.id)).all()
    claimed: dict[tuple, datetime] = {}
    spans = []
    for complaint_id, kind, at, actor_id in events:
        if kind == "claimed":
            claimed[(complaint_id, actor_id)] = at
        elif (complaint_id, actor_id) in claimed:
            spans.append((at - claimed.pop((complaint_id, actor_id))).total_seconds() / 60)
    if not spans:
        return DEFAULT_HANDLING_MINUTES
    return max(0.5, sum(spans) / len(spans))


def _waiting_in_claim_order(session: Session, now: datetime) -> list[tuple[str, datetime]]:
    """Complaints being reviewed come first (they are in hand), then the queue's order;
    need-info ones are left out: their clock is stopped."""
    rows = session.exec(select(Complaint).where(Complaint.status.in_(
        [ComplaintStatus.IN_REVIEW, ComplaintStatus.QUEUED]))).all()
    rows.sort(key=lambda c: (c.status != ComplaintStatus.IN_REVIEW, priority_key(
        health=c.health_priority, received_at=c.received_at, due_at=c.due_at, now=now,
        item_id=c.id)))
    return [(c.id, c.due_at) for c in rows]


@sweep_step("sla_forecast")
def refresh_forecast(session: Session, now: datetime) -> int:
    """Stores the forecast for the dashboard; returns how many complaints will breach."""
    waiting = _waiting_in_claim_order(session, now)
    staff = reviewers_on_shift(session, now)
    minutes = mean_handling_minutes(session, now)
    breaches = forecast_breaches(waiting, staff, minutes, now, horizon_hours=HORIZON_HOURS)
    row = session.get(SlaForecast, 1) or SlaForecast(id=1, computed_at=now, horizon_hours=0,
                                                     reviewers_on_shift=0,
                                                     mean_handling_minutes=0, waiting=0,
                                                     breaches=0)
    row.computed_at, row.horizon_hours, row.reviewers_on_shift = now, HORIZON_HOURS, staff
    row.mean_handling_minutes, row.waiting, row.breaches = minutes, len(waiting), len(breaches)
    row.first_breach_at = min((b.due_at for b in breaches), default=None)
    row.items = [{"id": b.item_id, "due_at": iso(b.due_at), "expected_at": iso(
        b.expected_decision_at) if b.expected_decision_at.year < 9999 else None}
        for b in breaches[:KEPT_ITEMS]]
    session.add(row)
    return len(breaches)


def latest_forecast(session: Session) -> SlaForecast | None:
    return session.get(SlaForecast, 1)
