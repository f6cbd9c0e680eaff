"""Writes for review: claiming with a lease, heartbeats, decisions, releasing expired leases."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp import audit
from ipp.accounts.models import User
from ipp.complaints.models import Complaint, ComplaintListing
from ipp.complaints.operations import Refused, add_event, move, pauses_of, set_listing_action
from ipp.complaints.states import ComplaintStatus, DecisionOutcome, ListingAction, ReasonCode
from ipp.i18n.markers import N_
from ipp.jobs.queue import enqueue
from ipp.jobs.sweep import sweep_step
from ipp.listings.models import Listing, ListingStatus
from ipp.review import models as _tables  # noqa: F401  (sla_forecast on the metadata)
from ipp.review.claim_sql import CLAIMED_NOW, claim_statement, one_statement
from ipp.review.priority import Reviewer, reviewer_of
from ipp.review.sla import compute_due_at

LEASE = timedelta(minutes=15)
# How long a left page keeps its complaint: enough for a reload to come back.
LEAVE_GRACE = timedelta(seconds=20)


def reviewer_profile(user: User) -> Reviewer:
    return reviewer_of(user.id, user.review_languages, user.review_skills, user.language)


def held_by(session: Session, reviewer: User, now: datetime) -> Complaint | None:
    return session.exec(
        select(Complaint).where(
            Complaint.reviewer_id == reviewer.id,
            Complaint.status == ComplaintStatus.IN_REVIEW,
            Complaint.lease_expires_at >= now,
        )
    ).first()


def claim_next(
    session: Session, *, reviewer: User, now: datetime, lease: timedelta = LEASE
) -> Complaint | None:
    """The reviewer's current complaint if the lease still runs (the lease extended), else
    the next in priority order as routed to this reviewer's languages and skills
    (pick_for_reviewer). On PostgreSQL one statement does it all and writes the claim's
    event; on SQLite the held complaint is looked up first and the event added here."""
    dialect = session.get_bind().dialect.name
    one = one_statement(dialect)
    if not one:
        current = held_by(session, reviewer, now)
        if current is not None:
            current.lease_expires_at = now + lease
            return current
    statement, params = claim_statement(
        dialect, reviewer_profile(reviewer), reviewer_id=reviewer.id,
        now=now, lease_until=now + lease)
    found = session.execute(select(Complaint, CLAIMED_NOW).from_statement(statement), params,
                            execution_options={"populate_existing": True}).first()
    if found is None:
        return None
    complaint, claimed_now = found
    if not claimed_now:
        return complaint  # the one held, its lease extended
    if not one:
        add_event(session, complaint, "claimed", actor=reviewer, now=now)
    audit.record(
        session,
        actor_id=reviewer.id,
        entity="complaint",
        entity_id=complaint.id,
        action="claim",
        after={"status": "in_review", "reviewer": reviewer.id},
        now=now,
    )
    return complaint


def _require_lease(complaint: Complaint, reviewer: User, now: datetime) -> None:
    if complaint.status != ComplaintStatus.IN_REVIEW or complaint.reviewer_id != reviewer.id:
        raise Refused(409, N_("You do not hold this complaint; press Next to claim one."))
    if complaint.lease_expires_at is None or complaint.lease_expires_at < now:
        raise Refused(409, N_("Your claim on this complaint expired; press Next to claim again."))


def heartbeat(
    session: Session,
    *,
    reviewer: User,
    complaint: Complaint,
    now: datetime,
    lease: timedelta = LEASE,
) -> None:
    _require_lease(complaint, reviewer, now)
    complaint.lease_expires_at = now + lease


def release(
    session: Session,
    *,
    reviewer: User,
    complaint: Complaint,
    now: datetime,
    grace: timedelta | None = None,
) -> None:
    """Back to the queue at its old place. With `grace` (the page was left) the lease only
    shortens to that: a reload or a quick return keeps the complaint, the heartbeat of the
    page shown again extends it, and otherwise it is claimable once the grace runs out."""
    _require_lease(complaint, reviewer, now)
    if grace is not None:
        complaint.lease_expires_at = min(complaint.lease_expires_at, now + grace)
        add_event(session, complaint, "left", actor=reviewer, now=now)
        return
    complaint.reviewer_id = None
    complaint.lease_expires_at = None
    move(session, complaint, ComplaintStatus.QUEUED, actor=reviewer, now=now, note="released")


@dataclass(frozen=True)
class ListingDecision:
    outcome: DecisionOutcome  # takedown or reject
    reason_code: ReasonCode | None = None


def decide(
    session: Session,
    *,
    reviewer: User,
    complaint: Complaint,
    outcome: DecisionOutcome,
    reason_code: ReasonCode | None,
    note: str,
    per_listing: dict[int, ListingDecision],
    now: datetime,
    rows: list[ComplaintListing] | None = None,
) -> None:
    """per_listing maps complaint_listing ids to their own outcome, overriding the whole's.
    rows: the complaint's listing rows in filing order, if the caller has read them already."""
    _require_lease(complaint, reviewer, now)
    complaint.reviewer_id = None
    complaint.lease_expires_at = None
    if outcome is DecisionOutcome.NEED_INFO:
        move(session, complaint, ComplaintStatus.NEED_INFO, actor=reviewer, now=now, note=note)
        add_event(session, complaint, "paused", actor=reviewer, now=now, note=note)
        add_event(session, complaint, "info_requested", actor=reviewer, now=now, note=note)
        return
    # Neither read depends on what this decision has changed so far (the complaint's lease;
    # listing actions and the decided event, never a pause): no flush before them, the
    # changes go to the database in one flush later (each flush costs the request time).
    if rows is None:
        with session.no_autoflush:
            rows = session.exec(
                select(ComplaintListing)
                .where(ComplaintListing.complaint_id == complaint.id)
                .order_by(ComplaintListing.position)
            ).all()
    for row in rows:
        choice = per_listing.get(row.id)
        if choice is None and row.action == ListingAction.REJECTED:
            continue  # failed verification and not overruled: it stays rejected
        choice = choice or ListingDecision(outcome, reason_code)
        _apply(session, row, choice, reviewer=reviewer, note=note, now=now)
    move(session, complaint, ComplaintStatus.DECIDED, actor=reviewer, now=now, note=note)
    complaint.decided_at = now
    with session.no_autoflush:
        pauses = pauses_of(session, complaint)
    complaint.due_at = compute_due_at(complaint.received_at, pauses, now=now)
    from ipp.reputation.jobs import recompute_org

    enqueue(session, recompute_org, complaint.principal_org_id)


