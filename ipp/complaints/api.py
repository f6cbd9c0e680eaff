"""/api/v1/complaints: file, list, read, withdraw, answer a need-info request."""

from flask import jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _

from ipp.accounts.models import Role
from ipp.clock import iso, utcnow
from ipp.complaints import evidence, operations
from ipp.complaints.models import Complaint
from ipp.complaints.queries import get_complaint, list_rows
from ipp.complaints.serialize import complaint_json, complaint_row_json
from ipp.complaints.states import ComplaintStatus
from ipp.complaints.validation import FilingInvalid, parse_filing
from ipp.counter_notices.files import attachments_dir
from ipp.web.access import api_auth
from ipp.web.api import api_bp, json_body, translated_fields
from ipp.web.context import db, runtime
from ipp.web.errors import APIError, ValidationFailed, not_found

FILERS = (Role.RIGHTS_HOLDER, Role.AGENT)


def refused(error: operations.Refused) -> APIError:
    codes = {403: "forbidden", 404: "not_found", 409: "conflict", 422: "invalid"}
    return APIError(error.status, codes.get(error.status, "invalid"), _(error.message),
                    translated_fields(error.fields))


@api_bp.post("/complaints")
@api_auth(*FILERS)
def file_complaint(user):
    data = json_body()
    try:
        filing = parse_filing(data, is_agent=user.role == Role.AGENT)
        complaint = operations.file_complaint(db(), actor=user, filing=filing,
                                              language=str(get_locale()), now=utcnow())
    except FilingInvalid as error:
        raise ValidationFailed(translated_fields(error.fields)) from None
    except operations.Refused as error:
        raise refused(error) from None
    db().commit()
    return jsonify(complaint_json(db(), complaint)), 201


@api_bp.get("/complaints")
@api_auth()
def list_(user):
    status = request.args.get("status")
    if status and status not in set(ComplaintStatus):
        raise ValidationFailed({"status": _("Unknown status.")})
    expand = request.args.get("expand")
    if expand not in (None, "", "listings"):
        raise ValidationFailed({"expand": _("Only \"listings\" can be expanded.")})
    cursor = request.args.get("cursor")
    before = None
    if cursor:
        at, _sep, cid = cursor.partition("~")
        if not cid:
            raise ValidationFailed({"cursor": _("Not a cursor from this API.")})
        before = (at, cid)
    try:
        items, last = list_rows(db(), user, status=status, before=before)
    except ValueError:
        raise ValidationFailed({"cursor": _("Not a cursor from this API.")}) from None
    # Light rows by default: a complaint's listings and their translated checks are on
    # GET /complaints/{id}, or here with ?expand=listings (slower: a page of full complaints).
    if expand == "listings":
        found = [complaint_json(db(), db().get(Complaint, row.id)) | {"listing_count": count}
                 for row, count in items]
    else:
        found = [complaint_row_json(row, count) for row, count in items]
    return jsonify({"items": found,
                    "next": f"{iso(last.received_at)}~{last.id}" if last else None})


@api_bp.get("/complaints/<complaint_id>")
@api_auth()
def read(user, complaint_id):
    complaint = get_complaint(db(), user, complaint_id)
    if complaint is None:
        raise not_found()
    return jsonify(complaint_json(db(), complaint))


@api_bp.post("/complaints/<complaint_id>/withdraw")
@api_auth(*FILERS)
def withdraw(user, complaint_id):
    complaint = get_complaint(db(), user, complaint_id)
    if complaint is None:
        raise not_found()
    try:
        operations.withdraw(db(), actor=user, complaint=complaint, now=utcnow())
    except operations.Refused as error:
        raise refused(error) from None
    db().commit()
    return jsonify(complaint_json(db(), complaint))


@api_bp.post("/complaints/<complaint_id>/info")
@api_auth(*FILERS)
def answer_info(user, complaint_id):
    data = json_body()
    complaint = get_complaint(db(), user, complaint_id)
    if complaint is None:
        raise not_found()
    note = data.get("note")
    if not isinstance(note, str) or not note.strip():
        raise ValidationFailed({"note": _("This field is required.")})
    if len(note) > 10_000:
        raise ValidationFailed({"note": _("Too long.")})
    try:
        operations.answer_info(db(), actor=user, complaint=complaint, note=note.strip(),
                               now=utcnow())
    except operations.Refused as error:
        raise refused(error) from None
    db().commit()
    return jsonify(complaint_json(db(), complaint))


@api_bp.post("/complaints/<complaint_id>/evidence")
@api_auth(*FILERS)
def add_evidence(user, complaint_id):
    """Add evidence files (multipart field `evidence`, repeated) to a complaint you filed."""
    complaint = get_complaint(db(), user, complaint_id)
    if complaint is None:
        raise not_found()
    uploads = evidence.uploads_from(request.files)
    if not uploads:
        raise ValidationFailed({"evidence": _("Choose a PDF or image file.")})
    try:
        rows = evidence.add_evidence(db(), actor=user, complaint=complaint, uploads=uploads,
                                     directory=attachments_dir(runtime().settings.data_dir),
                                     now=utcnow())
    except operations.Refused as error:
        raise refused(error) from None
    db().commit()
    return jsonify({"evidence": [{"id": r.id, "filename": r.filename, "sha256": r.sha256,
                                  "size": r.size} for r in rows]}), 201
