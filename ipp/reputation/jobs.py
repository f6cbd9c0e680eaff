"""Background jobs of reputation (they take ids)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ipp.clock import utcnow
from ipp.complaints.models import Complaint, ComplaintListing
from ipp.jobs.queue import job_session
from ipp.listings.models import Listing
from ipp.reputation.models import OrgReputation
from ipp.reputation.operations import recompute
from ipp.reputation.standing import recompute_strikes


def recompute_org(org_id: int) -> None:
    """After an outcome: the complainant's tier, and the strikes of the sellers just decided."""
    with job_session() as session:
        refresh_org(session, org_id=org_id, now=utcnow())


def refresh_org(session: Session, *, org_id: int, now: datetime) -> None:
    row = session.get(OrgReputation, org_id)
    since = row.computed_at if row is not None else None
    recompute(session, org_id=org_id, now=now)
    sellers = sellers_decided_since(session, org_id, since, now)
    if sellers:
        recompute_strikes(session, now=now, seller_ids=sellers)


def sellers_decided_since(session: Session, org_id: int, since: datetime | None,
                          now: datetime) -> set[int]:
    query = (sa.select(Listing.seller_id).distinct()
             .join(ComplaintListing, ComplaintListing.listing_id == Listing.id)
             .join(Complaint, Complaint.id == ComplaintListing.complaint_id)
             .where(Complaint.principal_org_id == org_id, ComplaintListing.decided_at <= now))
    if since is not None:
        query = query.where(ComplaintListing.decided_at >= since)
    return set(session.execute(query).scalars())
