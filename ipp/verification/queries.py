"""Gathers the facts the pure checks need from the database, and runs them."""

from datetime import date

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Organisation
from ipp.accounts.queries import live_authorisations
from ipp.complaints.models import Complaint, ComplaintListing
from ipp.complaints.states import OPEN_STATUSES, ListingAction
from ipp.listings.models import Listing, Seller
from ipp.listings.queries import resolve_listing
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


def open_duplicate(session: Session, *, listing_id: int, mark_id: int) -> str | None:
    return session.exec(
        select(Complaint.id).join(ComplaintListing, ComplaintListing.complaint_id == Complaint.id)
        .where(ComplaintListing.listing_id == listing_id, Complaint.mark_id == mark_id,
               Complaint.status.in_([s.value for s in OPEN_STATUSES]),
               ComplaintListing.action == ListingAction.PENDING)
    ).first()


def authorised_sellers(session: Session, principal_org_id: int) -> frozenset[str]:
    return seller_ids_of(session, principal_org_id)


def verify_refs(session: Session, *, mark: Mark, principal: Organisation, filer_org_id: int,
                refs: tuple[str, ...], today: date
                ) -> list[tuple[str, Listing | None, ListingVerdict]]:
    facts = mark_facts(mark)
    entitled = entitlement(session, mark=mark, principal=principal, filer_org_id=filer_org_id,
                           on=today)
    whitelist = authorised_sellers(session, principal.id)
    results = []
    for ref in refs:
        listing = resolve_listing(session, ref)
        seller = session.get(Seller, listing.seller_id) if listing else None
        duplicate = open_duplicate(session, listing_id=listing.id, mark_id=mark.id) \
            if listing else None
        verdict = verify_listing(
            mark=facts, entitlement=entitled,
            listing=listing_facts(listing, seller) if listing else None, ref=ref,
            authorised_sellers=whitelist, duplicate_of=duplicate, today=today,
            find_mentions=match_mark,
        )
        results.append((ref, listing, verdict))
    return results
