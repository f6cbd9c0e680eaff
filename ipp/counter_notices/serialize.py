"""The JSON shape of a counter-notice in the API."""

from ipp.clock import iso
from ipp.counter_notices.models import CounterNotice


def notice_json(notice: CounterNotice, listing_ref: str) -> dict:
    return {
        "id": notice.id, "complaint_id": notice.complaint_id, "listing_id": listing_ref,
        "reason": notice.reason, "statement": notice.statement, "language": notice.language,
        "status": notice.status, "filed_at": iso(notice.filed_at),
        "respond_by": iso(notice.respond_by), "response_note": notice.response_note,
        "responded_at": iso(notice.responded_at), "closed_at": iso(notice.closed_at),
    }
