"""Writes for counter-notices: filing, the complainant's answer, reinstatement, the sweep."""

import uuid
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp import audit
from ipp.accounts.models import User
from ipp.complaints.models import Complaint, ComplaintListing
from ipp.complaints.operations import Refused, add_event, set_listing_action
from ipp.complaints.states import ListingAction
from ipp.counter_notices import files as attachments
from ipp.counter_notices.models import CounterNotice, CounterNoticeStatus
from ipp.counter_notices.rules import (
    Filing,
    Response,
    filing_deadline,
    response_deadline,
    within,
)
from ipp.i18n.markers import N_
from ipp.jobs.queue import enqueue
from ipp.jobs.sweep import sweep_step
from ipp.listings.models import Listing, ListingStatus

_S = CounterNoticeStatus
DUPLICATE = N_("A counter-notice was already filed for this listing and complaint.")


class WindowClosed(Refused):
    """Too late: 422, and the message names the deadline."""

    def __init__(self, message: str, deadline: datetime):
        super().__init__(422, message)
        self.deadline = deadline


def file_counter_notice(session: Session, *, actor: User, row: ComplaintListing,
                        filing: Filing, language: str, now: datetime,
                        uploads: list[attachments.Upload] = (),
                        storage: Path | None = None) -> CounterNotice:
    """`row` is the seller's own taken-down listing in that complaint (the caller checked)."""
    if row.action != ListingAction.TAKEN_DOWN:
        raise Refused(409, N_("This listing is not taken down under this complaint."))
    if session.exec(select(CounterNotice.id).where(
            CounterNotice.complaint_listing_id == row.id)).first():
        raise Refused(409, DUPLICATE)
    deadline = filing_deadline(row.decided_at)
    if not within(now, deadline):
        raise WindowClosed(N_("The window for a counter-notice closed at %(deadline)s."),
                           deadline)
    complaint = session.get(Complaint, row.complaint_id)
    notice = CounterNotice(
        id=uuid.uuid4().hex, complaint_id=row.complaint_id, complaint_listing_id=row.id,
        listing_id=row.listing_id, seller_org_id=actor.org_id, filed_by_id=actor.id,
        reason=filing.reason, statement=filing.statement, language=language, filed_at=now,
        respond_by=response_deadline(now), status=_S.OPEN)
    # Two filings at once: the unique constraint decides; the caller turns its
    # IntegrityError at flush or commit into the same 409 (see `DUPLICATE`).
    session.add(notice)
    session.flush()
    if uploads:
        attachments.store(session, list(uploads), directory=storage, complaint_id=complaint.id,
                          uploaded_by_id=actor.id, now=now, counter_notice_id=notice.id)
    add_event(session, complaint, "counter_notice", actor=actor, now=now, note=filing.statement,
              data=_event_data(session, notice))
    audit.record(session, actor_id=actor.id, entity="counter_notice", entity_id=notice.id,
                 action="file", after={"reason": filing.reason, "listing": row.listing_id},
                 now=now)
    return notice


def _event_data(session: Session, notice: CounterNotice, **extra) -> dict:
    listing = session.get(Listing, notice.listing_id)
    return {"counter_notice_id": notice.id, "listing": listing.external_id,
            "reason": notice.reason, **extra}


