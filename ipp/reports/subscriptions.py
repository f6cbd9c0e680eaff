"""Monthly report e-mails: subscribe, change, unsubscribe (writes flush, the caller commits)."""

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Role, User
from ipp.accounts.queries import principals_of_agent
from ipp.i18n import labels
from ipp.i18n.locales import normalise_locale
from ipp.i18n.markers import N_
from ipp.reports.models import ReportSubscription
from ipp.reports.monthly import clean_subscription, current_month
from ipp.reports.queries import marks_of

SUBSCRIBERS = (Role.RIGHTS_HOLDER, Role.AGENT)


class NotAllowed(Exception):
    """403: this person may not receive report e-mails (`message` is a msgid)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def subscriber_org_ids(session: Session, user: User, *, today: date) -> list[int]:
    """Whose rows the person's mail holds: their own organisation, or an agent's principals
    under a live letter (all of them: a mail is not tied to the principal picked on a page)."""
    if not user.active or user.role not in SUBSCRIBERS or not user.org_id:
        return []
    if user.role == Role.RIGHTS_HOLDER:
        return [user.org_id]
    return [o.id for o in principals_of_agent(session, agent_org_id=user.org_id, on=today)]


def subscription_of(session: Session, user: User) -> ReportSubscription | None:
    return session.exec(select(ReportSubscription)
                        .where(ReportSubscription.user_id == user.id)).first()


def save_subscription(session: Session, *, actor: User, values: Mapping,
                      now: datetime) -> ReportSubscription:
    """Subscribe, or change the settings; SubscriptionInvalid or NotAllowed change nothing."""
    org_ids = subscriber_org_ids(session, actor, today=now.date())
    if actor.role not in SUBSCRIBERS:
        raise NotAllowed(N_("You are not allowed to do this."))
    if not org_ids:
        raise NotAllowed(N_("You have no organisation whose reports you may receive."))
    clean = clean_subscription(
        values, mark_ids={m.id for m in marks_of(session, org_ids)}, reasons=labels.REASONS,
        outcomes=labels.LISTING_ACTIONS, normalise_language=normalise_locale,
        default_language=actor.language or "en")
    row = subscription_of(session, actor)
    if row is None:
        row = ReportSubscription(user_id=actor.id, active=False, first_month="",
                                 created_at=now, updated_at=now)
        session.add(row)
    if not row.active:
        # Opting in (again) starts with this month's report, sent early next month; a
        # month already sent is never sent twice (see ReportDelivery).
        row.first_month = current_month(now, actor.timezone).key
    for key, value in clean.items():
        setattr(row, key, value)
    row.active = True
    row.updated_at = now
    session.flush()
    return row


def unsubscribe(session: Session, *, actor: User, now: datetime) -> ReportSubscription | None:
    """Turns the mail off; the settings and the months sent are kept."""
    row = subscription_of(session, actor)
    if row is not None and row.active:
        row.active = False
        row.updated_at = now
        session.flush()
    return row


def unsubscribe_by_token(session: Session, *, subscription_id: int, user_id: int,
                         now: datetime) -> ReportSubscription | None:
    """From the link in a mail (no sign-in): the signed ids must still belong together."""
    row = session.get(ReportSubscription, subscription_id)
    if row is None or row.user_id != user_id:
        return None
    if row.active:
        row.active = False
        row.updated_at = now
        session.flush()
    return row
