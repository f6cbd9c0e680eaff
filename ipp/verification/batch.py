"""verify_refs for a whole filing in a handful of queries: the same facts and the same pure
checks as ipp.verification.queries.verify_refs, gathered for all listings at once instead of
three queries per listing (a 300-listing complaint spent most of its time there)."""

from datetime import date
from urllib.parse import urlparse

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Organisation
from ipp.complaints.models import Complaint, ComplaintListing
from ipp.complaints.states import OPEN_STATUSES, ListingAction
from ipp.listings.models import Listing, Seller
from ipp.marks.models import Mark
from ipp.verification.checks import ListingVerdict, verify_listing
from ipp.verification.matching import match_mark
from ipp.verification.queries import authorised_sellers, entitlement, listing_facts, mark_facts

# Bound parameters per IN (...): well under SQLite's and PostgreSQL's limits.
CHUNK = 900


def _chunks(values: list) -> list[list]:
    return [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]


def _last_segment(ref: str) -> str:
    path = urlparse(ref).path.rstrip("/")
    return path.rsplit("/", 1)[-1] if path else ""


def resolve_listings(session: Session, refs: tuple[str, ...]) -> dict[str, Listing]:
    """ipp.listings.queries.resolve_listing for every ref at once (stripped ref → listing):
    an id, else an exact URL, else a URL whose last path segment is the id."""
    wanted = {ref.strip() for ref in refs} - {""}
    by_external: dict[str, Listing] = {}
    for part in _chunks(sorted(wanted)):
        for listing in session.exec(select(Listing).where(Listing.external_id.in_(part))):
            by_external[listing.external_id] = listing
    found = {ref: by_external[ref] for ref in wanted if ref in by_external}
    urls = sorted(ref for ref in wanted - found.keys() if "/" in ref)
    by_url: dict[str, Listing] = {}
    for part in _chunks(urls):
        for listing in session.exec(select(Listing).where(Listing.url.in_(part))
                                    .order_by(Listing.id)):
            by_url.setdefault(listing.url, listing)
    found |= {ref: by_url[ref] for ref in urls if ref in by_url}
    segments = {ref: _last_segment(ref) for ref in urls if ref not in found}
    missing = sorted({s for s in segments.values() if s} - by_external.keys())
    for part in _chunks(missing):
        for listing in session.exec(select(Listing).where(Listing.external_id.in_(part))):
            by_external[listing.external_id] = listing
    found |= {ref: by_external[s] for ref, s in segments.items() if s in by_external}
    return found


def open_duplicates(session: Session, *, listing_ids: list[int], mark_id: int) -> dict[int, str]:
    """listing id → an open complaint about it and this mark with the listing still pending."""
    duplicates: dict[int, str] = {}
    for part in _chunks(sorted(set(listing_ids))):
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


def verify_refs_batched(session: Session, *, mark: Mark, principal: Organisation,
                        filer_org_id: int, refs: tuple[str, ...], today: date
                        ) -> list[tuple[str, Listing | None, ListingVerdict]]:
    """What verify_refs returns, in the order of `refs`, with every check run per listing."""
    facts = mark_facts(mark)
    entitled = entitlement(session, mark=mark, principal=principal, filer_org_id=filer_org_id,
                           on=today)
    whitelist = authorised_sellers(session, principal.id)
    listings = resolve_listings(session, refs)
    seller_ids = sorted({listing.seller_id for listing in listings.values()})
    sellers: dict[int, Seller] = {}
    for part in _chunks(seller_ids):
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
