"""Reads for complaints, always scoped to what the caller may see."""

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlmodel import select

from ipp.accounts.models import Organisation, Role, User
from ipp.complaints.models import Complaint, ComplaintEvent, ComplaintListing
from ipp.listings.models import Listing, Seller
from ipp.marks.models import Mark

PAGE_SIZE = 50


def visible_to(user: User):
    """The WHERE clause of the complaints a user may see; None means none at all."""
    if user.role in (Role.REVIEWER, Role.ADMIN):
        return True
    if user.role == Role.RIGHTS_HOLDER and user.org_id:
        return Complaint.principal_org_id == user.org_id
    if user.role == Role.AGENT and user.org_id:
        return Complaint.filed_by_org_id == user.org_id
    return None


def get_complaint(session: Session, user: User, complaint_id: str) -> Complaint | None:
    clause = visible_to(user)
    if clause is None or not isinstance(complaint_id, str) or len(complaint_id) > 32:
        return None
    query = select(Complaint).where(Complaint.id == complaint_id)
    if clause is not True:
        query = query.where(clause)
    return session.exec(query).first()


def list_complaints(session: Session, user: User, *, status: str | None = None,
                    before: tuple[str, str] | None = None, limit: int = PAGE_SIZE,
                    principal_org_id: int | None = None):
    """Newest first; `before` is the (received_at iso, id) cursor of the last item seen.
    `principal_org_id` narrows an agent's list to the rights holder it acts for now."""
    return _newest_first(session, user, select(Complaint), status=status, before=before,
                         limit=limit, principal_org_id=principal_org_id)


# What a list row shows: no listings, no checks (those are on the complaint itself).
_Principal, _Filer = aliased(Organisation), aliased(Organisation)
ROW_COLUMNS = (Complaint.id, Complaint.status, Complaint.lane, Complaint.received_at,
               Complaint.due_at, Complaint.decided_at, Complaint.language, Complaint.reason,
               Mark.office.label("mark_office"), Mark.number.label("mark_number"),
               Mark.text.label("mark_text"), _Principal.name.label("principal"),
               _Filer.name.label("filed_by"))


def list_rows(session: Session, user: User, *, status: str | None = None,
              before: tuple[str, str] | None = None, limit: int = PAGE_SIZE,
              principal_org_id: int | None = None):
    """list_complaints as light rows (ROW_COLUMNS plus listing_count) in one query: keyset
    on ix_complaint_status_received (or its siblings), joined to the mark and organisations
    by primary key, each row's listings counted on ix_complaint_listing_complaint_id."""
    rows, last = _newest_first(session, user, row_query(), status=status, before=before,
                               limit=limit, principal_org_id=principal_org_id)
    return [(row, row.listing_count) for row in rows], last


def row_query():
    """SELECT ROW_COLUMNS, listing_count: list_rows before its WHERE, ORDER BY and LIMIT."""
    count = (sa.select(sa.func.count()).select_from(ComplaintListing)
             .where(ComplaintListing.complaint_id == Complaint.id).scalar_subquery())
    return (select(*ROW_COLUMNS, count.label("listing_count"))
            .join(Mark, Mark.id == Complaint.mark_id)
            .join(_Principal, _Principal.id == Complaint.principal_org_id)
            .join(_Filer, _Filer.id == Complaint.filed_by_org_id))


def keyset_before(at, complaint_id: str):
    """Rows after the cursor (received_at, id) in newest-first order, as a row-value
    comparison, so the index on (…, received_at, id) starts right at the cursor (an OR of
    the two cases is only a filter, read from the top)."""
    return (sa.tuple_(Complaint.received_at, Complaint.id)
            < sa.tuple_(sa.literal(at, Complaint.received_at.type), sa.literal(complaint_id)))


def _newest_first(session, user, query, *, status, before, limit, principal_org_id):
    clause = visible_to(user)
    if clause is None:
        return [], None
    if clause is not True:
        query = query.where(clause)
    if principal_org_id is not None:
        query = query.where(Complaint.principal_org_id == principal_org_id)
    if status:
        query = query.where(Complaint.status == status)
    if before:
        from ipp.clock import parse_utc

        at, cid = parse_utc(before[0]), before[1]
        query = query.where(keyset_before(at, cid))
    rows = list(session.exec(query.order_by(Complaint.received_at.desc(), Complaint.id.desc())
                             .limit(sa.bindparam("rows", limit + 1, literal_execute=True))))
    more = len(rows) > limit
    return rows[:limit], (rows[limit - 1] if more else None)


def listing_rows(session: Session, complaint: Complaint):
    """(ComplaintListing, Listing | None, seller id | None) in filing order."""
    rows = session.exec(
        select(ComplaintListing, Listing, Seller.external_id)
        .outerjoin(Listing, Listing.id == ComplaintListing.listing_id)
        .outerjoin(Seller, Seller.id == Listing.seller_id)
        .where(ComplaintListing.complaint_id == complaint.id)
        .order_by(ComplaintListing.position)
    ).all()
    return list(rows)


def events_of(session: Session, complaint: Complaint) -> list[ComplaintEvent]:
    return list(session.exec(select(ComplaintEvent).where(
        ComplaintEvent.complaint_id == complaint.id).order_by(ComplaintEvent.at,
                                                              ComplaintEvent.id)))


def mark_of(session: Session, complaint: Complaint) -> Mark:
    return session.get(Mark, complaint.mark_id)


def header_of(session: Session, complaint: Complaint):
    """The complaint's mark office/number/text and organisation names, in one query."""
    return session.execute(
        sa.select(Mark.office, Mark.number, Mark.text, _Principal.name.label("principal"),
                  _Filer.name.label("filed_by"))
        .select_from(Mark)
        .join(_Principal, _Principal.id == complaint.principal_org_id)
        .join(_Filer, _Filer.id == complaint.filed_by_org_id)
        .where(Mark.id == complaint.mark_id)).one()


def _header_and_listing_rows_statement():
    # Built once: a request then skips building it (a few hundred SQL element constructions)
    # and SQLAlchemy's cache key walk, which it keeps on the statement object.
    return (
        sa.select(Mark.office, Mark.number, Mark.text, _Principal.name.label("principal"),
                  _Filer.name.label("filed_by"), ComplaintListing, Listing,
                  Seller.external_id.label("seller"))
        .select_from(Mark)
        .join(_Principal, _Principal.id == sa.bindparam("principal_org_id"))
        .join(_Filer, _Filer.id == sa.bindparam("filed_by_org_id"))
        .outerjoin(ComplaintListing, ComplaintListing.complaint_id == sa.bindparam("complaint_id"))
        .outerjoin(Listing, Listing.id == ComplaintListing.listing_id)
        .outerjoin(Seller, Seller.id == Listing.seller_id)
        .where(Mark.id == sa.bindparam("mark_id"))
        .order_by(ComplaintListing.position))


_HEADER_AND_LISTING_ROWS = _header_and_listing_rows_statement()


def header_and_listing_rows(session: Session, complaint: Complaint):
    """header_of and listing_rows in one query: (header, [(ComplaintListing, Listing | None,
    seller id | None)]). The mark and organisations by primary key, their complaint's
    listings outer-joined (one row, its listing columns NULL, if it has none)."""
    rows = session.execute(_HEADER_AND_LISTING_ROWS, {
        "principal_org_id": complaint.principal_org_id,
        "filed_by_org_id": complaint.filed_by_org_id,
        "complaint_id": complaint.id, "mark_id": complaint.mark_id}).all()
    listings = [(row.ComplaintListing, row.Listing, row.seller) for row in rows
                if row.ComplaintListing is not None]
    return rows[0], listings
