"""Turns new complaint events into notifications and thread messages, at commit time.

Subscribing to the events keeps this out of the filing and review code: whatever writes a
ComplaintEvent of a kind below gets its notifications, in the same transaction."""

import logging

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Role, User
from ipp.clock import iso
from ipp.complaints.models import Complaint, ComplaintEvent, ComplaintListing
from ipp.counter_notices.models import CounterNotice
from ipp.counter_notices.rules import filing_deadline
from ipp.jobs.queue import enqueue
from ipp.listings.models import Listing, Seller
from ipp.marks.models import Mark
from ipp.notifications import recipients
from ipp.notifications.models import ComplaintMessage, EmailState, MessageKind
from ipp.notifications.outbox import notify

log = logging.getLogger(__name__)
_KEY = "ipp_notify_events"
# Complaints whose info answer the thread view recorded itself (with its attachments).
CLAIMED_KEY = "ipp_thread_claimed"


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context) -> None:
    # The events themselves, not their ids: the session holds what it loaded only weakly, so
    # an event its writer no longer references would be gone by the commit and read back
    # with one more SELECT per event.
    for obj in session.new:
        if isinstance(obj, ComplaintEvent) and obj.kind in _HANDLERS:
            session.info.setdefault(_KEY, []).append(obj)


# insert=True: before every other before_commit hook, so the audit chain's, which links the
# transaction's entries under its lock, runs after these queries (the lock is held shortest).
@event.listens_for(Session, "before_commit", insert=True)
def _process(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: wait for the real commit
    session.flush()  # events added since the last flush are collected now
    events = session.info.pop(_KEY, [])
    if not events:
        return
    created = []
    for row in events:
        if not sa.inspect(row).persistent:
            continue  # written in a savepoint that was rolled back (or deleted since)
        # No savepoint here: committing one fires after_commit, which would run the queued
        # jobs before this transaction commits. Handlers only read and add rows.
        try:
            created += _HANDLERS[row.kind](session, row, session.get(Complaint, row.complaint_id))
        except DBAPIError:
            raise  # the database itself failed: this transaction is lost, so is the work
        except Exception:  # noqa: BLE001 - a notification must never break the work itself
            log.exception("notifications for event %s (%s) failed", row.id, row.kind)
    session.info.pop(CLAIMED_KEY, None)
    session.flush()
    pending = [n.id for n in created if n.email_state == EmailState.PENDING]
    if pending:
        from ipp.notifications.jobs import deliver

        enqueue(session, deliver, *pending)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_KEY, None)
        session.info.pop(CLAIMED_KEY, None)


def _mark_text(session, complaint) -> str:
    mark = session.get(Mark, complaint.mark_id)
    return mark.text if mark else ""


def _send(session, users, kind, data, event, complaint):
    return [notify(session, user=u, kind=kind, data=data, now=event.at,
                   complaint_id=complaint.id) for u in users]


def _received(session, event, complaint):
    count = len(session.exec(select(ComplaintListing.id).where(
        ComplaintListing.complaint_id == complaint.id)).all())
    data = {"mark": _mark_text(session, complaint), "due_at": iso(complaint.due_at),
            "listings": count}
    return _send(session, recipients.filer(session, complaint), "complaint_received", data,
                 event, complaint)


# Built once (every decision runs it): no statement building or cache key walk each time.
# The mark's text comes with the listings: one round trip instead of two.
_LISTINGS = (select(Mark.text, ComplaintListing, Listing)
             .select_from(Complaint)
             .outerjoin(Mark, Mark.id == Complaint.mark_id)
             .outerjoin(ComplaintListing, ComplaintListing.complaint_id == Complaint.id)
             .outerjoin(Listing, Listing.id == ComplaintListing.listing_id)
             .where(Complaint.id == sa.bindparam("complaint_id"))
             .order_by(ComplaintListing.position))


def _decided(session, event, complaint):
    got = session.execute(_LISTINGS, {"complaint_id": complaint.id}).all()
    mark = (got[0][0] or "") if got else ""
    rows = [(row, listing) for _text, row, listing in got if row is not None]
    listings = [{"ref": listing.external_id if listing else row.listing_ref,
                 "action": row.action, "reason_code": row.reason_code} for row, listing in rows]
    created = _send(session, recipients.filer(session, complaint), "decision",
                    {"mark": mark, "listings": listings}, event, complaint)
    for row, listing in rows:
        if row.action != "taken_down" or listing is None:
            continue
        seller = session.get(Seller, listing.seller_id)
        data = {"mark": mark, "listing": listing.external_id, "reason": complaint.reason,
                "deadline": iso(filing_deadline(row.decided_at or event.at))}
        created += _send(session, recipients.org_users(session, seller.org_id, Role.SELLER),
                         "listing_taken_down", data, event, complaint)
    return created


def _info_requested(session, event, complaint):
    _message(session, event, complaint, MessageKind.INFO_REQUEST)
    data = {"mark": _mark_text(session, complaint), "note": event.note}
    return _send(session, recipients.filer(session, complaint), "info_requested", data, event,
                 complaint)


def _info_answered(session, event, complaint):
    if complaint.id not in session.info.get(CLAIMED_KEY, set()):
        _message(session, event, complaint, MessageKind.INFO_ANSWER)
    return []


def _message(session, event, complaint, kind) -> ComplaintMessage:
    author = session.get(User, event.actor_id) if event.actor_id else None
    message = ComplaintMessage(complaint_id=complaint.id, author_id=event.actor_id, kind=kind,
                               body=event.note, language=author.language if author else "en",
                               event_id=event.id, created_at=event.at)
    session.add(message)
    return message


def _notice_data(session, event) -> tuple[dict, CounterNotice | None]:
    data = dict(event.data or {})
    notice = session.get(CounterNotice, data.get("counter_notice_id"))
    if notice is not None:
        data["respond_by"] = iso(notice.respond_by)
    return data, notice


def _counter_notice(session, event, complaint):
    data, _notice = _notice_data(session, event)
    return _send(session, recipients.complainants(session, complaint), "counter_notice", data,
                 event, complaint)


def _maintained(session, event, complaint):
    data, notice = _notice_data(session, event)
    sellers = recipients.org_users(session, notice.seller_org_id, Role.SELLER) if notice else []
    return _send(session, sellers, "counter_notice_maintained", data, event, complaint)


def _reinstated(session, event, complaint):
    data, notice = _notice_data(session, event)
    sellers = recipients.org_users(session, notice.seller_org_id, Role.SELLER) if notice else []
    people = {u.id: u for u in recipients.complainants(session, complaint) + sellers}
    return _send(session, list(people.values()), "reinstated", data, event, complaint)


def _answered(session, event, complaint):
    data = {"mark": _mark_text(session, complaint), "body": event.note}
    return _send(session, recipients.filer(session, complaint), "message", data, event,
                 complaint)


_HANDLERS = {
    "received": _received, "status:decided": _decided, "info_requested": _info_requested,
    "info_answered": _info_answered, "counter_notice": _counter_notice,
    "counter_notice_maintained": _maintained, "reinstated": _reinstated,
    "message_answered": _answered,
}
