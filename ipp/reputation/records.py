"""Reads one organisation's 90-day history into the pure records that scoring and signals take."""

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ipp.complaints.models import Complaint, ComplaintListing
from ipp.complaints.states import ComplaintStatus, Lane, ListingAction
from ipp.listings.models import Listing, Seller
from ipp.marks.models import Mark
from ipp.reputation.scoring import WINDOW_DAYS, ComplaintRecord, ListingOutcome

# A listing counts once a person (or the fast lane) acted on it: a failed verification that
# nobody reviewed is a filing error, counted by its own signal, not as a rejection.
ACTED = sa.or_(
    ComplaintListing.action.in_([ListingAction.TAKEN_DOWN, ListingAction.REINSTATED]),
    sa.and_(ComplaintListing.action == ListingAction.REJECTED,
            ComplaintListing.decided_by_id.is_not(None)),
)


def window_start(now: datetime, days: int = WINDOW_DAYS) -> datetime:
    return now - timedelta(days=days)


def history(session: Session, org_id: int, *, now: datetime
            ) -> tuple[list[ListingOutcome], list[ComplaintRecord], frozenset[str]]:
    """(decided listings, complaints filed, the organisation's own categories) in the window."""
    outcomes, own = listing_outcomes(session, org_id, now=now)
    return outcomes, complaint_records(session, org_id, now=now), own


def listing_outcomes(session: Session, org_id: int, *, now: datetime
                     ) -> tuple[list[ListingOutcome], frozenset[str]]:
    rows = session.execute(
        sa.select(ComplaintListing.complaint_id, ComplaintListing.listing_ref,
                  ComplaintListing.action, ComplaintListing.decided_at, Complaint.reason,
                  Mark.nice_classes, Listing.external_id, Listing.nice_classes,
                  Listing.category, Listing.seller_id, Seller.external_id)
        .join(Complaint, Complaint.id == ComplaintListing.complaint_id)
        .join(Mark, Mark.id == Complaint.mark_id)
        .outerjoin(Listing, Listing.id == ComplaintListing.listing_id)
        .outerjoin(Seller, Seller.id == Listing.seller_id)
        .where(Complaint.principal_org_id == org_id, ACTED,
               ComplaintListing.decided_at > window_start(now),
               ComplaintListing.decided_at <= now)
    ).all()
    categories = seller_categories(session, {r[9] for r in rows if r[9] is not None})
    outcomes, own = [], set()
    for (complaint_id, ref, action, decided_at, reason, mark_classes, listing_id,
         listing_classes, category, seller_pk, seller_id) in rows:
        listing_set, mark_set = frozenset(listing_classes or ()), frozenset(mark_classes or ())
        if category and listing_set & mark_set:
            own.add(category)  # where the brand's genuine goods are sold: its own market
        outcomes.append(ListingOutcome(
            complaint_id=complaint_id, listing_id=listing_id or ref, seller_id=seller_id or "",
            reason=reason, decided_at=decided_at, outcome=action,
            listing_classes=listing_set, mark_classes=mark_set,
            seller_categories=categories.get(seller_pk, frozenset())))
    return outcomes, frozenset(own)


def seller_categories(session: Session, seller_pks: set[int]) -> dict[int, frozenset[str]]:
    if not seller_pks:
        return {}
    found: dict[int, set[str]] = defaultdict(set)
    for seller_pk, category in session.execute(
            sa.select(Listing.seller_id, Listing.category).distinct()
            .where(Listing.seller_id.in_(sorted(seller_pks)), Listing.category != "")):
        found[seller_pk].add(category)
    return {k: frozenset(v) for k, v in found.items()}


def complaint_records(session: Session, org_id: int, *, now: datetime) -> list[ComplaintRecord]:
    in_window = (Complaint.principal_org_id == org_id,
                 Complaint.received_at > window_start(now), Complaint.received_at <= now)
    sellers: dict[str, set[str]] = defaultdict(set)
    for complaint_id, seller_id in session.execute(
            sa.select(ComplaintListing.complaint_id, Seller.external_id)
            .join(Complaint, Complaint.id == ComplaintListing.complaint_id)
            .join(Listing, Listing.id == ComplaintListing.listing_id)
            .join(Seller, Seller.id == Listing.seller_id).where(*in_window)):
        sellers[complaint_id].add(seller_id)
    rows = session.execute(
        sa.select(Complaint.id, Complaint.received_at, Complaint.reason, Complaint.status,
                  Complaint.lane, Mark.office, Mark.number)
        .join(Mark, Mark.id == Complaint.mark_id).where(*in_window)).all()
    hashes = _evidence_hashes(session, in_window)
    return [ComplaintRecord(
        complaint_id=cid, filed_at=received_at, reason=reason, mark_key=f"{office}:{number}",
        seller_ids=frozenset(sellers.get(cid, ())),
        evidence_hashes=frozenset(hashes.get(cid, ())),
        withdrawn=status == ComplaintStatus.WITHDRAWN,
        failed_verification=lane == Lane.REJECTED,
    ) for cid, received_at, reason, status, lane, office, number in rows]


def _evidence_hashes(session: Session, in_window) -> dict[str, set[str]]:
    """The complaint's own evidence files (not messages' or counter-notices'), by content."""
    from ipp.counter_notices.models import Attachment

    found: dict[str, set[str]] = defaultdict(set)
    for complaint_id, digest in session.execute(
            sa.select(Attachment.complaint_id, Attachment.sha256)
            .join(Complaint, Complaint.id == Attachment.complaint_id)
            .where(*in_window, Attachment.message_id.is_(None),
                   Attachment.counter_notice_id.is_(None))):
        found[complaint_id].add(digest)
    return found
