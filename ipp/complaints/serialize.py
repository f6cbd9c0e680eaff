"""The api.md JSON shape of a complaint, with details in the reader's language."""

import json

from sqlalchemy.orm import Session

from ipp.clock import iso
from ipp.complaints.models import Complaint
from ipp.complaints.queries import header_and_listing_rows
from ipp.verification.messages import check_view


def complaint_json(session: Session, complaint: Complaint, *, read=None) -> dict:
    """read: what header_and_listing_rows gave earlier in this transaction, if the caller
    read it already; its rows are the session's own objects, so they show every change
    made to them since (a decision's answer is then built without reading them again)."""
    head, rows = read if read is not None else header_and_listing_rows(session, complaint)
    listings = []
    # Listings of one complaint share most of their checks word for word: each distinct
    # check is translated once per response.
    views: dict[str, dict] = {}

    def view(check: dict) -> dict:
        key = json.dumps(check, sort_keys=True, default=str)
        if key not in views:
            views[key] = check_view(check)
        return views[key]

    for row, listing, seller in rows:
        listings.append({
            "listing_id": listing.external_id if listing else row.listing_ref,
            "ref": row.listing_ref,
            "url": listing.url if listing else None,
            "seller": seller,
            "action": row.action,
            "verification": {"verdict": row.verdict,
                             "checks": [view(c) for c in row.checks]},
            "reason_code": row.reason_code,
            "decided_at": iso(row.decided_at),
        })
    return {
        "id": complaint.id, "status": complaint.status, "lane": complaint.lane,
        "created_at": iso(complaint.received_at), "received_at": iso(complaint.received_at),
        "due_at": iso(complaint.due_at), "decided_at": iso(complaint.decided_at),
        "language": complaint.language, "reason": complaint.reason,
        "description": complaint.description, "order_number": complaint.order_number,
        "mark": {"office": head.office, "number": head.number, "text": head.text},
        "principal": head.principal, "filed_by": head.filed_by,
        "listings": listings,
    }


def complaint_row_json(row, listing_count: int) -> dict:
    """A complaint in a list (queries.list_rows): what a list shows, without its listings
    and their translated checks, which GET /api/v1/complaints/{id} gives in full."""
    return {
        "id": row.id, "status": row.status, "lane": row.lane,
        "created_at": iso(row.received_at), "received_at": iso(row.received_at),
        "due_at": iso(row.due_at), "decided_at": iso(row.decided_at),
        "language": row.language, "reason": row.reason,
        "mark": {"office": row.mark_office, "number": row.mark_number, "text": row.mark_text},
        "principal": row.principal, "filed_by": row.filed_by,
        "listing_count": listing_count,
        "url": f"/api/v1/complaints/{row.id}",
    }
