"""/api/v1/review: claim the next complaint, heartbeat, release, and decide it."""

from flask import jsonify

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.complaints.api import refused
from ipp.complaints.operations import Refused
from ipp.complaints.queries import get_complaint, header_and_listing_rows
from ipp.complaints.serialize import complaint_json
from ipp.review import operations
from ipp.review.decisions import DecisionInvalid, parse_decision
from ipp.review.queries import sla_stats
from ipp.web.access import api_auth
from ipp.web.api import api_bp, json_body, translated_fields
from ipp.web.context import db
from ipp.web.errors import ValidationFailed, not_found

REVIEWERS = (Role.REVIEWER, Role.ADMIN)


@api_bp.post("/review/claim")
@api_auth(*REVIEWERS)
def claim(user):
    complaint = operations.claim_next(db(), reviewer=user, now=utcnow())
    # The answer is read before the commit, in the same transaction: after it a second
    # transaction (a pool check-out with its ping, a rollback) would be needed.
    body = complaint_json(db(), complaint) if complaint is not None else None
    db().commit()
    if body is None:
        return "", 204
    return jsonify(body)


@api_bp.post("/complaints/<complaint_id>/heartbeat")
@api_auth(*REVIEWERS)
def heartbeat(user, complaint_id):
    complaint = get_complaint(db(), user, complaint_id)
    if complaint is None:
        raise not_found()
    try:
        operations.heartbeat(db(), reviewer=user, complaint=complaint, now=utcnow())
    except Refused as error:
        raise refused(error) from None
    db().commit()
    return jsonify({"lease_expires_at": complaint.lease_expires_at.isoformat()})


@api_bp.post("/complaints/<complaint_id>/release")
@api_auth(*REVIEWERS)
def release(user, complaint_id):
    """Hand the complaint back to the queue at its place, for someone else to take."""
    complaint = get_complaint(db(), user, complaint_id)
    if complaint is None:
        raise not_found()
    try:
        operations.release(db(), reviewer=user, complaint=complaint, now=utcnow())
    except Refused as error:
        raise refused(error) from None
    body = complaint_json(db(), complaint)
    db().commit()
    return jsonify(body)


@api_bp.post("/complaints/<complaint_id>/decision")
@api_auth(*REVIEWERS)
def decide(user, complaint_id):
    data = json_body()
    complaint = get_complaint(db(), user, complaint_id)
    if complaint is None:
        raise not_found()
    head, read = header_and_listing_rows(db(), complaint)  # also the answer's, below
    refs, rows = {}, []
    for row, listing, _seller in read:
        rows.append(row)
        refs[row.listing_ref] = row.id
        if listing is not None:
            refs[listing.external_id] = row.id
    try:
        decision = parse_decision(data, listing_ids=refs)
        operations.decide(db(), reviewer=user, complaint=complaint, outcome=decision.outcome,
                          reason_code=decision.reason_code, note=decision.note,
                          per_listing=decision.per_listing, now=utcnow(), rows=rows)
    except DecisionInvalid as error:
        raise ValidationFailed(translated_fields(error.fields)) from None
    except Refused as error:
        raise refused(error) from None
    body = complaint_json(db(), complaint, read=(head, read))
    db().commit()
    return jsonify(body)


@api_bp.get("/stats/sla")
@api_auth(*REVIEWERS)
def stats(user):
    return jsonify(sla_stats(db(), now=utcnow()).as_api())

