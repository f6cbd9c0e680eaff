"""Reads for reputation: the admin overview, override history, audit sample, reviewer panel."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Organisation, OrgKind
from ipp.audit import AuditEntry
from ipp.complaints.models import Complaint, ComplaintListing
from ipp.listings.models import Listing, Seller
from ipp.reputation.models import FastLaneAudit, OrgReputation, SellerStanding
from ipp.reputation.signals import SIGNAL_LABELS
from ipp.reputation.strikes import (
    REPEAT_INFRINGER_FLAG_STRIKES,
    REPEAT_INFRINGER_RESTRICT_STRIKES,
    STRIKE_WINDOW_DAYS,
)
from ipp.reputation.tiers import TIER_LABELS

LINKED_LIMIT = 10  # linked accounts named per seller on the reviewer's page


def overview(session: Session) -> list[tuple[Organisation, OrgReputation | None]]:
    """Every rights holder with its stored reputation (admins only: callers check the role)."""
    return list(session.execute(
        sa.select(Organisation, OrgReputation)
        .outerjoin(OrgReputation, OrgReputation.org_id == Organisation.id)
        .where(Organisation.kind == OrgKind.RIGHTS_HOLDER).order_by(Organisation.name)).all())


def rights_holder(session: Session, org_id: int) -> Organisation | None:
    org = session.get(Organisation, org_id)
    return org if org is not None and org.kind == OrgKind.RIGHTS_HOLDER else None


def history(session: Session, org_id: int, limit: int = 50) -> list[AuditEntry]:
    """Tier changes and overrides of one organisation, newest first."""
    return list(session.exec(
        select(AuditEntry).where(AuditEntry.entity == "org_reputation",
                                 AuditEntry.entity_id == str(org_id))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)).all())


def audit_sample(session: Session, limit: int = 200):
    """Sampled fast-lane complaints, unchecked first: (audit, complaint, organisation)."""
    return list(session.execute(
        sa.select(FastLaneAudit, Complaint, Organisation)
        .join(Complaint, Complaint.id == FastLaneAudit.complaint_id)
        .join(Organisation, Organisation.id == FastLaneAudit.org_id)
        .order_by(FastLaneAudit.checked_at.is_not(None), FastLaneAudit.sampled_at.desc())
        .limit(limit)).all())


def _sellers(session: Session, complaint: Complaint) -> list[dict]:
    rows = session.execute(
        sa.select(Seller.id, Seller.external_id, SellerStanding).distinct()
        .join(Listing, Listing.seller_id == Seller.id)
        .join(ComplaintListing, ComplaintListing.listing_id == Listing.id)
        .outerjoin(SellerStanding, SellerStanding.seller_id == Seller.id)
        .where(ComplaintListing.complaint_id == complaint.id).order_by(Seller.external_id)).all()
    found = []
    for seller_pk, external_id, standing in rows:
        linked = []
        if standing is not None:
            linked = list(session.execute(
                sa.select(Seller.external_id).join(SellerStanding,
                                                   SellerStanding.seller_id == Seller.id)
                .where(SellerStanding.group_id == standing.group_id, Seller.id != seller_pk)
                .order_by(Seller.external_id).limit(LINKED_LIMIT)).scalars())
        found.append({"seller_id": external_id,
                      "strikes": standing.strikes if standing else 0,
                      "group_strikes": standing.group_strikes if standing else 0,
                      "level": standing.level if standing else "none", "linked": linked})
    return found


def reviewer_panel_context(session: Session, complaint: Complaint, now: datetime) -> dict:
    """What `reputation/_reviewer_panel.html` needs, as the `panel` variable."""
    reputation = session.get(OrgReputation, complaint.principal_org_id)
    tier = reputation.tier if reputation else "standard"
    override_active = bool(reputation and reputation.overridden and (
        reputation.override_expires_on is None or now.date() < reputation.override_expires_on))
    return {
        "tier": tier,
        "tier_label": TIER_LABELS.get(tier, tier),
        "watch": tier == "watch",
        "reputation": reputation,
        "override_active": override_active,
        "signals": [{**s, "label": SIGNAL_LABELS.get(s["code"], s["code"])}
                    for s in (reputation.signals if reputation else [])],
        "sellers": _sellers(session, complaint),
        "audit_sample": session.get(FastLaneAudit, complaint.id) is not None,
        "flag_strikes": REPEAT_INFRINGER_FLAG_STRIKES,
        "restrict_strikes": REPEAT_INFRINGER_RESTRICT_STRIKES,
        "strike_days": STRIKE_WINDOW_DAYS,
    }
