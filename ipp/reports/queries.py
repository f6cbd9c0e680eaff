"""Reads for takedown reports: one row per listing named in a complaint, scoped to the caller."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Role, User
from ipp.accounts.queries import principals_of_agent
from ipp.complaints.models import Complaint, ComplaintListing
from ipp.listings.models import Listing, Seller
from ipp.marks.models import Mark
from ipp.reports.monthly import zone_of


@dataclass(frozen=True)
class ReportRow:
    complaint_id: str
    filed_at: datetime
    mark: str
    listing_id: str
    url: str
    seller: str
    reason: str
    outcome: str
    reason_code: str
    decided_at: datetime | None
    hours_to_decision: float | None
    lane: str


@dataclass(frozen=True)
class ReportFilter:
    """What a report holds: whose rows (fixed by the caller's role) and the chosen filters."""

    org_ids: list[int] = field(default_factory=list)
    from_date: date | None = None
    to_date: date | None = None
    mark_id: int | None = None
    reason: str | None = None
    outcome: str | None = None
    seller: str | None = None
    lane: str | None = None
    # The time zone from_date and to_date are days of (UTC when None), e.g. a monthly mail's
    # month on the subscriber's wall clock.
    zone: str | None = None


def _day_start(day: date, zone: str | None) -> datetime:
    if not zone:
        return datetime.combine(day, time(), UTC)
    return datetime.combine(day, time(), zone_of(zone)).astimezone(UTC)


def report_org_ids(session: Session, user: User, *, today: date) -> list[int]:
    if user.role == Role.RIGHTS_HOLDER and user.org_id:
        return [user.org_id]
    if user.role == Role.AGENT and user.org_id:
        from ipp.accounts.principal import chosen_principal_id

        ids = [o.id for o in principals_of_agent(session, agent_org_id=user.org_id, on=today)]
        chosen = chosen_principal_id()  # reports are per principal once the agent picks one
        return [chosen] if chosen in ids else ids
    return []


def _where(query, f: ReportFilter):
    query = query.where(Complaint.principal_org_id.in_(f.org_ids))
    if f.from_date:
        query = query.where(Complaint.received_at >= _day_start(f.from_date, f.zone))
    if f.to_date:
        query = query.where(Complaint.received_at < _day_start(f.to_date + timedelta(days=1),
                                                               f.zone))
    if f.mark_id:
        query = query.where(Complaint.mark_id == f.mark_id)
    if f.reason:
        query = query.where(Complaint.reason == f.reason)
    if f.outcome:
        query = query.where(ComplaintListing.action == f.outcome)
    if f.lane:
        query = query.where(Complaint.lane == f.lane)
    if f.seller:
        query = query.where(Seller.external_id == f.seller)
    return query


def _joined(query):
    return (query.join(Complaint, Complaint.id == ComplaintListing.complaint_id)
            .join(Mark, Mark.id == Complaint.mark_id)
            .outerjoin(Listing, Listing.id == ComplaintListing.listing_id)
            .outerjoin(Seller, Seller.id == Listing.seller_id))


def takedown_rows(session: Session, f: ReportFilter, *, batch: int = 2000) -> Iterator[ReportRow]:
    """Streams rows in filing order; memory stays flat in the number of rows."""
    if not f.org_ids:
        return
    query = _where(_joined(select(ComplaintListing, Complaint, Mark.office, Mark.number,
                                  Listing.external_id, Listing.url, Seller.external_id)
                           .select_from(ComplaintListing)), f)
    query = query.order_by(Complaint.received_at, Complaint.id, ComplaintListing.position)
    result = session.execute(query.execution_options(yield_per=batch))
    for row, complaint, office, number, listing_id, url, seller in result:
        hours = None
        if row.decided_at is not None:
            hours = round((row.decided_at - complaint.received_at).total_seconds() / 3600, 2)
        yield ReportRow(
            complaint_id=complaint.id, filed_at=complaint.received_at, mark=f"{office} {number}",
            listing_id=listing_id or row.listing_ref, url=url or "", seller=seller or "",
            reason=complaint.reason, outcome=row.action, reason_code=row.reason_code or "",
            decided_at=row.decided_at, hours_to_decision=hours, lane=complaint.lane,
        )


def preview_rows(session: Session, f: ReportFilter, *, limit: int = 25) -> list[ReportRow]:
    return list(islice(takedown_rows(session, f, batch=limit), limit))


def count_rows(session: Session, f: ReportFilter) -> int:
    if not f.org_ids:
        return 0
    query = _where(_joined(select(sa.func.count()).select_from(ComplaintListing)), f)
    return session.execute(query).scalar_one()


def totals(session: Session, f: ReportFilter) -> dict[str, dict[str, int]]:
    """Rows by outcome and by reason, for the PDF cover page."""
    found: dict[str, dict[str, int]] = {"outcome": {}, "reason": {}}
    if not f.org_ids:
        return found
    for key, column in (("outcome", ComplaintListing.action), ("reason", Complaint.reason)):
        query = _where(_joined(select(column, sa.func.count()).select_from(ComplaintListing)), f)
        for code, n in session.execute(query.group_by(column)):
            found[key][code] = n
    return found


def marks_of(session: Session, org_ids: list[int]) -> list[Mark]:
    if not org_ids:
        return []
    return list(session.exec(select(Mark).where(Mark.owner_org_id.in_(org_ids))
                             .order_by(Mark.text, Mark.number)))


def org_names(session: Session, org_ids: list[int]) -> list[str]:
    from ipp.accounts.models import Organisation

    if not org_ids:
        return []
    return list(session.exec(select(Organisation.name).where(Organisation.id.in_(org_ids))
                             .order_by(Organisation.name)))
