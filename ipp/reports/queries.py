"""Reads for takedown reports: one row per listing named in a complaint, scoped to the caller."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Role, User
from ipp.accounts.queries import principals_of_agent
from ipp.complaints.models import Complaint, ComplaintListing
from ipp.listings.models import Listing, Seller
from ipp.marks.models import Mark


@dataclass(frozen=True)
class ReportRow:
    complaint_id: str
    filed_at: datetime
    mark: str
    listing_id: str
    url: str
    seller: str
    reason: str
    outcome: str
    reason_code: str
    decided_at: datetime | None
    hours_to_decision: float | None
    lane: str


def report_org_ids(session: Session, user: User, *, today: date) -> list[int]:
    if user.role == Role.RIGHTS_HOLDER and user.org_id:
        return [user.org_id]
    if user.role == Role.AGENT and user.org_id:
        return [o.id for o in principals_of_agent(session, agent_org_id=user.org_id, on=today)]
    return []


def takedown_rows(session: Session, *, org_ids: list[int], from_date: date | None,
                  to_date: date | None, batch: int = 2000) -> Iterator[ReportRow]:
    """Streams rows in filing order; memory stays flat in the number of rows."""
    if not org_ids:
        return
    query = (
        select(ComplaintListing, Complaint, Mark.office, Mark.number, Listing.external_id,
               Listing.url, Seller.external_id)
        .join(Complaint, Complaint.id == ComplaintListing.complaint_id)
        .join(Mark, Mark.id == Complaint.mark_id)
        .outerjoin(Listing, Listing.id == ComplaintListing.listing_id)
        .outerjoin(Seller, Seller.id == Listing.seller_id)
        .where(Complaint.principal_org_id.in_(org_ids))
        .order_by(Complaint.received_at, Complaint.id, ComplaintListing.position)
    )
    if from_date:
        query = query.where(Complaint.received_at >= datetime.combine(from_date, time(), UTC))
    if to_date:
        end = datetime.combine(to_date + timedelta(days=1), time(), UTC)
        query = query.where(Complaint.received_at < end)
    result = session.execute(query.execution_options(yield_per=batch))
    for row, complaint, office, number, listing_id, url, seller in result:
        hours = None
        if row.decided_at is not None:
            hours = round((row.decided_at - complaint.received_at).total_seconds() / 3600, 2)
        yield ReportRow(
            complaint_id=complaint.id, filed_at=complaint.received_at, mark=f"{office} {number}",
            listing_id=listing_id or row.listing_ref, url=url or "", seller=seller or "",
            reason=complaint.reason, outcome=row.action, reason_code=row.reason_code or "",
            decided_at=row.decided_at, hours_to_decision=hours, lane=complaint.lane,
        )
