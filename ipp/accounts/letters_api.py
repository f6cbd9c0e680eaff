"""/api/v1/authorisations: letters of authorisation — list, grant, revoke, signed document."""

from flask import jsonify
from flask_babel import gettext as _

from ipp.accounts.letters import LETTER_INPUT_SCHEMA, LETTER_SCHEMA, LetterInvalid, grant, letter_json
from ipp.accounts.models import Role
from ipp.accounts.operations import AccountError, attach_letter_document, revoke_authorisation
from ipp.accounts.queries import letter_for, letters_for
from ipp.clock import utcnow
from ipp.marks.api import store_request_file
from ipp.web.access import api_auth
from ipp.web.api import api_bp, json_body, translated_fields
from ipp.web.context import db
from ipp.web.errors import APIError, ValidationFailed, not_found
from ipp.web.openapi import describe


@api_bp.get("/authorisations")
@api_auth(Role.RIGHTS_HOLDER, Role.AGENT)
def list_authorisations(user):
    today = utcnow().date()
    return jsonify({"items": [letter_json(db(), letter, today=today)
                              for letter in letters_for(db(), user.org_id)]})


@api_bp.post("/authorisations")
@api_auth(Role.RIGHTS_HOLDER)
def create_authorisation(user):
    data = json_body()
    now = utcnow()
    try:
        letter = grant(db(), actor=user, data=data, now=now)
    except LetterInvalid as error:
        raise ValidationFailed(translated_fields(error.fields)) from None
    db().commit()
    return jsonify(letter_json(db(), letter, today=now.date())), 201


def _granted(user, letter_id):
    """Only the principal manages a letter; the agent sees it but gets 403 here."""
    letter = letter_for(db(), user.org_id, letter_id)
    if letter is None:
        raise not_found()
    if letter.principal_org_id != user.org_id:
        raise APIError(403, "forbidden", _("You are not allowed to do this."))
    return letter


@api_bp.post("/authorisations/<letter_id>/revoke")
@api_auth(Role.RIGHTS_HOLDER)
def revoke_letter(user, letter_id):
    letter = _granted(user, letter_id)
    now = utcnow()
    try:
        revoke_authorisation(db(), actor=user, letter=letter, now=now)
    except AccountError:
        raise APIError(409, "conflict", _("This authorisation is already revoked.")) from None
    db().commit()
    return jsonify(letter_json(db(), letter, today=now.date()))


@api_bp.post("/authorisations/<letter_id>/document")
@api_auth(Role.RIGHTS_HOLDER)
def upload_letter_document(user, letter_id):
    letter = _granted(user, letter_id)
    key, _data, name = store_request_file(
        _("Attach the signed letter as a file named \"file\"."))
    now = utcnow()
    attach_letter_document(db(), actor=user, letter=letter, key=key, name=name, now=now)
    db().commit()
    return jsonify(letter_json(db(), letter, today=now.date()))


_LIST = {"type": "object", "required": ["items"],
         "properties": {"items": {"type": "array", "items": LETTER_SCHEMA}}}
describe("api.list_authorisations", responses={200: _LIST})
describe("api.create_authorisation", body=LETTER_INPUT_SCHEMA, responses={201: LETTER_SCHEMA})
describe("api.revoke_letter", responses={200: LETTER_SCHEMA})
describe("api.upload_letter_document", upload=True, responses={200: LETTER_SCHEMA})
