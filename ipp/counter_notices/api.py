"""/api/v1: a seller files a counter-notice; the complainant maintains or withdraws."""

from flask import jsonify
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ipp.accounts.models import Role
from ipp.clock import iso, utcnow
from ipp.complaints.operations import Refused
from ipp.counter_notices import operations, queries
from ipp.counter_notices.rules import Invalid, parse_filing, parse_response
from ipp.counter_notices.serialize import notice_json
from ipp.listings.models import Listing
from ipp.web.access import api_auth
from ipp.web.api import api_bp, json_body, translated_fields
from ipp.web.context import db
from ipp.web.errors import APIError, ValidationFailed, not_found


def refused(error: Refused) -> APIError:
    codes = {403: "forbidden", 404: "not_found", 409: "conflict", 422: "invalid"}
    params = {"deadline": iso(error.deadline)} if hasattr(error, "deadline") else {}
    return APIError(error.status, codes.get(error.status, "invalid"),
                    _(error.message, **params), translated_fields(error.fields))


def _notice_response(notice, status: int = 200):
    listing = db().get(Listing, notice.listing_id)
    return jsonify(notice_json(notice, listing.external_id)), status


@api_bp.post("/listings/<listing_id>/counter-notice")
@api_auth(Role.SELLER)
def file_counter_notice(user, listing_id):
    data = json_body()
    try:
        filing = parse_filing(data)
    except Invalid as error:
        raise ValidationFailed(translated_fields(error.fields)) from None
    found = queries.seller_row(db(), user, listing_ref=listing_id,
                               complaint_id=filing.complaint_id)
    if found is None:
        raise not_found()
    try:
        notice = operations.file_counter_notice(db(), actor=user, row=found[0], filing=filing,
                                                language=str(get_locale()), now=utcnow())
        db().commit()
    except IntegrityError:
        db().rollback()
        raise refused(Refused(409, operations.DUPLICATE)) from None
    except Refused as error:
        raise refused(error) from None
    return _notice_response(notice, 201)


@api_bp.get("/counter-notices/<notice_id>")
@api_auth()
def read_counter_notice(user, notice_id):
    notice = queries.get_notice(db(), user, notice_id)
    if notice is None:
        raise not_found()
    return _notice_response(notice)


@api_bp.post("/counter-notices/<notice_id>/response")
@api_auth(Role.RIGHTS_HOLDER, Role.AGENT)
def respond_counter_notice(user, notice_id):
    data = json_body()
    notice = queries.get_notice(db(), user, notice_id)
    if notice is None:
        raise not_found()
    try:
        response = parse_response(data)
        operations.respond(db(), actor=user, notice=notice, response=response,
                           language=str(get_locale()), now=utcnow())
    except Invalid as error:
        raise ValidationFailed(translated_fields(error.fields)) from None
    except Refused as error:
        raise refused(error) from None
    db().commit()
    return _notice_response(notice)
