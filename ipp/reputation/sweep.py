"""Sweep steps: recompute tiers that are stale or saw activity, and every seller's strikes."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.complaints.models import Complaint, ComplaintEvent, ComplaintListing
from ipp.jobs.sweep import sweep_step
from ipp.reputation.models import OrgReputation, SellerStanding
from ipp.reputation.operations import recompute
from ipp.reputation.records import window_start
from ipp.reputation.standing import recompute_strikes

# The window slides and review dates pass without any new outcome, so even a quiet
# organisation is recomputed this often; activity triggers it sooner.
REFRESH = timedelta(hours=1)


def orgs_due(session: Session, now: datetime) -> list[int]:
    """Organisations with activity in the window whose stored figures are stale."""
    start = window_start(now)
    latest: dict[int, datetime] = {}
    for query in (
        sa.select(Complaint.principal_org_id, sa.func.max(ComplaintEvent.at))
        .join(ComplaintEvent, ComplaintEvent.complaint_id == Complaint.id)
        .where(ComplaintEvent.at > start, ComplaintEvent.at <= now)
        .group_by(Complaint.principal_org_id),
        sa.select(Complaint.principal_org_id, sa.func.max(ComplaintListing.decided_at))
        .join(ComplaintListing, ComplaintListing.complaint_id == Complaint.id)
        .where(ComplaintListing.decided_at > start, ComplaintListing.decided_at <= now)
        .group_by(Complaint.principal_org_id),
    ):
        for org_id, at in session.execute(query):
            latest[org_id] = max(at, latest.get(org_id, at))
    computed = dict(session.execute(
        sa.select(OrgReputation.org_id, OrgReputation.computed_at)).all())
    due = []
    for org_id in sorted(set(latest) | set(computed)):
        at = computed.get(org_id)
        if at is None or at <= now - REFRESH or (org_id in latest and latest[org_id] > at):
            due.append(org_id)
    return due


@sweep_step("reputation")
def recompute_reputations(session: Session, now: datetime) -> int:
    due = orgs_due(session, now)
    for org_id in due:
        recompute(session, org_id=org_id, now=now)
    return len(due)


@sweep_step("seller_strikes")
def recompute_all_strikes(session: Session, now: datetime) -> int:
    """In full once any stored standing is an hour old (decisions update their sellers at once)."""
    oldest = session.exec(select(sa.func.min(SellerStanding.computed_at))).one()
    if oldest is not None and oldest > now - REFRESH:
        return 0
    return recompute_strikes(session, now=now)
