"""The /api/v1 blueprint; each domain's api.py adds its routes to it."""

from flask import Blueprint, request
from flask_babel import gettext as _

from ipp.web.errors import APIError

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")


def json_body() -> dict:
    """The request's JSON object, or a 400 that says what is wrong with it."""
    if not request.is_json:
        raise APIError(400, "malformed", _("Send a JSON body with Content-Type: "
                                           "application/json."))
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise APIError(400, "malformed", _("The body is not a valid JSON object."))
    return data


def translated_fields(fields: dict[str, str]) -> dict[str, str]:
    return {key: _(msgid) for key, msgid in fields.items()}


# The domains register their routes on api_bp when imported.
from ipp.accounts import api as _accounts_api  # noqa: E402,F401
from ipp.accounts import idempotency as _idempotency  # noqa: E402,F401
from ipp.accounts import letters_api as _letters_api  # noqa: E402,F401
from ipp.complaints import api as _complaints_api  # noqa: E402,F401
from ipp.complaints import bulk_api as _bulk_api  # noqa: E402,F401
from ipp.counter_notices import api as _counter_notices_api  # noqa: E402,F401
from ipp.marks import api as _marks_api  # noqa: E402,F401
from ipp.notifications import api as _notifications_api  # noqa: E402,F401
from ipp.reports import api as _reports_api  # noqa: E402,F401
from ipp.reputation import api as _reputation_api  # noqa: E402,F401
from ipp.review import api as _review_api  # noqa: E402,F401
from ipp.verification import api as _verification_api  # noqa: E402,F401
from ipp.web import openapi as _openapi  # noqa: E402,F401
