"""Background job: e-mail the notifications just written (after the commit)."""

from ipp.clock import utcnow
from ipp.jobs.queue import job_session
from ipp.notifications.outbox import attempt


def deliver(*notification_ids: int) -> None:
    """Each in its own transaction, so one refusal does not undo another's success."""
    for notification_id in notification_ids:
        with job_session() as session:
            attempt(session, notification_id, now=utcnow())
