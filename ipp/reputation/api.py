"""/api/v1/reputation: the caller's organisation's figures and tier."""

from flask import jsonify
from flask_babel import gettext as _

from ipp.accounts.models import Role
from ipp.clock import iso, utcnow
from ipp.reputation.models import OrgReputation
from ipp.reputation.operations import recompute
from ipp.web.access import api_auth
from ipp.web.api import api_bp
from ipp.web.context import db


def reputation_json(reputation: OrgReputation) -> dict:
    return {
        "tier": reputation.tier,
        "takedown_rate": reputation.takedown_rate,
        "counter_notice_success_rate": reputation.counter_notice_success_rate,
        "decided_listings": reputation.decided_listings,
        "window_days": reputation.window_days,
        "computed_at": iso(reputation.computed_at),
        "explanation": _("Figures over the last %(days)d days: %(count)d listings decided.",
                         days=reputation.window_days, count=reputation.decided_listings),
    }


@api_bp.get("/reputation")
@api_auth(Role.RIGHTS_HOLDER, Role.AGENT)
def reputation(user):
    row = db().get(OrgReputation, user.org_id)
    if row is None:
        row = recompute(db(), org_id=user.org_id, now=utcnow())
        db().commit()
    return jsonify(reputation_json(row))
