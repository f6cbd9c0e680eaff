"""Pages that read across domains: SLA dashboard, reputation, seller portal, API docs."""

from flask import Blueprint, current_app, render_template
from flask_login import current_user
from sqlmodel import select

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.complaints.models import Complaint, ComplaintListing
from ipp.complaints.states import ListingAction
from ipp.listings.models import Listing, Seller
from ipp.marks.models import Mark
from ipp.reputation.operations import current as current_reputation
from ipp.review.queries import sla_stats
from ipp.web.access import roles_required
from ipp.web.context import db

bp = Blueprint("web", __name__, template_folder="templates")


@bp.get("/dashboard")
@roles_required(Role.REVIEWER, Role.ADMIN)
def dashboard():
    return render_template("web/dashboard.html", figures=sla_stats(db(), now=utcnow()))


@bp.get("/reputation")
@roles_required(Role.RIGHTS_HOLDER, Role.AGENT)
def reputation():
    """The caller's own organisation only: figures, the rule that applied, how to improve."""
    row = current_reputation(db(), org_id=current_user.org_id, now=utcnow())
    db().commit()
    return render_template("web/reputation.html", reputation=row)


@bp.get("/seller")
@roles_required(Role.SELLER)
def seller():
    """The seller's listings that were named in complaints, and what happened to them."""
    rows = db().exec(
        select(ComplaintListing, Listing, Mark, Complaint)
        .join(Listing, Listing.id == ComplaintListing.listing_id)
        .join(Seller, Seller.id == Listing.seller_id)
        .join(Complaint, Complaint.id == ComplaintListing.complaint_id)
        .join(Mark, Mark.id == Complaint.mark_id)
        .where(Seller.org_id == current_user.org_id,
               ComplaintListing.action.in_([ListingAction.TAKEN_DOWN, ListingAction.REINSTATED]))
        .order_by(ComplaintListing.decided_at.desc())
    ).all()
    return render_template("web/seller.html", rows=rows)


@bp.get("/api/docs")
def api_docs():
    from ipp.web.openapi import openapi

    with current_app.test_request_context("/api/v1/openapi.json"):
        document = openapi().get_json()
    return render_template("web/api_docs.html", document=document)
