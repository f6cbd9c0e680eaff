"""Reads for the platform dashboard (reviewers, admins): handling, volumes, infringers, tiers."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ipp.complaints.models import Complaint, ComplaintListing
from ipp.listings.models import Listing, Seller
from ipp.reports.figures import handling_summary
from ipp.reputation.models import OrgReputation


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime

    @classmethod
    def of(cls, from_date: date, to_date: date) -> "Period":
        return cls(datetime.combine(from_date, time(), UTC),
                   datetime.combine(to_date + timedelta(days=1), time(), UTC))


def handling(session: Session, period: Period, *, now: datetime) -> dict:
    decided = session.execute(sa.select(Complaint.received_at, Complaint.decided_at,
                                        Complaint.due_at).where(
        Complaint.decided_at >= period.start, Complaint.decided_at < period.end)).all()
    hours = [(d - r).total_seconds() / 3600 for r, d, _due in decided]
    breached = sum(1 for _r, d, due in decided if d > due)
    open_past_due = session.execute(sa.select(sa.func.count()).select_from(Complaint).where(
        Complaint.decided_at.is_(None), Complaint.status.not_in(["withdrawn", "decided"]),
        Complaint.due_at < min(now, period.end), Complaint.due_at >= period.start)).scalar_one()
    return handling_summary(hours, breached, open_past_due)


def _grouped(session: Session, column, period: Period) -> list[tuple[str, int]]:
    query = (sa.select(column, sa.func.count()).select_from(ComplaintListing)
             .join(Complaint, Complaint.id == ComplaintListing.complaint_id)
             .where(Complaint.received_at >= period.start, Complaint.received_at < period.end)
             .group_by(column).order_by(sa.func.count().desc()))
    return [(code, n) for code, n in session.execute(query)]


def volumes(session: Session, period: Period) -> dict[str, list[tuple[str, int]]]:
    """Listings named in complaints filed in the period, by lane, reason and outcome."""
    return {"lane": _grouped(session, Complaint.lane, period),
            "reason": _grouped(session, Complaint.reason, period),
            "outcome": _grouped(session, ComplaintListing.action, period)}


def repeat_infringers(session: Session, period: Period, *, limit: int = 10):
    """Sellers by listings taken down (upheld) in the period, most first."""
    query = (sa.select(Seller.external_id, sa.func.count()).select_from(ComplaintListing)
             .join(Listing, Listing.id == ComplaintListing.listing_id)
             .join(Seller, Seller.id == Listing.seller_id)
             .where(ComplaintListing.action == "taken_down",
                    ComplaintListing.decided_at >= period.start,
                    ComplaintListing.decided_at < period.end)
             .group_by(Seller.external_id)
             .order_by(sa.func.count().desc(), Seller.external_id).limit(limit))
    return [(seller, n) for seller, n in session.execute(query)]


def complainants_by_tier(session: Session) -> list[tuple[str, int]]:
    query = (sa.select(OrgReputation.tier, sa.func.count()).group_by(OrgReputation.tier)
             .order_by(sa.func.count().desc()))
    return [(tier, n) for tier, n in session.execute(query)]


def scan_hits(session: Session, period: Period) -> dict | None:
    """Proactive scan hits found in the period and how many of those listings are now removed;
    None where the scan's table is not there (it belongs to the verification domain)."""
    if not sa.inspect(session.get_bind()).has_table("suspected_listing"):
        return None
    row = session.execute(sa.text(
        "SELECT COUNT(*), SUM(CASE WHEN l.status = 'removed' THEN 1 ELSE 0 END) "
        "FROM suspected_listing s JOIN listing l ON l.id = s.listing_id "
        "WHERE s.found_at >= :start AND s.found_at < :end"),
        {"start": period.start, "end": period.end}).one()
    return {"hits": row[0] or 0, "removed": row[1] or 0}


def platform_figures(session: Session, period: Period, *, now: datetime) -> dict:
    return {"handling": handling(session, period, now=now), "volumes": volumes(session, period),
            "infringers": repeat_infringers(session, period),
            "tiers": complainants_by_tier(session), "scan": scan_hits(session, period)}
