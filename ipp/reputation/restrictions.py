"""Writes that enforce a seller's restriction: holding listings back, the admin's lift, releases."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp import audit
from ipp.accounts.models import User
from ipp.listings.models import Listing, ListingStatus, Seller
from ipp.reputation.models import SellerStanding
from ipp.reputation.restriction import HOLD_REASON, iso_or_none
from ipp.reputation.strikes import SellerIdentity, group_linked_sellers


class NotRestricted(LookupError):
    """Nothing to lift: answered as 409."""


def restricted_sellers(session: Session) -> list[Seller]:
    return list(session.exec(select(Seller).join(SellerStanding, SellerStanding.seller_id == Seller.id)
                             .where(SellerStanding.restricted.is_(True))).all())


def _linked_to_restricted(session: Session, seller: Seller) -> bool:
    """A new account sharing a payee, address or contact with a restricted person."""
    if not (seller.payee or seller.address or seller.contact):
        return False
    restricted = [s for s in restricted_sellers(session) if s.id != seller.id]
    if not restricted:
        return False
    groups = group_linked_sellers(SellerIdentity(s.external_id, s.payee, s.address, s.contact)
                                  for s in [seller, *restricted])
    return any(groups[s.external_id] == groups[seller.external_id] for s in restricted)


def seller_restricted(session: Session, seller: Seller, *, now: datetime) -> bool:
    """Restricted itself, or newly linked to a restricted account (its standing is computed then)."""
    standing = session.get(SellerStanding, seller.id)
    if standing is not None and standing.restricted:
        return True
    if not _linked_to_restricted(session, seller):
        return False
    from ipp.reputation.standing import recompute_strikes

    recompute_strikes(session, now=now, seller_ids=[seller.id])
    standing = session.get(SellerStanding, seller.id)
    return standing is not None and standing.restricted


def hold_if_restricted(session: Session, listing: Listing, seller: Seller, *, now: datetime) -> bool:
    """A restricted seller's new or changed live listing that names a registered mark waits for review."""
    if listing.status != ListingStatus.ACTIVE or not seller_restricted(session, seller, now=now):
        return False
    from ipp.verification.index import live_index

    index, _owners = live_index(session)
    found = index.find_in_fields({"title": listing.title, "description": listing.description})
    if not found:
        return False
    listing.held_at = now
    listing.hold_reason = [HOLD_REASON, {"mark": found[0].term}]
    audit.record(session, actor_id=None, entity="listing", entity_id=listing.external_id,
                 action="held", after={"seller": seller.external_id, "mark": found[0].term}, now=now)
    return True


def group_standings(session: Session, seller_pk: int) -> list[SellerStanding]:
    """The seller's standing and those of every account linked to it."""
    own = session.get(SellerStanding, seller_pk)
    if own is None:
        return []
    return list(session.exec(select(SellerStanding).where(
        SellerStanding.group_id == own.group_id).order_by(SellerStanding.seller_id)).all())


def lift(session: Session, *, actor: User, seller_pk: int, reason: str,
         now: datetime) -> list[SellerStanding]:
    """Lifts the person's restriction (every linked account); it returns only with a new strike."""
    rows = group_standings(session, seller_pk)
    if not any(row.restricted for row in rows):
        raise NotRestricted(seller_pk)
    for row in rows:
        before = {"restricted": row.restricted, "restricted_at": iso_or_none(row.restricted_at),
                  "strikes": row.group_strikes}
        row.restricted = False
        row.lifted_at, row.lifted_by_id, row.lift_reason = now, actor.id, reason
        audit.record(session, actor_id=actor.id, entity="seller", entity_id=row.seller_id,
                     action="restriction_lifted", before=before,
                     after={"restricted": False, "reason": reason}, now=now)
    session.flush()
    return rows


def release(session: Session, *, actor: User, listing: Listing, now: datetime) -> None:
    """A reviewer let a held listing go live."""
    before = {"held_at": iso_or_none(listing.held_at)}
    listing.held_at, listing.hold_reason = None, None
    listing.updated_at = now
    audit.record(session, actor_id=actor.id, entity="listing", entity_id=listing.external_id,
                 action="released", before=before, after={"held_at": None}, now=now)
    session.flush()


def group_lifted_at(session: Session, group_ids: set[str]) -> dict[str, datetime]:
    """The latest lift per group, so an account that joins a lifted group is not restricted anew."""
    if not group_ids:
        return {}
    return dict(session.execute(
        sa.select(SellerStanding.group_id, sa.func.max(SellerStanding.lifted_at))
        .where(SellerStanding.group_id.in_(sorted(group_ids)), SellerStanding.lifted_at.is_not(None))
        .group_by(SellerStanding.group_id)).all())


def hold_counter_notices(session: Session, notices: list, *, now: datetime) -> list:
    """The notices that may lapse into a reinstatement; a restricted seller's wait for a reviewer.

    Each held notice is audited once, the first time the sweep keeps it open.
    """
    if not notices:
        return []
    restricted = set(session.exec(
        select(Listing.id).join(SellerStanding, SellerStanding.seller_id == Listing.seller_id)
        .where(Listing.id.in_(sorted({n.listing_id for n in notices})),
               SellerStanding.restricted.is_(True))).all())
    held = [n for n in notices if n.listing_id in restricted]
    if held:
        already = set(session.exec(select(audit.AuditEntry.entity_id).where(
            audit.AuditEntry.entity == "counter_notice", audit.AuditEntry.action == "held",
            audit.AuditEntry.entity_id.in_([n.id for n in held]))).all())
        for notice in held:
            if notice.id not in already:
                audit.record(session, actor_id=None, entity="counter_notice", entity_id=notice.id,
                             action="held", after={"reason": "seller_restricted"}, now=now)
    return [n for n in notices if n.listing_id not in restricted]
