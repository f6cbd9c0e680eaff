"""Reads for a seller's standing and restriction, scoped to who may see it, and its JSON shape."""

from flask_babel import gettext as _
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Role, User
from ipp.audit import AuditEntry
from ipp.clock import iso
from ipp.counter_notices.models import CounterNotice, CounterNoticeStatus
from ipp.listings.models import Listing, Seller
from ipp.reputation.messages import render
from ipp.reputation.models import SellerStanding
from ipp.reputation.restriction import RESTRICTION_REASON
from ipp.reputation.strikes import (
    REPEAT_INFRINGER_RESTRICT_STRIKES,
    STRIKE_LEVEL_LABELS,
    STRIKE_WINDOW_DAYS,
)

HELD_LIMIT = 200


def visible_seller(session: Session, user: User, external_id: str) -> Seller | None:
    """Reviewers and admins see every seller; a seller only its own account."""
    seller = session.exec(select(Seller).where(Seller.external_id == external_id)).first()
    if seller is None:
        return None
    if user.role in (Role.ADMIN, Role.REVIEWER):
        return seller
    if user.role == Role.SELLER and seller.org_id is not None and seller.org_id == user.org_id:
        return seller
    return None


def held_listings(session: Session, seller: Seller) -> list[Listing]:
    return list(session.exec(select(Listing).where(Listing.seller_id == seller.id,
                                                   Listing.held_at.is_not(None))
                             .order_by(Listing.held_at, Listing.id).limit(HELD_LIMIT)).all())


def held_counter_notices(session: Session, seller: Seller) -> list[CounterNotice]:
    """Still open after the sweep kept them from lapsing because the seller is restricted."""
    held = select(AuditEntry.entity_id).where(AuditEntry.entity == "counter_notice",
                                              AuditEntry.action == "held")
    return list(session.exec(
        select(CounterNotice).join(Listing, Listing.id == CounterNotice.listing_id)
        .where(Listing.seller_id == seller.id, CounterNotice.status == CounterNoticeStatus.OPEN,
               CounterNotice.id.in_(held)).order_by(CounterNotice.respond_by)).all())


def linked_accounts(session: Session, standing: SellerStanding | None, seller: Seller) -> list[str]:
    if standing is None:
        return []
    return list(session.exec(
        select(Seller.external_id).join(SellerStanding, SellerStanding.seller_id == Seller.id)
        .where(SellerStanding.group_id == standing.group_id, Seller.id != seller.id)
        .order_by(Seller.external_id)).all())


def restriction_reason(standing: SellerStanding | None) -> str | None:
    if standing is None or standing.restricted_at is None:
        return None
    return render([RESTRICTION_REASON, {"strikes": standing.restricted_strikes or 0,
                                        "days": STRIKE_WINDOW_DAYS,
                                        "threshold": REPEAT_INFRINGER_RESTRICT_STRIKES}])


def seller_json(session: Session, seller: Seller, *, now, show_linked: bool) -> dict:
    """Linked accounts are named only to staff: they belong to other accounts."""
    standing = session.get(SellerStanding, seller.id)
    level = standing.level if standing else "none"
    label = STRIKE_LEVEL_LABELS.get(level)
    return {
        "seller_id": seller.external_id,
        "strikes": standing.strikes if standing else 0,
        "group_strikes": standing.group_strikes if standing else 0,
        "level": level,
        "level_label": _(label) if label else level,
        "window_days": STRIKE_WINDOW_DAYS,
        "restricted": bool(standing and standing.restricted),
        "restriction": None if standing is None or standing.restricted_at is None else {
            "started_at": iso(standing.restricted_at),
            "strikes": standing.restricted_strikes,
            "reason": restriction_reason(standing),
            "lifted_at": iso(standing.lifted_at),
            "lift_reason": standing.lift_reason,
        },
        "linked_accounts": linked_accounts(session, standing, seller) if show_linked else None,
        "held_listings": [{"listing_id": lst.external_id, "held_at": iso(lst.held_at),
                           "reason": render(lst.hold_reason)}
                          for lst in held_listings(session, seller)],
        "held_counter_notices": [n.id for n in held_counter_notices(session, seller)],
    }


def own_accounts(session: Session, org_id: int | None) -> list[dict]:
    """The seller organisation's accounts that carry strikes: what a seller sees of its standing.

    Linked accounts are not named (they may belong to someone else's organisation).
    """
    if org_id is None:
        return []
    rows = session.exec(select(Seller, SellerStanding)
                        .join(SellerStanding, SellerStanding.seller_id == Seller.id)
                        .where(Seller.org_id == org_id,
                               (SellerStanding.group_strikes > 0) | SellerStanding.restricted)
                        .order_by(Seller.external_id)).all()
    return [{"seller": seller, "standing": standing, "reason": restriction_reason(standing),
             "held": held_listings(session, seller) if standing.restricted else []}
            for seller, standing in rows]
