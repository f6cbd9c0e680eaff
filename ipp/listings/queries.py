"""Reads for listings: resolving what a filer typed (an id or a URL) to a listing."""

from urllib.parse import urlparse

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.listings.models import Listing, Seller

# Bound parameters per IN (...): well under SQLite's and PostgreSQL's limits.
IN_CHUNK = 900


def in_chunks(values: list) -> list[list]:
    return [values[i:i + IN_CHUNK] for i in range(0, len(values), IN_CHUNK)]


def _last_segment(ref: str) -> str:
    path = urlparse(ref).path.rstrip("/")
    return path.rsplit("/", 1)[-1] if path else ""


def resolve_listings(session: Session, refs: tuple[str, ...]) -> dict[str, Listing]:
    """Stripped ref → listing, for every ref at once: an id, else an exact URL, else a URL
    whose last path segment is the id (…/item/L2)."""
    wanted = {ref.strip() for ref in refs} - {""}
    by_external: dict[str, Listing] = {}
    for part in in_chunks(sorted(wanted)):
        for listing in session.exec(select(Listing).where(Listing.external_id.in_(part))):
            by_external[listing.external_id] = listing
    found = {ref: by_external[ref] for ref in wanted if ref in by_external}
    urls = sorted(ref for ref in wanted - found.keys() if "/" in ref)
    by_url: dict[str, Listing] = {}
    for part in in_chunks(urls):
        for listing in session.exec(select(Listing).where(Listing.url.in_(part))
                                    .order_by(Listing.id)):
            by_url.setdefault(listing.url, listing)
    found |= {ref: by_url[ref] for ref in urls if ref in by_url}
    segments = {ref: _last_segment(ref) for ref in urls if ref not in found}
    missing = sorted({s for s in segments.values() if s} - by_external.keys())
    for part in in_chunks(missing):
        for listing in session.exec(select(Listing).where(Listing.external_id.in_(part))):
            by_external[listing.external_id] = listing
    found |= {ref: by_external[s] for ref, s in segments.items() if s in by_external}
    return found


def seller_of(session: Session, listing: Listing) -> Seller:
    return session.get(Seller, listing.seller_id)
