"""Gathers the facts the pure checks need from the database, and runs them."""

from datetime import date

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Organisation
from ipp.accounts.queries import live_authorisations
from ipp.complaints.models import Complaint, ComplaintListing
from ipp.complaints.states import OPEN_STATUSES, ListingAction
from ipp.listings.models import Listing, Seller
from ipp.listings.queries import in_chunks, resolve_listings
from ipp.marks.models import OFFICE_TERRITORIES, Mark
from ipp.verification.checks import (
    Entitlement,
    ListingFacts,
    ListingVerdict,
    MarkFacts,
    verify_listing,
)
from ipp.verification.matching import match_mark
from ipp.verification.resellers import seller_ids_of


def mark_facts(mark: Mark) -> MarkFacts:
    return MarkFacts(office=mark.office, number=mark.number, text=mark.text,
                     aliases=tuple(mark.aliases or ()), nice_classes=tuple(mark.nice_classes or ()),
                     territories=tuple(mark.territories or OFFICE_TERRITORIES.get(mark.office, [])),
                     status=mark.status, expires_on=mark.expires_on)


def listing_facts(listing: Listing, seller: Seller) -> ListingFacts:
    return ListingFacts(external_id=listing.external_id, title=listing.title or "",
                        description=listing.description or "", category=listing.category or "",
                        nice_classes=listing.nice_classes, market=listing.market,
                        status=listing.status, seller=seller.external_id)


def entitlement(session: Session, *, mark: Mark, principal: Organisation, filer_org_id: int,
                on: date) -> Entitlement:
    if mark.owner_org_id != principal.id:
        return Entitlement(False, "none")
    if filer_org_id == principal.id:
        return Entitlement(True, "owner")
    for letter in live_authorisations(session, agent_org_id=filer_org_id, on=on):
        if letter.principal_org_id == principal.id and (letter.all_marks
                                                        or mark.id in letter.mark_ids):
            return Entitlement(True, "agent", principal.name)
    return Entitlement(False, "agent", principal.name)


def open_duplicates(session: Session, *, listing_ids: list[int], mark_id: int) -> dict[int, str]:
    """listing id → an open complaint about it and this mark with the listing still pending."""
    duplicates: dict[int, str] = {}
    for part in in_chunks(sorted(set(listing_ids))):
        rows = session.exec(
            select(ComplaintListing.listing_id, Complaint.id)
            .join(ComplaintListing, ComplaintListing.complaint_id == Complaint.id)
            .where(ComplaintListing.listing_id.in_(part), Complaint.mark_id == mark_id,
                   Complaint.status.in_([s.value for s in OPEN_STATUSES]),
                   ComplaintListing.action == ListingAction.PENDING)
            .order_by(Complaint.id))
        for listing_id, complaint_id in rows:
            duplicates.setdefault(listing_id, complaint_id)
    return duplicates


def authorised_sellers(session: Session, principal_org_id: int) -> frozenset[str]:
    return seller_ids_of(session, principal_org_id)


def verify_refs(session: Session, *, mark: Mark, principal: Organisation, filer_org_id: int,
                refs: tuple[str, ...], today: date
                ) -> list[tuple[str, Listing | None, ListingVerdict]]:
    """Every check for every ref, in the order of `refs`; the facts are gathered for all
    listings at once (a 300-listing filing spent most of its time on queries per listing)."""
    facts = mark_facts(mark)
    entitled = entitlement(session, mark=mark, principal=principal, filer_org_id=filer_org_id,
                           on=today)
    whitelist = authorised_sellers(session, principal.id)
    listings = resolve_listings(session, refs)
    sellers: dict[int, Seller] = {}
    for part in in_chunks(sorted({listing.seller_id for listing in listings.values()})):
        sellers |= {s.id: s for s in session.exec(select(Seller).where(Seller.id.in_(part)))}
    duplicates = open_duplicates(session, listing_ids=[x.id for x in listings.values()],
                                 mark_id=mark.id)
    results = []
    for ref in refs:
        listing = listings.get(ref.strip())
        verdict = verify_listing(
            mark=facts, entitlement=entitled,
            listing=listing_facts(listing, sellers[listing.seller_id]) if listing else None,
            ref=ref, authorised_sellers=whitelist,
            duplicate_of=duplicates.get(listing.id) if listing else None, today=today,
            find_mentions=match_mark,
        )
        results.append((ref, listing, verdict))
    return results
