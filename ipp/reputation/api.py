"""/api/v1/reputation (the caller's organisation) and the admin's override."""

from flask import jsonify
from flask_babel import gettext as _

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.reputation import operations
from ipp.reputation.serialize import reputation_json
from ipp.reputation.validation import OverrideInvalid, parse_override
from ipp.web.access import api_auth
from ipp.web.api import api_bp, json_body
from ipp.web.context import db
from ipp.web.errors import ValidationFailed, not_found


@api_bp.get("/reputation")
@api_auth(Role.RIGHTS_HOLDER, Role.AGENT)
def reputation(user):
    row = operations.current(db(), org_id=user.org_id, now=utcnow())
    db().commit()
    return jsonify(reputation_json(row))


@api_bp.post("/admin/reputation/<org_id>/override")
@api_auth(Role.ADMIN)
def override(user, org_id):
    """Set or remove an organisation's tier override (admins; a reason is required; audited)."""
    data = json_body()
    if not org_id.isdigit():
        raise not_found()
    now = utcnow()
    try:
        request = parse_override(data, today=now.date())
        row = operations.set_override(db(), actor=user, org_id=int(org_id), request=request,
                                      now=now)
    except OverrideInvalid as error:
        raise ValidationFailed({k: _(v) for k, v in error.fields.items()}) from None
    except operations.UnknownOrganisation:
        raise not_found() from None
    db().commit()
    return jsonify(reputation_json(row))

from ipp.reputation import seller_api as _seller_api  # noqa: E402,F401  (registers its routes)
