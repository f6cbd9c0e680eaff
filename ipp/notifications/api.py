"""/api/v1: the complaint's message thread, and the caller's notifications."""

from flask import jsonify
from flask_babel import get_locale
from flask_babel import gettext as _

from ipp.clock import iso, utcnow
from ipp.complaints.operations import Refused
from ipp.complaints.queries import get_complaint
from ipp.notifications import queries, render, thread
from ipp.web.access import api_auth
from ipp.web.api import api_bp, json_body, translated_fields
from ipp.web.context import db
from ipp.web.errors import APIError, not_found


def _message_json(message, files) -> dict:
    return {"id": message.id, "kind": message.kind, "body": message.body,
            "language": message.language, "created_at": iso(message.created_at),
            "attachments": [{"id": f.id, "filename": f.filename, "size": f.size} for f in files]}


@api_bp.get("/complaints/<complaint_id>/messages")
@api_auth("rights_holder", "agent", "reviewer", "admin")
def list_messages(user, complaint_id):
    complaint = get_complaint(db(), user, complaint_id)
    if complaint is None:
        raise not_found()
    return jsonify({"items": [_message_json(m, files)
                              for m, _a, files in thread.messages(db(), complaint.id)]})


@api_bp.post("/complaints/<complaint_id>/messages")
@api_auth("rights_holder", "agent", "reviewer", "admin")
def post_message_api(user, complaint_id):
    data = json_body()
    complaint = get_complaint(db(), user, complaint_id)
    if complaint is None:
        raise not_found()
    try:
        message = thread.post(db(), actor=user, complaint=complaint, body=data.get("body"),
                              language=str(get_locale()), now=utcnow())
    except Refused as error:
        codes = {403: "forbidden", 409: "conflict", 422: "invalid"}
        raise APIError(error.status, codes.get(error.status, "invalid"), _(error.message),
                       translated_fields(error.fields)) from None
    db().commit()
    return jsonify(_message_json(message, [])), 201


@api_bp.get("/notifications")
@api_auth()
def list_notifications(user):
    rows = queries.recent(db(), user)
    items = render.contents_here(rows)
    return jsonify({"unread": queries.unread_count(db(), user), "items": [
        {"id": n.id, "kind": n.kind, "complaint_id": n.complaint_id, "subject": c.subject,
         "lines": c.lines, "link": c.link, "created_at": iso(n.created_at),
         "read_at": iso(n.read_at), "email_state": n.email_state, "legal": n.legal}
        for n, c in zip(rows, items, strict=True)]})


@api_bp.post("/notifications/<notification_id>/read")
@api_auth()
def read_notification(user, notification_id):
    row = queries.own(db(), user, int(notification_id)) if notification_id.isdigit() else None
    if row is None:
        raise not_found()
    row.read_at = row.read_at or utcnow()
    db().commit()
    return jsonify({"id": row.id, "read_at": iso(row.read_at)})
