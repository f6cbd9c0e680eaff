"""/api/v1/resellers and /api/v1/suspected-listings."""

from flask import jsonify, request
from flask_babel import gettext as _

from ipp.accounts.models import Role
from ipp.clock import iso, utcnow
from ipp.verification import resellers, suspected
from ipp.verification.models import SuspectStatus
from ipp.web.access import api_auth
from ipp.web.api import api_bp, json_body, translated_fields
from ipp.web.context import db
from ipp.web.errors import APIError, ValidationFailed

FILERS = (Role.RIGHTS_HOLDER, Role.AGENT)


def _reseller_json(row: resellers.ResellerRow) -> dict:
    r = row.reseller
    return {"seller_id": r.seller_external_id, "note": r.note, "rights_holder": row.org_name,
            "added_at": iso(r.added_at), "added_by": row.added_by}


def _refused(error: resellers.ResellerError) -> APIError:
    codes = {403: "forbidden", 404: "not_found", 409: "conflict", 422: "invalid"}
    return APIError(error.status, codes.get(error.status, "invalid"), _(error.message),
                    translated_fields(error.fields))


@api_bp.get("/resellers")
@api_auth(*FILERS)
def list_resellers(user):
    rows = resellers.list_resellers(db(), user, today=utcnow().date())
    return jsonify({"items": [_reseller_json(row) for row in rows]})


@api_bp.post("/resellers")
@api_auth(Role.RIGHTS_HOLDER)
def add_reseller(user):
    data = json_body()
    try:
        seller_id, note = resellers.parse_reseller(data)
        resellers.add_reseller(db(), actor=user, seller_id=seller_id, note=note, now=utcnow())
    except resellers.ResellerError as error:
        raise _refused(error) from None
    db().commit()
    row = next(r for r in resellers.list_resellers(db(), user, today=utcnow().date())
               if r.reseller.seller_external_id == seller_id)
    return jsonify(_reseller_json(row)), 201


@api_bp.delete("/resellers/<seller_id>")
@api_auth(Role.RIGHTS_HOLDER)
def remove_reseller(user, seller_id):
    try:
        resellers.remove_reseller(db(), actor=user, seller_id=seller_id, now=utcnow())
    except resellers.ResellerError as error:
        raise _refused(error) from None
    db().commit()
    return "", 204


@api_bp.get("/suspected-listings")
@api_auth(*FILERS)
def list_suspected(user):
    status = request.args.get("status", SuspectStatus.NEW)
    if status not in set(SuspectStatus):
        raise ValidationFailed({"status": _("Unknown status.")})
    mark = request.args.get("mark_id")
    if mark is not None and not mark.isdigit():
        raise ValidationFailed({"mark_id": _("Must be a whole number.")})
    rows = suspected.suspects_of(db(), user, today=utcnow().date(), status=status,
                                 mark_id=int(mark) if mark else None)
    return jsonify({"items": [{
        "id": row.suspect.id, "listing_id": row.listing.external_id, "url": row.listing.url,
        "title": row.listing.title,
        "mark": {"office": row.mark.office, "number": row.mark.number, "text": row.mark.text},
        "rights_holder": row.owner, "matched": row.suspect.matched, "kind": row.suspect.kind,
        "field": row.suspect.field, "span": row.suspect.span,
        "explanation": row.suspect.explanation, "certain": row.suspect.certain,
        "found_at": iso(row.suspect.found_at), "status": row.suspect.status,
        "complaint_id": row.suspect.complaint_id} for row in rows]})
