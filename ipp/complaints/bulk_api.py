"""POST /api/v1/complaints/bulk: many listings, split into complaints of 300, or a preview."""

from flask import jsonify
from flask_babel import get_locale

from ipp.clock import utcnow
from ipp.complaints import operations
from ipp.complaints.api import FILERS, refused
from ipp.complaints.bulk import file_bulk, preview_bulk
from ipp.complaints.serialize import complaint_json
from ipp.complaints.validation import FilingInvalid
from ipp.web.access import api_auth
from ipp.web.api import api_bp, json_body, translated_fields
from ipp.web.context import db
from ipp.web.errors import ValidationFailed
from ipp.web.openapi import BODIES, describe

_BODY = {**BODIES["api.file_complaint"]}
_BODY["properties"] = {**_BODY["properties"],
                       "listings": {"type": "array", "maxItems": 3000, "items": {"type": "string"}},
                       "preview": {"type": "boolean"}}
_BODY["example"] = {**_BODY["example"], "preview": True}
_ROW = {"type": "object", "required": ["ref", "verdict"], "properties": {
    "ref": {"type": "string"}, "verdict": {"type": "string", "enum": ["pass", "fail", "review"]},
    "reason_code": {"type": ["string", "null"]}, "checks": {"type": "array"}}}


@api_bp.post("/complaints/bulk")
@api_auth(*FILERS)
def file_bulk_complaints(user):
    data = json_body()
    try:
        if data.get("preview") is True:
            rows = preview_bulk(db(), actor=user, data=data, now=utcnow())
            return jsonify({"rows": [{"ref": r.ref, "verdict": str(r.verdict),
                                      "reason_code": r.reason_code, "checks": r.checks}
                                     for r in rows]})
        complaints = file_bulk(db(), actor=user, data=data, language=str(get_locale()),
                               now=utcnow())
    except FilingInvalid as error:
        raise ValidationFailed(translated_fields(error.fields)) from None
    except operations.Refused as error:
        raise refused(error) from None
    db().commit()
    return jsonify({"complaints": [complaint_json(db(), c) for c in complaints]}), 201


describe("api.file_bulk_complaints", body=_BODY, responses={
    200: {"type": "object", "required": ["rows"],
          "properties": {"rows": {"type": "array", "items": _ROW}}},
    201: {"type": "object", "required": ["complaints"],
          "properties": {"complaints": {"type": "array", "items": {"type": "object"}}}}})
