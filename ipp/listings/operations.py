"""Writes for listings and sellers: the JSONL import (upsert by listing id)."""

from datetime import datetime

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp import audit
from ipp.clock import parse_utc
from ipp.importing import LineError, nice_class_list, require_str
from ipp.listings.models import Listing, ListingStatus, Seller
from ipp.reputation.restrictions import hold_if_restricted

_FIELDS = ("url", "title", "description", "seller_id", "category", "nice_classes", "market",
           "price", "currency", "status", "published_at")


def get_or_create_seller(session: Session, external_id: str, *, now: datetime) -> Seller:
    seller = session.exec(select(Seller).where(Seller.external_id == external_id)).first()
    if seller is None:
        seller = Seller(external_id=external_id, created_at=now)
        session.add(seller)
        session.flush()
    return seller


def parse_listing(obj: dict) -> dict:
    status = require_str(obj, "status", max_len=20)
    if status not in set(ListingStatus):
        raise LineError(f"status: one of {', '.join(ListingStatus)}")
    price = obj.get("price")
    if price is not None and (isinstance(price, bool) or not isinstance(price, (int, float))):
        raise LineError("price: must be a number")
    published = obj.get("published_at")
    try:
        published_at = parse_utc(published) if published else None
    except (TypeError, ValueError):
        raise LineError(f"published_at: not an ISO time: {published!r}") from None
    market = require_str(obj, "market", max_len=8, optional=True)
    currency = require_str(obj, "currency", max_len=8, optional=True)
    return {
        "external_id": require_str(obj, "id", max_len=200),
        "url": require_str(obj, "url", max_len=2000, optional=True),
        "title": require_str(obj, "title", max_len=2000),
        "description": require_str(obj, "description", max_len=100_000, optional=True) or "",
        "seller": require_str(obj, "seller", max_len=200),
        "category": require_str(obj, "category", max_len=300, optional=True) or "",
        "nice_classes": nice_class_list(obj, "nice_classes", optional=True),
        "market": market.upper() if market else None,
        "price": float(price) if price is not None else None,
        "currency": currency.upper() if currency else None,
        "status": status,
        "published_at": published_at,
        "seller_identity": _seller_identity(obj),
    }


_SELLER_IDENTITY = {"seller_payee": ("payee", 200), "seller_address": ("address", 500),
                    "seller_contact": ("contact", 200)}


def _seller_identity(obj: dict) -> dict[str, str]:
    """Only the keys present: a line without them leaves what an earlier line said."""
    return {column: require_str(obj, key, max_len=max_len, optional=True)
            for key, (column, max_len) in _SELLER_IDENTITY.items() if key in obj}


def upsert_listing(session: Session, obj: dict, *, now: datetime,
                   touched: list[int] | None = None) -> str:
    """`touched` collects the ids of created and updated listings (for the proactive scan)."""
    values = parse_listing(obj)
    seller = get_or_create_seller(session, values.pop("seller"), now=now)
    for column, value in values.pop("seller_identity").items():
        setattr(seller, column, value)
    values["seller_id"] = seller.id
    listing = session.exec(select(Listing).where(Listing.external_id == values["external_id"])).first()
    if listing is None:
        listing = Listing(**values, created_at=now, updated_at=now)
        session.add(listing)
        session.flush()
        hold_if_restricted(session, listing, seller, now=now)
        if touched is not None:
            touched.append(listing.id)
        return "created"
    before = {key: getattr(listing, key) for key in _FIELDS}
    for key in _FIELDS:
        setattr(listing, key, values[key])
    if {key: getattr(listing, key) for key in _FIELDS} == before:
        return "unchanged"
    listing.updated_at = now
    hold_if_restricted(session, listing, seller, now=now)
    if touched is not None:
        touched.append(listing.id)
    if before["status"] != listing.status:
        audit.record(session, actor_id=None, entity="listing", entity_id=listing.external_id,
                     action="import_status", before={"status": before["status"]},
                     after={"status": listing.status}, now=now)
    return "updated"
