"""Background jobs of reputation (they take ids)."""

from ipp.clock import utcnow
from ipp.jobs.queue import job_session
from ipp.reputation.operations import recompute


def recompute_org(org_id: int) -> None:
    with job_session() as session:
        recompute(session, org_id=org_id, now=utcnow())
