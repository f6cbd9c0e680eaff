"""Functions other domains call to notify: mark expiry warnings and reputation tier changes.

They only add rows to the caller's session; the caller commits, and a job then e-mails."""

from datetime import date, datetime

from sqlalchemy.orm import Session

from ipp.accounts.models import Role
from ipp.jobs.queue import enqueue
from ipp.marks.models import Mark
from ipp.notifications.models import EmailState, Notification
from ipp.notifications.outbox import notify
from ipp.notifications.recipients import org_users


def _deliver_after_commit(session: Session, rows: list[Notification]) -> None:
    session.flush()
    pending = [n.id for n in rows if n.email_state == EmailState.PENDING]
    if pending:
        from ipp.notifications.jobs import deliver

        enqueue(session, deliver, *pending)


def mark_expiry_warning(session: Session, *, mark_id: int, expires_on: date,
                        now: datetime) -> list[Notification]:
    """Tell the mark owner's people that the mark expires on `expires_on`."""
    mark = session.get(Mark, mark_id)
    if mark is None:
        return []
    data = {"mark": mark.text, "office": mark.office, "number": mark.number,
            "expires_on": expires_on.isoformat()}
    rows = [notify(session, user=u, kind="mark_expiry", data=data, now=now)
            for u in org_users(session, mark.owner_org_id, Role.RIGHTS_HOLDER)]
    _deliver_after_commit(session, rows)
    return rows


def tier_changed(session: Session, *, org_id: int, before: str, after: str,
                 now: datetime) -> list[Notification]:
    """Tell a complainant organisation's people that its reputation tier changed."""
    if before == after:
        return []
    data = {"before": str(before), "after": str(after)}
    rows = [notify(session, user=u, kind="tier_change", data=data, now=now)
            for u in org_users(session, org_id) if u.role in (Role.RIGHTS_HOLDER, Role.AGENT)]
    _deliver_after_commit(session, rows)
    return rows
