"""Writes sellers' strikes: per account and per linked group, so strikes follow the person."""

from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp import audit
from ipp.complaints.models import ComplaintListing
from ipp.complaints.states import ListingAction
from ipp.listings.models import Listing, Seller
from ipp.reputation.models import SellerStanding
from ipp.reputation.restriction import iso_or_none, last_strike_at, restriction_change
from ipp.reputation.scoring import ListingOutcome
from ipp.reputation.strikes import (
    STRIKE_WINDOW_DAYS,
    SellerIdentity,
    group_linked_sellers,
    seller_strikes,
    strike_level,
    strikes_by_group,
)


def linked_groups(session: Session) -> dict[int, str]:
    """seller pk -> group id (external id) for every seller that gave any identity."""
    sellers = session.exec(select(Seller).where(sa.or_(
        Seller.payee.is_not(None), Seller.address.is_not(None), Seller.contact.is_not(None)))).all()
    by_external = {s.external_id: s.id for s in sellers}
    groups = group_linked_sellers(
        SellerIdentity(s.external_id, s.payee, s.address, s.contact) for s in sellers)
    return {by_external[ext]: group for ext, group in groups.items()}


def _sellers_with_history(session: Session, now: datetime) -> set[int]:
    start = now - timedelta(days=STRIKE_WINDOW_DAYS)
    found = session.exec(
        select(Listing.seller_id).distinct()
        .join(ComplaintListing, ComplaintListing.listing_id == Listing.id)
        .where(ComplaintListing.action.in_([ListingAction.TAKEN_DOWN, ListingAction.REINSTATED]),
               ComplaintListing.decided_at > start, ComplaintListing.decided_at <= now)).all()
    return set(found) | set(session.exec(select(SellerStanding.seller_id)).all())


def _outcomes(session: Session, seller_pks: set[int], now: datetime) -> list[ListingOutcome]:
    start = now - timedelta(days=STRIKE_WINDOW_DAYS)
    rows = session.execute(
        sa.select(ComplaintListing.complaint_id, ComplaintListing.action,
                  ComplaintListing.decided_at, Listing.external_id, Listing.seller_id)
        .join(Listing, Listing.id == ComplaintListing.listing_id)
        .where(Listing.seller_id.in_(sorted(seller_pks)),
               ComplaintListing.action.in_([ListingAction.TAKEN_DOWN, ListingAction.REINSTATED]),
               ComplaintListing.decided_at > start, ComplaintListing.decided_at <= now)).all()
    return [ListingOutcome(complaint_id=cid, listing_id=lid, seller_id=str(spk), reason="",
                           decided_at=at, outcome=action)
            for cid, action, at, lid, spk in rows]


def recompute_strikes(session: Session, *, now: datetime,
                      seller_ids: Iterable[int] | None = None) -> int:
    """Strikes of these sellers (all with history when None) and of everyone linked to them."""
    linked = linked_groups(session)
    targets = _sellers_with_history(session, now) if seller_ids is None else set(seller_ids)
    if not targets:
        return 0
    groups = {linked[s] for s in targets if s in linked}
    members = targets | {s for s, g in linked.items() if g in groups}
    externals = dict(session.execute(
        sa.select(Seller.id, Seller.external_id).where(Seller.id.in_(sorted(members)))).all())
    group_of = {s: linked.get(s, externals.get(s, str(s))) for s in members}
    outcomes = _outcomes(session, members, now)
    per_group = strikes_by_group(outcomes, {str(s): g for s, g in group_of.items()}, now=now)
    latest = {g: last_strike_at([o for o in outcomes if group_of[int(o.seller_id)] == g], now=now)
              for g in set(group_of.values())}
    from ipp.reputation.restrictions import group_lifted_at

    lifted = group_lifted_at(session, set(group_of.values()))
    for seller_pk in members:
        own = seller_strikes([o for o in outcomes if o.seller_id == str(seller_pk)], now=now)
        group = group_of[seller_pk]
        _store(session, seller_pk, group, own, per_group.get(group, 0), now)
        _enforce(session, session.get(SellerStanding, seller_pk), latest[group], lifted.get(group),
                 now)
    session.flush()
    return len(members)


def _store(session: Session, seller_pk: int, group: str, own: int, group_strikes: int,
           now: datetime) -> None:
    row = session.get(SellerStanding, seller_pk)
    if row is None:
        row = SellerStanding(seller_id=seller_pk, group_id=group, computed_at=now)
        session.add(row)
    before = row.level
    # The level follows the group: a new account of a repeat infringer starts flagged.
    level = str(strike_level(group_strikes))
    row.group_id, row.strikes, row.group_strikes = group, own, group_strikes
    row.level, row.computed_at = level, now
    if level != before:
        audit.record(session, actor_id=None, entity="seller", entity_id=seller_pk,
                     action="strike_level", before={"level": before},
                     after={"level": level, "strikes": group_strikes}, now=now)


def _enforce(session: Session, row: SellerStanding, latest: datetime | None,
             group_lifted: datetime | None, now: datetime) -> None:
    """Starts or ends the restriction; a lift holds for the whole group (see `restrictions.lift`)."""
    row.last_strike_at = latest
    if group_lifted is not None and (row.lifted_at is None or row.lifted_at < group_lifted):
        row.lifted_at = group_lifted
    change = restriction_change(row.restricted, row.group_strikes, latest, row.lifted_at)
    row.restricted = change.restricted
    if change.started:
        row.restricted_at, row.restricted_strikes = now, row.group_strikes
        audit.record(session, actor_id=None, entity="seller", entity_id=row.seller_id,
                     action="restricted", after={"strikes": row.group_strikes,
                                                 "group": row.group_id}, now=now)
    elif change.ended:
        audit.record(session, actor_id=None, entity="seller", entity_id=row.seller_id,
                     action="restriction_ended", before={"restricted_at": iso_or_none(row.restricted_at)},
                     after={"strikes": row.group_strikes}, now=now)