def respond(session: Session, *, actor: User, notice: CounterNotice, response: Response,
            language: str, now: datetime) -> CounterNotice:
    """The complainant maintains the takedown (with proof of action) or withdraws."""
    if notice.status != _S.OPEN:
        raise Refused(409, N_("This counter-notice was already answered or has lapsed."))
    if not within(now, notice.respond_by):
        raise WindowClosed(N_("The window to answer closed at %(deadline)s."),
                           notice.respond_by)
    notice.response_note = response.evidence_note
    notice.response_language = language
    notice.responded_at = now
    notice.responded_by_id = actor.id
    complaint = session.get(Complaint, notice.complaint_id)
    if response.action == "maintain":
        notice.status = _S.MAINTAINED
        notice.closed_at = now
        add_event(session, complaint, "counter_notice_maintained", actor=actor, now=now,
                  note=response.evidence_note, data=_event_data(session, notice))
    else:
        notice.status = _S.WITHDRAWN
        add_event(session, complaint, "counter_notice_withdrawn", actor=actor, now=now,
                  note=response.evidence_note, data=_event_data(session, notice))
        reinstate(session, notice=notice, actor=actor, now=now)
    audit.record(session, actor_id=actor.id, entity="counter_notice", entity_id=notice.id,
                 action=response.action, after={"status": notice.status}, now=now)
    return notice


def reinstate(session: Session, *, notice: CounterNotice, actor: User | None,
              now: datetime) -> None:
    """The listing goes back up; for the complainant it counts as a failed takedown."""
    row = session.get(ComplaintListing, notice.complaint_listing_id)
    set_listing_action(session, row, ListingAction.REINSTATED, actor=actor, reason_code=None,
                       note="counter-notice", now=now)
    listing = session.get(Listing, notice.listing_id)
    listing.status = ListingStatus.ACTIVE
    listing.updated_at = now
    notice.closed_at = now
    complaint = session.get(Complaint, notice.complaint_id)
    add_event(session, complaint, "reinstated", actor=actor, now=now,
              data=_event_data(session, notice, why=notice.status))
    from ipp.reputation.jobs import recompute_org

    enqueue(session, recompute_org, complaint.principal_org_id)


@sweep_step("counter_notices")
def lapse_unanswered(session: Session, now: datetime) -> int:
    """Silence reinstates: open counter-notices whose answer window has passed."""
    from ipp.reputation.restrictions import hold_counter_notices

    due = session.exec(select(CounterNotice).where(
        CounterNotice.status == _S.OPEN, CounterNotice.respond_by < now)).all()
    # A restricted seller's notice is decided by a reviewer, not by the complainant's silence.
    due = hold_counter_notices(session, list(due), now=now)
    for notice in due:
        notice.status = _S.LAPSED
        reinstate(session, notice=notice, actor=None, now=now)
        audit.record(session, actor_id=None, entity="counter_notice", entity_id=notice.id,
                     action="lapse", after={"status": notice.status}, now=now)
    return len(due)


HELD_DECISIONS = ("reinstate", "maintain")


class StillAnswerable(Refused):
    """409 naming the deadline: until then the complainant answers, not a reviewer."""

    def __init__(self, deadline: datetime):
        super().__init__(409, N_("The complainant may still answer until %(deadline)s."))
        self.deadline = deadline


def decide_held(session: Session, *, actor: User, notice: CounterNotice, decision: str,
                note: str, now: datetime) -> CounterNotice:
    """A reviewer decides a restricted seller's counter-notice the sweep kept from lapsing.

    Only once the complainant's window has passed: before that, the complainant answers.
    """
    if decision not in HELD_DECISIONS:
        raise Refused(422, N_("Choose reinstate or maintain."))
    if notice.status != _S.OPEN:
        raise Refused(409, N_("This counter-notice was already answered or has lapsed."))
    if within(now, notice.respond_by):
        raise StillAnswerable(notice.respond_by)
    complaint = session.get(Complaint, notice.complaint_id)
    if decision == "maintain":
        notice.status = _S.MAINTAINED
        notice.closed_at = now
        add_event(session, complaint, "counter_notice_maintained", actor=actor, now=now,
                  note=note, data=_event_data(session, notice, why="reviewer"))
    else:
        notice.status = _S.LAPSED
        reinstate(session, notice=notice, actor=actor, now=now)
    audit.record(session, actor_id=actor.id, entity="counter_notice", entity_id=notice.id,
                 action=f"held_{decision}", after={"status": notice.status, "note": note},
                 now=now)
    session.flush()
    return notice