def _apply(session, row: ComplaintListing, choice: ListingDecision, *, reviewer, note, now):
    if choice.outcome is DecisionOutcome.TAKEDOWN:
        if row.action != ListingAction.TAKEN_DOWN:
            set_listing_action(
                session,
                row,
                ListingAction.TAKEN_DOWN,
                actor=reviewer,
                reason_code=None,
                note=note,
                now=now,
            )
            if row.listing_id is not None:
                listing = session.get(Listing, row.listing_id)
                listing.status = ListingStatus.REMOVED
                listing.updated_at = now
        return
    code = (choice.reason_code or ReasonCode.OTHER).value
    if row.action == ListingAction.REJECTED:
        row.reason_code, row.note, row.decided_at = code, note, now
        row.decided_by_id = reviewer.id
        return
    set_listing_action(
        session, row, ListingAction.REJECTED, actor=reviewer, reason_code=code, note=note, now=now
    )


@sweep_step("expired_leases")
def release_expired_leases(session: Session, now: datetime) -> int:
    """A reviewer who left: the complaint goes back to the queue at its old place."""
    expired = session.exec(
        select(Complaint).where(
            Complaint.status == ComplaintStatus.IN_REVIEW, Complaint.lease_expires_at < now
        )
    ).all()
    for complaint in expired:
        complaint.reviewer_id = None
        complaint.lease_expires_at = None
        move(session, complaint, ComplaintStatus.QUEUED, actor=None, now=now, note="lease expired")
    return len(expired)
