"""Suspected listings: the proactive scan's hits, and what rights holders do with them."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp import audit
from ipp.accounts.models import Role, User
from ipp.complaints import operations as complaint_ops
from ipp.complaints.models import Complaint
from ipp.complaints.usable_marks import usable_marks
from ipp.complaints.validation import MAX_LISTINGS, parse_filing
from ipp.i18n.markers import N_
from ipp.listings.models import Listing, ListingStatus, Seller
from ipp.marks.models import Mark
from ipp.verification.index import live_index
from ipp.verification.models import AuthorisedReseller, SuspectedListing, SuspectStatus
from ipp.verification.scan import _best_per_mark


@dataclass(frozen=True)
class SuspectRow:
    suspect: SuspectedListing
    listing: Listing
    mark: Mark
    owner: str


def scan_and_record(session: Session, listing_ids: list[int], *, now: datetime) -> int:
    """Scan the listings against every registered mark; new hits are stored as `new`, earlier
    `new` hits are refreshed or dropped when the listing no longer names the mark. Returns the
    number of hits."""
    index, owners = live_index(session)
    rows = session.exec(select(Listing, Seller.external_id)
                        .join(Seller, Seller.id == Listing.seller_id)
                        .where(Listing.id.in_(listing_ids))).all()
    resellers = defaultdict(set)
    for org_id, seller in session.exec(select(AuthorisedReseller.org_id,
                                              AuthorisedReseller.seller_external_id)):
        resellers[org_id].add(seller)
    hits = 0
    for listing, seller in rows:
        found = []
        if listing.status == ListingStatus.ACTIVE and len(index):
            fields = {"title": listing.title or "", "description": listing.description or ""}
            found = [m for m in _best_per_mark(index.find_in_fields(fields))
                     if seller not in resellers[owners.get(m.mark_key)]]
        hits += len(found)
        _store(session, listing.id, found, now=now)
    session.flush()
    return hits


def _store(session: Session, listing_id: int, found: list, *, now: datetime) -> None:
    existing = {s.mark_id: s for s in session.exec(
        select(SuspectedListing).where(SuspectedListing.listing_id == listing_id))}
    for match in found:
        row = existing.pop(match.mark_key, None)
        if row is None:
            row = SuspectedListing(listing_id=listing_id, mark_id=match.mark_key, found_at=now)
            session.add(row)
        elif row.status != SuspectStatus.NEW:
            continue  # a person already dismissed or filed it
        row.matched, row.kind, row.field = match.matched[:2000], match.kind, match.field
        row.span, row.explanation = list(match.span), match.explanation[:1000]
        row.certain = match.certain
    for row in existing.values():
        if row.status == SuspectStatus.NEW:
            session.delete(row)


def suspects_of(session: Session, user: User, *, today: date, mark_id: int | None = None,
                status: str = SuspectStatus.NEW, ids: list[int] | None = None,
                limit: int = 500) -> list[SuspectRow]:
    """Suspected listings of the marks the user may act for (own, or its principals')."""
    marks = {m.id: (m, owner) for m, owner in usable_marks(session, user, today=today)}
    wanted = [mark_id] if mark_id is not None else list(marks)
    wanted = [m for m in wanted if m in marks]
    if not wanted:
        return []
    query = (select(SuspectedListing, Listing)
             .join(Listing, Listing.id == SuspectedListing.listing_id)
             .where(SuspectedListing.mark_id.in_(wanted)))
    if ids is not None:
        query = query.where(SuspectedListing.id.in_(ids or [-1]))
    else:
        query = query.where(SuspectedListing.status == status)
    query = query.order_by(SuspectedListing.found_at.desc(), SuspectedListing.id.desc())
    return [SuspectRow(s, listing, *marks[s.mark_id])
            for s, listing in session.exec(query.limit(limit))]


def _chosen(session: Session, user: User, ids: list[int], *, today: date) -> list[SuspectRow]:
    rows = suspects_of(session, user, today=today, ids=ids, limit=len(ids) or 1)
    if not ids or len(rows) != len(set(ids)):
        raise complaint_ops.Refused(404, N_("Not found."))  # unknown or another org's: say nothing
    if any(r.suspect.status != SuspectStatus.NEW for r in rows):
        raise complaint_ops.Refused(409, N_("This conflicts with the current state."))
    return rows


def dismiss(session: Session, *, actor: User, ids: list[int], now: datetime) -> int:
    rows = _chosen(session, actor, ids, today=now.date())
    for row in rows:
        _set_status(session, row.suspect, SuspectStatus.DISMISSED, actor=actor, now=now)
    session.flush()
    return len(rows)


def _set_status(session, suspect, status, *, actor, now, complaint_id=None) -> None:
    audit.record(session, actor_id=actor.id, entity="suspected_listing", entity_id=suspect.id,
                 action="status", before={"status": suspect.status},
                 after={"status": str(status), "complaint": complaint_id}, now=now)
    suspect.status, suspect.status_by_id, suspect.status_at = status, actor.id, now
    suspect.complaint_id = complaint_id


def file_suspects(session: Session, *, actor: User, ids: list[int], reason: str,
                  description: str, declaration: bool, order_number: str | None,
                  language: str, now: datetime) -> list[Complaint]:
    """One complaint per mark (up to 300 listings each) through the ordinary filing path."""
    rows = _chosen(session, actor, ids, today=now.date())
    by_mark: dict[int, list[SuspectRow]] = defaultdict(list)
    for row in rows:
        by_mark[row.mark.id].append(row)
    complaints = []
    for group in by_mark.values():
        for start in range(0, len(group), MAX_LISTINGS):
            chunk = group[start:start + MAX_LISTINGS]
            mark = chunk[0].mark
            filing = parse_filing({
                "mark": {"office": mark.office, "number": mark.number},
                "listings": [r.listing.external_id for r in chunk], "reason": reason,
                "description": description, "declaration": declaration,
                "order_number": order_number,
                "on_behalf_of": chunk[0].owner if actor.role == Role.AGENT else None,
            }, is_agent=actor.role == Role.AGENT)
            complaint = complaint_ops.file_complaint(session, actor=actor, filing=filing,
                                                     language=language, now=now)
            for row in chunk:
                _set_status(session, row.suspect, SuspectStatus.FILED, actor=actor, now=now,
                            complaint_id=complaint.id)
            complaints.append(complaint)
    session.flush()
    return complaints
