"""Background jobs of verification: the proactive scan of newly imported or updated listings."""

from sqlalchemy.orm import Session

from ipp.clock import utcnow
from ipp.jobs.queue import enqueue, job_session

SCAN_BATCH = 500


def scan_listings(*listing_ids: int) -> int:
    """Scan these listings against every registered mark; store hits as suspected listings."""
    from ipp.verification.suspected import scan_and_record

    with job_session() as session:
        return scan_and_record(session, [int(i) for i in listing_ids], now=utcnow())


def enqueue_scans(session: Session, listing_ids: list[int]) -> None:
    """One job per batch of ids, run after the import commits."""
    for start in range(0, len(listing_ids), SCAN_BATCH):
        enqueue(session, scan_listings, *listing_ids[start:start + SCAN_BATCH])
