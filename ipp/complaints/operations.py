"""Writes for complaints: filing (verify and route at once), withdrawing, answering need-info."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp import audit
from ipp.accounts.models import Organisation, Role, User
from ipp.accounts.queries import live_authorisations, org_by_name
from ipp.complaints.models import Complaint, ComplaintEvent, ComplaintListing
from ipp.complaints.routing import choose_lane, in_audit_sample
from ipp.complaints.states import (
    ComplaintStatus,
    Lane,
    ListingAction,
    Verdict,
    check_complaint_move,
    check_listing_move,
)
from ipp.complaints.validation import Filing
from ipp.i18n.markers import N_
from ipp.jobs.queue import enqueue
from ipp.listings.models import Listing, ListingStatus
from ipp.marks.models import Mark
from ipp.marks.queries import mark_by_key
from ipp.reputation import operations as reputation_ops
from ipp.reputation.jobs import recompute_org
from ipp.reputation.messages import suspended_message
from ipp.reputation.models import OrgReputation
from ipp.review.priority import is_health_and_safety
from ipp.review.sla import compute_due_at, pauses_from_events
from ipp.verification.queries import verify_refs


class Refused(Exception):
    """The whole request is refused: `status` 403/404/409/422, `fields` field → msgid."""

    def __init__(self, status: int, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or {}


def add_event(session: Session, complaint: Complaint, kind: str, *, actor: User | None,
              now: datetime, note: str = "", data: dict | None = None) -> ComplaintEvent:
    event = ComplaintEvent(complaint_id=complaint.id, kind=kind, at=now,
                           actor_id=actor.id if actor else None, note=note, data=data or {})
    session.add(event)
    return event


def move(session: Session, complaint: Complaint, target: ComplaintStatus, *,
         actor: User | None, now: datetime, note: str = "") -> None:
    """Every status change goes through the transition table and is audited."""
    before = complaint.status
    check_complaint_move(ComplaintStatus(before), target)
    complaint.status = target
    add_event(session, complaint, f"status:{target}", actor=actor, now=now, note=note,
              data={"from": before})
    audit.record(session, actor_id=actor.id if actor else None, entity="complaint",
                 entity_id=complaint.id, action="status", before={"status": before},
                 after={"status": str(target)}, now=now)


def set_listing_action(session: Session, row: ComplaintListing, target: ListingAction, *,
                       actor: User | None, reason_code: str | None, note: str,
                       now: datetime) -> None:
    before = {"action": row.action, "reason_code": row.reason_code}
    check_listing_move(ListingAction(row.action), target)
    row.action = target
    row.reason_code = reason_code
    row.note = note
    row.decided_at = now
    row.decided_by_id = actor.id if actor else None
    audit.record(session, actor_id=actor.id if actor else None, entity="complaint_listing",
                 entity_id=row.id, action="action", before=before,
                 after={"action": str(target), "reason_code": reason_code}, now=now)


def resolve_principal(session: Session, *, actor: User, filing: Filing) -> Organisation:
    own = session.get(Organisation, actor.org_id) if actor.org_id else None
    if actor.role == Role.RIGHTS_HOLDER:
        return own
    principal = org_by_name(session, filing.on_behalf_of or "")
    if principal is None:
        raise Refused(422, N_("Some fields are not valid."),
                      {"on_behalf_of": N_("No rights holder of that name.")})
    return principal


def _check_agent(session: Session, *, actor: User, principal: Organisation, now: datetime) -> None:
    letters = live_authorisations(session, agent_org_id=actor.org_id, on=now.date())
    if not any(letter.principal_org_id == principal.id for letter in letters):
        raise Refused(403, N_("Your organisation holds no valid authorisation from this "
                              "rights holder."))


def _find_mark(session: Session, filing: Filing, principal: Organisation) -> Mark:
    mark = mark_by_key(session, filing.mark_office, filing.mark_number)
    if mark is None:
        raise Refused(422, N_("Some fields are not valid."),
                      {"mark": N_("No mark with this office and number is known.")})
    if mark.owner_org_id != principal.id:
        raise Refused(422, N_("Some fields are not valid."),
                      {"mark": N_("This mark is not in the rights holder's library.")})
    return mark


def complainant_tier(session: Session, org_id: int, *, now: datetime) -> str:
    """The stored tier; a suspension whose review date has come is recomputed first."""
    reputation = session.get(OrgReputation, org_id)
    if reputation is None:
        return "standard"
    if reputation.tier == "suspended" and reputation.review_on is not None \
            and reputation.review_on <= now.date():
        reputation = reputation_ops.recompute(session, org_id=org_id, now=now)
    if reputation.tier == "suspended":
        raise Refused(403, suspended_message(reputation.review_on))
    return reputation.tier


def resolve_filing(session: Session, *, actor: User, filing: Filing,
                   now: datetime) -> tuple[Organisation, Mark]:
    """Who the complaint is for and which mark, or Refused: shared by filing and preview."""
    if actor.role not in (Role.RIGHTS_HOLDER, Role.AGENT) or actor.org_id is None:
        raise Refused(403, N_("Only rights holders and their agents can file complaints."))
    principal = resolve_principal(session, actor=actor, filing=filing)
    if actor.role == Role.AGENT:
        _check_agent(session, actor=actor, principal=principal, now=now)
    return principal, _find_mark(session, filing, principal)


def file_complaint(session: Session, *, actor: User, filing: Filing, language: str,
                   now: datetime) -> Complaint:
    principal, mark = resolve_filing(session, actor=actor, filing=filing, now=now)
    tier = complainant_tier(session, principal.id, now=now)
    results = verify_refs(session, mark=mark, principal=principal, filer_org_id=actor.org_id,
                          refs=filing.listing_refs, today=now.date())
    complaint = Complaint(
        id=uuid.uuid4().hex, principal_org_id=principal.id, filed_by_org_id=actor.org_id,
        filed_by_id=actor.id, mark_id=mark.id, reason=filing.reason,
        description=filing.description, order_number=filing.order_number, declaration=True,
        language=language, status=ComplaintStatus.RECEIVED, received_at=now,
        due_at=compute_due_at(now, [], now=now),
        health_priority=any(is_health_and_safety(listing.category, listing.nice_classes or ())
                            for _, listing, _ in results if listing is not None),
    )
    session.add(complaint)
    session.flush()
    add_event(session, complaint, "received", actor=actor, now=now)
    # One multi-row INSERT … RETURNING (ORM bulk insert) rather than 300 unit-of-work objects.
    rows = list(session.scalars(
        sa.insert(ComplaintListing).returning(ComplaintListing, sort_by_parameter_order=True),
        [_listing_row(complaint, position, ref, listing, verdict)
         for position, (ref, listing, verdict) in enumerate(results)]))
    complaint.lane = choose_lane([r.verdict for r in rows], tier)
    _route(session, complaint, rows, actor=actor, now=now)
    if complaint.lane != Lane.STANDARD:
        # Fast-lane takedowns and failed verifications are outcomes already; queued
        # complaints are counted when decided (and by the sweep, for bursts).
        enqueue(session, recompute_org, principal.id)
    audit.record(session, actor_id=actor.id, entity="complaint", entity_id=complaint.id,
                 action="file", after={"mark": mark.id, "listings": len(rows),
                                       "lane": complaint.lane}, now=now)
    return complaint


def _listing_row(complaint, position, ref, listing, verdict) -> dict:
    """The column values of one ComplaintListing (for the bulk insert)."""
    failed = verdict.verdict is Verdict.FAIL
    return dict(
        complaint_id=complaint.id, position=position, listing_ref=ref,
        listing_id=listing.id if listing else None, verdict=str(verdict.verdict),
        checks=[c.as_json() for c in verdict.checks],
        # A hard failure is shown at once with its code, so the filer can fix and re-file.
        action=str(ListingAction.REJECTED if failed else ListingAction.PENDING),
        reason_code=verdict.reason_code.value if verdict.reason_code else None,
        note="", decided_at=complaint.received_at if failed else None, decided_by_id=None,
    )


def _route(session, complaint, rows, *, actor, now) -> None:
    if complaint.lane == Lane.REJECTED:
        move(session, complaint, ComplaintStatus.DECIDED, actor=None, now=now)
        complaint.decided_at = now
    elif complaint.lane == Lane.FAST:
        # Trusted complainant: passed listings come down at once (the seller may still
        # counter-notice); failed ones stay rejected with their code, as in any lane.
        for row in rows:
            if row.verdict == Verdict.PASS:
                set_listing_action(session, row, ListingAction.TAKEN_DOWN, actor=None,
                                   reason_code=None, note="", now=now)
                _remove_listing(session, row, now)
        move(session, complaint, ComplaintStatus.DECIDED, actor=None, now=now)
        complaint.decided_at = now
        if in_audit_sample(complaint.id):
            reputation_ops.sample_for_audit(session, complaint, now=now)
    else:
        move(session, complaint, ComplaintStatus.QUEUED, actor=None, now=now)


def _remove_listing(session, row, now) -> None:
    listing = session.get(Listing, row.listing_id) if row.listing_id is not None else None
    if listing is not None:
        listing.status = ListingStatus.REMOVED
        listing.updated_at = now


def withdraw(session: Session, *, actor: User, complaint: Complaint, now: datetime) -> None:
    if complaint.status in (ComplaintStatus.DECIDED, ComplaintStatus.WITHDRAWN):
        raise Refused(409, N_("This complaint is already closed."))
    move(session, complaint, ComplaintStatus.WITHDRAWN, actor=actor, now=now)
    complaint.reviewer_id = None
    complaint.lease_expires_at = None
    _close_pause(session, complaint, actor=actor, now=now, why="withdrawn")


# Built once (each decision reads it): the two columns the SLA needs, not whole events.
_PAUSE_EVENTS = (select(ComplaintEvent.kind, ComplaintEvent.at)
                 .where(ComplaintEvent.complaint_id == sa.bindparam("complaint_id"),
                        ComplaintEvent.kind.in_(["paused", "resumed"]))
                 .order_by(ComplaintEvent.at, ComplaintEvent.id))


def pauses_of(session: Session, complaint: Complaint) -> list[tuple[datetime, datetime | None]]:
    events = session.execute(_PAUSE_EVENTS, {"complaint_id": complaint.id}).all()
    return pauses_from_events([(kind, at) for kind, at in events])


def _close_pause(session, complaint, *, actor, now, why: str) -> None:
    pauses = pauses_of(session, complaint)
    if pauses and pauses[-1][1] is None:
        add_event(session, complaint, "resumed", actor=actor, now=now, note=why)
        session.flush()
        complaint.due_at = compute_due_at(complaint.received_at, pauses_of(session, complaint),
                                          now=now)


def answer_info(session: Session, *, actor: User, complaint: Complaint, note: str,
                now: datetime) -> None:
    """The complainant answers a need-info request: the clock runs again from where it stopped."""
    if complaint.status != ComplaintStatus.NEED_INFO:
        raise Refused(409, N_("This complaint is not waiting for information."))
    add_event(session, complaint, "info_answered", actor=actor, now=now, note=note)
    _close_pause(session, complaint, actor=actor, now=now, why="answered")
    move(session, complaint, ComplaintStatus.QUEUED, actor=actor, now=now)


__all__ = ["Refused", "add_event", "answer_info", "file_complaint", "move", "withdraw"]
