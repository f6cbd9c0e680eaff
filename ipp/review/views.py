"""The reviewer's workspace: Next claims, the complaint side by side, decide, move on."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ipp.accounts.models import Organisation, Role
from ipp.clock import utcnow
from ipp.complaints.evidence import evidence_of
from ipp.complaints.operations import Refused
from ipp.complaints.queries import get_complaint, listing_rows, mark_of
from ipp.complaints.states import ComplaintStatus, ReasonCode
from ipp.reputation.queries import reviewer_panel_context
from ipp.review import operations
from ipp.review.bulk import Row, form_decision, select_rows, sellers_of
from ipp.review.decisions import DecisionInvalid, parse_decision
from ipp.web.access import roles_required
from ipp.web.context import db

bp = Blueprint("review", __name__, template_folder="templates")
REVIEWERS = (Role.REVIEWER, Role.ADMIN)


@bp.after_request
def _push_url(response):
    # htmx follows the redirect after a decision or Next: show the page's own address.
    if request.headers.get("HX-Request") and request.method == "GET" and response.status_code == 200:
        response.headers["HX-Push-Url"] = request.full_path.rstrip("?")
    return response


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


def _complaint_or_404(complaint_id):
    complaint = get_complaint(db(), current_user, complaint_id)
    if complaint is None:
        abort(404)
    return complaint


def _rows(rows) -> list[Row]:
    return [Row(row.id, row.verdict, seller, row.action) for row, _listing, seller in rows]


def _render_show(complaint, *, selected=(), form=None, errors=None, status=200):
    rows = listing_rows(db(), complaint)
    holding = complaint.status == ComplaintStatus.IN_REVIEW \
        and complaint.reviewer_id == current_user.id
    return render_template(
        "review/show.html", complaint=complaint, holding=holding, mark=mark_of(db(), complaint),
        rows=rows, sellers=sellers_of(_rows(rows)), selected={str(i) for i in selected},
        principal=db().get(Organisation, complaint.principal_org_id),
        filer=db().get(Organisation, complaint.filed_by_org_id), reason_codes=list(ReasonCode),
        form=form or {}, errors=errors or {},
        reputation_panel=reviewer_panel_context(db(), complaint, utcnow()),
        evidence=evidence_of(db(), complaint.id)), status


@bp.get("/review/<complaint_id>")
@roles_required(*REVIEWERS)
def show(complaint_id):
    complaint = _complaint_or_404(complaint_id)
    # ?select=verdict:review etc. pre-ticks listings: the selection works without JavaScript.
    selected = select_rows(_rows(listing_rows(db(), complaint)), request.args.get("select"))
    return _render_show(complaint, selected=selected)


@bp.post("/review/<complaint_id>/heartbeat")
@roles_required(*REVIEWERS)
def heartbeat(complaint_id):
    complaint = _complaint_or_404(complaint_id)
    try:
        operations.heartbeat(db(), reviewer=current_user, complaint=complaint, now=utcnow())
    except Refused:
        return "", 409
    db().commit()
    return "", 204


@bp.post("/review/<complaint_id>/release")
@roles_required(*REVIEWERS)
def release(complaint_id):
    """The page's beacon when it is left (via=beacon), or the "Put back" button."""
    complaint = _complaint_or_404(complaint_id)
    beacon = request.form.get("via") == "beacon"
    try:
        operations.release(db(), reviewer=current_user, complaint=complaint, now=utcnow(),
                           grace=operations.LEAVE_GRACE if beacon else None)
    except Refused as error:
        if beacon:
            return "", 409
        flash(_(error.message), "error")
        return redirect(url_for("review.index"))
    db().commit()
    if beacon:
        return "", 204
    flash(_("The complaint is back in the queue at its place."), "success")
    return redirect(url_for("review.index"))


@bp.post("/review/<complaint_id>/decide")
@roles_required(*REVIEWERS)
def decide(complaint_id):
    complaint = _complaint_or_404(complaint_id)
    data, ids, errors = form_decision(request.form, _rows(listing_rows(db(), complaint)))
    try:
        decision = parse_decision(data, listing_ids=ids)
        if errors:
            raise DecisionInvalid(errors)
        operations.decide(db(), reviewer=current_user, complaint=complaint,
                          outcome=decision.outcome, reason_code=decision.reason_code,
                          note=decision.note, per_listing=decision.per_listing, now=utcnow())
    except DecisionInvalid as error:
        # The page again with what was chosen and why it cannot be saved; nothing written.
        fields = {key: _(msgid) for key, msgid in (errors | error.fields).items()}
        return _render_show(complaint, selected=request.form.getlist("selected"),
                            form=request.form, errors=fields, status=422)
    except Refused as error:
        flash(_(error.message), "error")
        return redirect(url_for("review.index"))
    db().commit()
    flash(_("Decision saved. Press Next for the next complaint."), "success")
    return redirect(url_for("review.index"))
