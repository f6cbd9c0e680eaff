"""Reads for counter-notices, scoped: sellers see their own listings, complainants their complaints."""

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Role, User
from ipp.complaints.models import Complaint, ComplaintEvent, ComplaintListing
from ipp.complaints.queries import visible_to
from ipp.complaints.states import ListingAction
from ipp.counter_notices.models import Attachment, CounterNotice
from ipp.listings.models import Listing, Seller
from ipp.marks.models import Mark

NOTICE_EVENTS = ("counter_notice", "counter_notice_maintained", "counter_notice_withdrawn",
                 "reinstated")


def seller_takedowns(session: Session, user: User):
    """(row, listing, mark, complaint, notice or None) for the seller's removed listings."""
    if user.role != Role.SELLER or not user.org_id:
        return []
    return session.exec(
        select(ComplaintListing, Listing, Mark, Complaint, CounterNotice)
        .join(Listing, Listing.id == ComplaintListing.listing_id)
        .join(Seller, Seller.id == Listing.seller_id)
        .join(Complaint, Complaint.id == ComplaintListing.complaint_id)
        .join(Mark, Mark.id == Complaint.mark_id)
        .outerjoin(CounterNotice, CounterNotice.complaint_listing_id == ComplaintListing.id)
        .where(Seller.org_id == user.org_id,
               ComplaintListing.action.in_([ListingAction.TAKEN_DOWN, ListingAction.REINSTATED]))
        .order_by(ComplaintListing.decided_at.desc(), ComplaintListing.id)
    ).all()


def seller_row(session: Session, user: User, *, row_id: int | None = None,
               listing_ref: str | None = None, complaint_id: str | None = None):
    """One of the seller's own (row, listing, mark, complaint, notice); None if not theirs."""
    for found in seller_takedowns(session, user):
        row, listing, _mark, complaint, _notice = found
        if row_id is not None and row.id == row_id:
            return found
        if listing_ref is not None and listing.external_id == listing_ref \
                and complaint.id == complaint_id:
            return found
    return None


def get_notice(session: Session, user: User, notice_id: str) -> CounterNotice | None:
    """The seller who filed it, or whoever may see the complaint; otherwise None (404)."""
    if not isinstance(notice_id, str) or len(notice_id) > 32:
        return None
    notice = session.get(CounterNotice, notice_id)
    if notice is None:
        return None
    if user.role == Role.SELLER:
        return notice if user.org_id and notice.seller_org_id == user.org_id else None
    clause = visible_to(user)
    if clause is None:
        return None
    query = select(Complaint.id).where(Complaint.id == notice.complaint_id)
    if clause is not True:
        query = query.where(clause)
    return notice if session.exec(query).first() else None


def notices_of_complaint(session: Session, complaint_id: str) -> list[CounterNotice]:
    return list(session.exec(select(CounterNotice).where(
        CounterNotice.complaint_id == complaint_id).order_by(CounterNotice.filed_at)).all())


def notice_timeline(session: Session, notice: CounterNotice) -> list[ComplaintEvent]:
    """The complaint's events about this notice: what both parties may see."""
    events = session.exec(select(ComplaintEvent).where(
        ComplaintEvent.complaint_id == notice.complaint_id,
        ComplaintEvent.kind.in_(NOTICE_EVENTS)).order_by(ComplaintEvent.at,
                                                         ComplaintEvent.id)).all()
    return [e for e in events if (e.data or {}).get("counter_notice_id") == notice.id]


def notice_files(session: Session, notice: CounterNotice) -> list[Attachment]:
    return list(session.exec(select(Attachment).where(
        Attachment.counter_notice_id == notice.id).order_by(Attachment.id)).all())
