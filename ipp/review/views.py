"""The reviewer's workspace: Next claims, the complaint side by side, decide, move on."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ipp.accounts.models import Organisation, Role
from ipp.clock import utcnow
from ipp.complaints.operations import Refused
from ipp.complaints.queries import get_complaint, listing_rows, mark_of
from ipp.complaints.states import ComplaintStatus, ReasonCode
from ipp.review import operations
from ipp.review.decisions import DecisionInvalid, parse_decision
from ipp.web.access import roles_required
from ipp.web.context import db

bp = Blueprint("review", __name__, template_folder="templates")
REVIEWERS = (Role.REVIEWER, Role.ADMIN)


@bp.get("/review")
@roles_required(*REVIEWERS)
def index():
    held = operations.held_by(db(), current_user, utcnow())
    if held is not None:
        return redirect(url_for("review.show", complaint_id=held.id))
    return render_template("review/index.html")


@bp.post("/review/next")
@roles_required(*REVIEWERS)
def next_():
    complaint = operations.claim_next(db(), reviewer=current_user, now=utcnow())
    db().commit()
    if complaint is None:
        flash(_("Nothing is waiting for review. Well done."), "success")
        return redirect(url_for("review.index"))
    return redirect(url_for("review.show", complaint_id=complaint.id))


@bp.get("/review/<complaint_id>")
@roles_required(*REVIEWERS)
def show(complaint_id):
    complaint = get_complaint(db(), current_user, complaint_id)
    if complaint is None:
        abort(404)
    holding = complaint.status == ComplaintStatus.IN_REVIEW \
        and complaint.reviewer_id == current_user.id
    return render_template("review/show.html", complaint=complaint, holding=holding,
                           mark=mark_of(db(), complaint), rows=listing_rows(db(), complaint),
                           principal=db().get(Organisation, complaint.principal_org_id),
                           filer=db().get(Organisation, complaint.filed_by_org_id),
                           reason_codes=list(ReasonCode))


@bp.post("/review/<complaint_id>/heartbeat")
@roles_required(*REVIEWERS)
def heartbeat(complaint_id):
    complaint = get_complaint(db(), current_user, complaint_id)
    if complaint is None:
        abort(404)
    try:
        operations.heartbeat(db(), reviewer=current_user, complaint=complaint, now=utcnow())
    except Refused:
        return "", 409
    db().commit()
    return "", 204


def _decision_data(form, rows) -> tuple[dict, dict]:
    data = {"outcome": form.get("outcome"), "reason_code": form.get("reason_code") or None,
            "note": form.get("note", "")}
    listings, ids = {}, {}
    for row, _listing, _seller in rows:
        ids[str(row.id)] = row.id
        choice = form.get(f"listing-{row.id}")
        if choice in ("takedown", "reject"):
            listings[str(row.id)] = {"outcome": choice,
                                     "reason_code": form.get(f"listing-{row.id}-reason") or None}
    data["listings"] = listings
    return data, ids


@bp.post("/review/<complaint_id>/decide")
@roles_required(*REVIEWERS)
def decide(complaint_id):
    complaint = get_complaint(db(), current_user, complaint_id)
    if complaint is None:
        abort(404)
    rows = listing_rows(db(), complaint)
    data, ids = _decision_data(request.form, rows)
    try:
        decision = parse_decision(data, listing_ids=ids)
        operations.decide(db(), reviewer=current_user, complaint=complaint,
                          outcome=decision.outcome, reason_code=decision.reason_code,
                          note=decision.note, per_listing=decision.per_listing, now=utcnow())
    except DecisionInvalid as error:
        for msgid in error.fields.values():
            flash(_(msgid), "error")
        return redirect(url_for("review.show", complaint_id=complaint.id))
    except Refused as error:
        flash(_(error.message), "error")
        return redirect(url_for("review.index"))
    db().commit()
    flash(_("Decision saved. Press Next for the next complaint."), "success")
    return redirect(url_for("review.index"))
