"""/api/v1/marks: the IP asset library — list, add, edit, certificates, admin verification."""

from flask import jsonify, request
from flask_babel import gettext as _

from ipp import storage
from ipp.accounts.models import Organisation, Role
from ipp.clock import utcnow
from ipp.complaints.usable_marks import usable_marks
from ipp.marks import library
from ipp.marks.models import OFFICE_TERRITORIES, Mark
from ipp.marks.queries import certificates_by_mark, mark_of_org, marks_of_org
from ipp.marks.serialize import (
    CERTIFICATE_SCHEMA,
    MARK_INPUT_SCHEMA,
    MARK_SCHEMA,
    certificate_json,
    mark_json,
)
from ipp.marks.validation import FIELDS, MarkInvalid, parse_mark_input
from ipp.web.access import api_auth
from ipp.web.api import api_bp, json_body, translated_fields
from ipp.web.context import db
from ipp.web.errors import APIError, ValidationFailed, not_found
from ipp.web.openapi import describe

LIST_SCHEMA = {"type": "object", "required": ["items"],
               "properties": {"items": {"type": "array", "items": MARK_SCHEMA}}}


def library_error(error: library.LibraryError) -> APIError:
    codes = {403: "forbidden", 404: "not_found", 409: "conflict", 422: "invalid"}
    return APIError(error.status, codes.get(error.status, "invalid"), _(error.message),
                    translated_fields(error.fields))


def upload_error(error: storage.StorageError) -> APIError:
    return APIError(error.status, error.code, _(error.message), {"file": _(error.message)})


def store_request_file(missing_message: str) -> tuple[str, bytes, str]:
    """The request's multipart field `file`, checked and stored: (key, bytes, filename)."""
    file = request.files.get("file")
    if file is None:
        raise ValidationFailed({"file": missing_message})
    data, name, declared = storage.read_upload(file)
    try:
        return storage.put(data, name, declared), data, name
    except storage.StorageError as error:
        raise upload_error(error) from None


def _one(mark: Mark) -> dict:
    owner = db().get(Organisation, mark.owner_org_id)
    return mark_json(mark, owner.name, certificates_by_mark(db(), [mark.id]).get(mark.id, []))


@api_bp.get("/marks")
@api_auth(Role.RIGHTS_HOLDER, Role.AGENT)
def list_marks(user):
    if user.role == Role.RIGHTS_HOLDER:
        org = db().get(Organisation, user.org_id)
        pairs = [(m, org.name) for m in marks_of_org(db(), user.org_id)]
    else:
        pairs = usable_marks(db(), user, today=utcnow().date())
    certs = certificates_by_mark(db(), [m.id for m, _owner in pairs])
    return jsonify({"items": [mark_json(m, owner, certs.get(m.id, [])) for m, owner in pairs]})


def _values(data: dict) -> dict:
    try:
        return parse_mark_input(data, OFFICE_TERRITORIES)
    except MarkInvalid as error:
        raise ValidationFailed(translated_fields(error.fields)) from None


@api_bp.post("/marks")
@api_auth(Role.RIGHTS_HOLDER)
def create_mark(user):
    values = _values(json_body())
    try:
        outcome, mark = library.save_mark(db(), actor=user, values=values, now=utcnow())
    except library.LibraryError as error:
        raise library_error(error) from None
    db().commit()
    return jsonify(_one(mark)), 201 if outcome == "created" else 200


@api_bp.patch("/marks/<mark_id>")
@api_auth(Role.RIGHTS_HOLDER)
def update_mark(user, mark_id):
    data = json_body()
    mark = mark_of_org(db(), user.org_id, mark_id)
    if mark is None:
        raise not_found()
    current = {key: getattr(mark, key) for key in FIELDS}
    for key in ("registered_on", "expires_on"):
        current[key] = current[key].isoformat() if current[key] else None
    merged = {**current, **{k: v for k, v in data.items() if k in FIELDS}}
    merged["office"], merged["number"] = mark.office, mark.number
    values = _values(merged)
    try:
        library.update_mark(db(), actor=user, mark=mark, values=values, now=utcnow())
    except library.LibraryError as error:
        raise library_error(error) from None
    db().commit()
    return jsonify(_one(mark))


@api_bp.post("/marks/<mark_id>/certificates")
@api_auth(Role.RIGHTS_HOLDER)
def upload_certificate(user, mark_id):
    mark = mark_of_org(db(), user.org_id, mark_id)
    if mark is None:
        raise not_found()
    key, data, name = store_request_file(
        _("Attach the certificate as a file named \"file\"."))
    cert = library.add_certificate(db(), actor=user, mark=mark, key=key, filename=name,
                                   content_type=storage.sniff(data), size=len(data), now=utcnow())
    db().commit()
    return jsonify(certificate_json(cert)), 201


def _admin_mark(mark_id) -> Mark:
    try:
        mark = db().get(Mark, int(mark_id)) if str(mark_id).isdigit() and \
            int(mark_id) < 2**31 else None
    except ValueError:
        mark = None
    if mark is None:
        raise not_found()
    return mark


@api_bp.post("/marks/<mark_id>/verify")
@api_auth(Role.ADMIN)
def verify_mark(user, mark_id):
    mark = _admin_mark(mark_id)
    try:
        library.verify_mark(db(), actor=user, mark=mark, now=utcnow())
    except library.LibraryError as error:
        raise library_error(error) from None
    db().commit()
    return jsonify(_one(mark))


@api_bp.post("/marks/<mark_id>/reject")
@api_auth(Role.ADMIN)
def reject_mark(user, mark_id):
    data = json_body()
    mark = _admin_mark(mark_id)
    reason = data.get("reason")
    try:
        library.reject_mark(db(), actor=user, mark=mark,
                            reason=reason if isinstance(reason, str) else "", now=utcnow())
    except library.LibraryError as error:
        raise library_error(error) from None
    db().commit()
    return jsonify(_one(mark))


describe("api.list_marks", responses={200: LIST_SCHEMA})
describe("api.create_mark", body=MARK_INPUT_SCHEMA, responses={201: MARK_SCHEMA, 200: MARK_SCHEMA})
describe("api.update_mark", body={**MARK_INPUT_SCHEMA, "required": []},
         responses={200: MARK_SCHEMA})
describe("api.upload_certificate", upload=True, responses={201: CERTIFICATE_SCHEMA})
describe("api.verify_mark", responses={200: MARK_SCHEMA})
describe("api.reject_mark", body={"type": "object", "required": ["reason"], "properties": {
    "reason": {"type": "string", "maxLength": 500}}}, responses={200: MARK_SCHEMA})
