"""Reads for listings: resolving what a filer typed (an id or a URL) to a listing."""

from urllib.parse import urlparse

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.listings.models import Listing, Seller


def resolve_listing(session: Session, ref: str) -> Listing | None:
    """An id, an exact URL, or a URL whose last path segment is the id (…/item/L2)."""
    ref = ref.strip()
    if not ref:
        return None
    listing = session.exec(select(Listing).where(Listing.external_id == ref)).first()
    if listing is not None or "/" not in ref:
        return listing
    listing = session.exec(select(Listing).where(Listing.url == ref)).first()
    if listing is not None:
        return listing
    path = urlparse(ref).path.rstrip("/")
    last = path.rsplit("/", 1)[-1] if path else ""
    if last:
        return session.exec(select(Listing).where(Listing.external_id == last)).first()
    return None


def seller_of(session: Session, listing: Listing) -> Seller:
    return session.get(Seller, listing.seller_id)
