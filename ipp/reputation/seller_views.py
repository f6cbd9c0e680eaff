"""Admin page of one seller: strikes, the restriction with its lift form, held listings."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.complaints.operations import Refused
from ipp.counter_notices import operations
from ipp.counter_notices.views import refused_message
from ipp.listings.models import Listing
from ipp.reputation import restrictions
from ipp.reputation.models import SellerStanding
from ipp.reputation.restriction import LiftInvalid, parse_lift_reason
from ipp.reputation.seller_status import (
    held_counter_notices,
    held_listings,
    linked_accounts,
    restriction_reason,
    visible_seller,
)
from ipp.reputation.views import bp
from ipp.web.access import roles_required
from ipp.web.context import db


def _seller_or_404(external_id: str):
    seller = visible_seller(db(), current_user, external_id)
    if seller is None:
        abort(404)
    return seller


@bp.route("/admin/sellers/<seller_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.REVIEWER)
def admin_seller(seller_id):
    """Reviewers see the seller and decide what is held; only admins lift the restriction."""
    seller = _seller_or_404(seller_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if current_user.role != Role.ADMIN:
            abort(403)
        try:
            reason = parse_lift_reason(request.form.to_dict())
            restrictions.lift(db(), actor=current_user, seller_pk=seller.id, reason=reason,
                              now=utcnow())
            db().commit()
            flash(_("Restriction lifted. It returns only with a new strike."), "success")
            return redirect(url_for("reputation.admin_seller", seller_id=seller.external_id))
        except LiftInvalid as error:
            errors = {k: _(v) for k, v in error.fields.items()}
        except restrictions.NotRestricted:
            errors = {"reason": _("This seller is not restricted.")}
    standing = db().get(SellerStanding, seller.id)
    return render_template(
        "reputation/admin_seller.html", seller=seller, standing=standing, errors=errors,
        form=request.form, linked=linked_accounts(db(), standing, seller),
        reason=restriction_reason(standing), held=held_listings(db(), seller),
        held_notices=held_counter_notices(db(), seller)), 422 if errors else 200


@bp.post("/admin/sellers/<seller_id>/listings/<listing_id>/release")
@roles_required(Role.ADMIN, Role.REVIEWER)
def release_listing(seller_id, listing_id):
    seller = _seller_or_404(seller_id)
    listing = db().exec(select(Listing).where(Listing.external_id == listing_id,
                                              Listing.seller_id == seller.id,
                                              Listing.held_at.is_not(None))).first()
    if listing is None:
        abort(404)
    restrictions.release(db(), actor=current_user, listing=listing, now=utcnow())
    db().commit()
    flash(_("Listing released."), "success")
    return redirect(url_for("reputation.admin_seller", seller_id=seller.external_id))


@bp.post("/admin/sellers/<seller_id>/counter-notices/<notice_id>/decision")
@roles_required(Role.ADMIN, Role.REVIEWER)
def decide_counter_notice(seller_id, notice_id):
    seller = _seller_or_404(seller_id)
    notice = next((n for n in held_counter_notices(db(), seller) if n.id == notice_id), None)
    if notice is None:
        abort(404)
    note = request.form.get("note", "").strip()[:2000]
    try:
        operations.decide_held(db(), actor=current_user, notice=notice,
                               decision=request.form.get("decision", ""), note=note, now=utcnow())
    except Refused as error:
        db().rollback()
        flash(refused_message(error), "error")
        return redirect(url_for("reputation.admin_seller", seller_id=seller.external_id))
    db().commit()
    flash(_("Listing reinstated") if notice.status == "lapsed" else _("Takedown maintained"),
          "success")
    return redirect(url_for("reputation.admin_seller", seller_id=seller.external_id))
