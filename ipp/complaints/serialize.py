"""The api.md JSON shape of a complaint, with details in the reader's language."""

from sqlalchemy.orm import Session

from ipp.accounts.models import Organisation
from ipp.clock import iso
from ipp.complaints.models import Complaint
from ipp.complaints.queries import listing_rows, mark_of
from ipp.verification.messages import check_view


def complaint_json(session: Session, complaint: Complaint) -> dict:
    mark = mark_of(session, complaint)
    principal = session.get(Organisation, complaint.principal_org_id)
    filer = session.get(Organisation, complaint.filed_by_org_id)
    listings = []
    for row, listing, seller in listing_rows(session, complaint):
        listings.append({
            "listing_id": listing.external_id if listing else row.listing_ref,
            "ref": row.listing_ref,
            "url": listing.url if listing else None,
            "seller": seller,
            "action": row.action,
            "verification": {"verdict": row.verdict,
                             "checks": [check_view(c) for c in row.checks]},
            "reason_code": row.reason_code,
            "decided_at": iso(row.decided_at),
        })
    return {
        "id": complaint.id, "status": complaint.status, "lane": complaint.lane,
        "created_at": iso(complaint.received_at), "received_at": iso(complaint.received_at),
        "due_at": iso(complaint.due_at), "decided_at": iso(complaint.decided_at),
        "language": complaint.language, "reason": complaint.reason,
        "description": complaint.description, "order_number": complaint.order_number,
        "mark": {"office": mark.office, "number": mark.number, "text": mark.text},
        "principal": principal.name, "filed_by": filer.name,
        "listings": listings,
    }
