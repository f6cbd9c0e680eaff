"""Reads for complaints, always scoped to what the caller may see."""

from sqlalchemy.orm import Session
from sqlmodel import or_, select

from ipp.accounts.models import Role, User
from ipp.complaints.models import Complaint, ComplaintEvent, ComplaintListing
from ipp.listings.models import Listing, Seller
from ipp.marks.models import Mark

PAGE_SIZE = 50


def visible_to(user: User):
    """The WHERE clause of the complaints a user may see; None means none at all."""
    if user.role in (Role.REVIEWER, Role.ADMIN):
        return True
    if user.role == Role.RIGHTS_HOLDER and user.org_id:
        return Complaint.principal_org_id == user.org_id
    if user.role == Role.AGENT and user.org_id:
        return Complaint.filed_by_org_id == user.org_id
    return None


def get_complaint(session: Session, user: User, complaint_id: str) -> Complaint | None:
    clause = visible_to(user)
    if clause is None or not isinstance(complaint_id, str) or len(complaint_id) > 32:
        return None
    query = select(Complaint).where(Complaint.id == complaint_id)
    if clause is not True:
        query = query.where(clause)
    return session.exec(query).first()


def list_complaints(session: Session, user: User, *, status: str | None = None,
                    before: tuple[str, str] | None = None, limit: int = PAGE_SIZE,
                    principal_org_id: int | None = None):
    """Newest first; `before` is the (received_at iso, id) cursor of the last item seen.
    `principal_org_id` narrows an agent's list to the rights holder it acts for now."""
    clause = visible_to(user)
    if clause is None:
        return [], None
    query = select(Complaint)
    if clause is not True:
        query = query.where(clause)
    if principal_org_id is not None:
        query = query.where(Complaint.principal_org_id == principal_org_id)
    if status:
        query = query.where(Complaint.status == status)
    if before:
        from ipp.clock import parse_utc

        at, cid = parse_utc(before[0]), before[1]
        query = query.where(or_(Complaint.received_at < at,
                                (Complaint.received_at == at) & (Complaint.id < cid)))
    rows = list(session.exec(query.order_by(Complaint.received_at.desc(), Complaint.id.desc())
                             .limit(limit + 1)))
    more = len(rows) > limit
    return rows[:limit], (rows[limit - 1] if more else None)


def listing_rows(session: Session, complaint: Complaint):
    """(ComplaintListing, Listing | None, seller id | None) in filing order."""
    rows = session.exec(
        select(ComplaintListing, Listing, Seller.external_id)
        .outerjoin(Listing, Listing.id == ComplaintListing.listing_id)
        .outerjoin(Seller, Seller.id == Listing.seller_id)
        .where(ComplaintListing.complaint_id == complaint.id)
        .order_by(ComplaintListing.position)
    ).all()
    return list(rows)


def events_of(session: Session, complaint: Complaint) -> list[ComplaintEvent]:
    return list(session.exec(select(ComplaintEvent).where(
        ComplaintEvent.complaint_id == complaint.id).order_by(ComplaintEvent.at,
                                                              ComplaintEvent.id)))


def mark_of(session: Session, complaint: Complaint) -> Mark:
    return session.get(Mark, complaint.mark_id)
