"""/api/v1/sellers/<id> (the seller's standing and restriction) and the admin's lift."""

from flask import jsonify
from flask_babel import gettext as _

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.complaints.operations import Refused
from ipp.counter_notices import operations
from ipp.counter_notices.api import refused
from ipp.counter_notices.queries import get_notice
from ipp.counter_notices.serialize import notice_json
from ipp.listings.models import Listing
from ipp.reputation import restrictions
from ipp.reputation.restriction import LiftInvalid, parse_lift_reason
from ipp.reputation.seller_status import seller_json, visible_seller
from ipp.web.access import api_auth
from ipp.web.api import api_bp, json_body
from ipp.web.context import db
from ipp.web.errors import APIError, ValidationFailed, not_found

MAX_DECISION_NOTE = 2000


@api_bp.get("/sellers/<seller_id>")
@api_auth(Role.SELLER, Role.REVIEWER, Role.ADMIN)
def seller_standing(user, seller_id):
    seller = visible_seller(db(), user, seller_id)
    if seller is None:
        raise not_found()
    return jsonify(seller_json(db(), seller, now=utcnow(), show_linked=user.role != Role.SELLER))


@api_bp.post("/admin/sellers/<seller_id>/lift-restriction")
@api_auth(Role.ADMIN)
def lift_seller_restriction(user, seller_id):
    data = json_body()
    seller = visible_seller(db(), user, seller_id)
    if seller is None:
        raise not_found()
    now = utcnow()
    try:
        reason = parse_lift_reason(data)
        restrictions.lift(db(), actor=user, seller_pk=seller.id, reason=reason, now=now)
    except LiftInvalid as error:
        raise ValidationFailed({k: _(v) for k, v in error.fields.items()}) from None
    except restrictions.NotRestricted:
        raise APIError(409, "not_restricted", _("This seller is not restricted.")) from None
    db().commit()
    return jsonify(seller_json(db(), seller, now=now, show_linked=True))


@api_bp.post("/admin/counter-notices/<notice_id>/decision")
@api_auth(Role.REVIEWER, Role.ADMIN)
def decide_held_counter_notice(user, notice_id):
    """A restricted seller's counter-notice, held past the complainant's window."""
    data = json_body()
    notice = get_notice(db(), user, notice_id)
    if notice is None:
        raise not_found()
    note = data.get("note", "")
    if not isinstance(note, str) or len(note) > MAX_DECISION_NOTE:
        raise ValidationFailed({"note": _("Too long.") if isinstance(note, str) else _("Must be text.")})
    try:
        operations.decide_held(db(), actor=user, notice=notice, decision=data.get("decision"),
                               note=note.strip(), now=utcnow())
    except Refused as error:
        raise refused(error) from None
    db().commit()
    listing = db().get(Listing, notice.listing_id)
    return jsonify(notice_json(notice, listing.external_id))
