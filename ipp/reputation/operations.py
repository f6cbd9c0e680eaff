"""Recomputes a complainant organisation's figures over the rolling window."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.complaints.models import Complaint, ComplaintListing
from ipp.complaints.states import ListingAction
from ipp.reputation.models import OrgReputation

WINDOW = timedelta(days=90)


def decided_counts(session: Session, org_id: int, *, now: datetime) -> dict[str, int]:
    """Listings decided for the organisation in the window, by action.

    A listing counts once a person (or the fast lane) acted on it: a failed verification
    that nobody reviewed is a filing error, counted by its own signal, not a rejection."""
    acted = sa.or_(ComplaintListing.action.in_([ListingAction.TAKEN_DOWN,
                                                ListingAction.REINSTATED]),
                   sa.and_(ComplaintListing.action == ListingAction.REJECTED,
                           ComplaintListing.decided_by_id.is_not(None)))
    rows = session.exec(
        select(ComplaintListing.action, sa.func.count())
        .join(Complaint, Complaint.id == ComplaintListing.complaint_id)
        .where(Complaint.principal_org_id == org_id, acted,
               ComplaintListing.decided_at > now - WINDOW, ComplaintListing.decided_at <= now)
        .group_by(ComplaintListing.action)
    ).all()
    return {action: count for action, count in rows}


def recompute(session: Session, *, org_id: int, now: datetime) -> OrgReputation:
    counts = decided_counts(session, org_id, now=now)
    taken = counts.get(ListingAction.TAKEN_DOWN, 0) + counts.get(ListingAction.REINSTATED, 0)
    reinstated = counts.get(ListingAction.REINSTATED, 0)
    decided = taken + counts.get(ListingAction.REJECTED, 0)
    reputation = session.get(OrgReputation, org_id)
    if reputation is None:
        reputation = OrgReputation(org_id=org_id, tier="standard", tier_since=now)
        session.add(reputation)
    reputation.decided_listings = decided
    reputation.takedown_rate = round(taken / decided, 4) if decided else None
    reputation.counter_notice_success_rate = round(reinstated / taken, 4) if taken else None
    reputation.window_days = WINDOW.days
    reputation.computed_at = now
    session.flush()
    return reputation
