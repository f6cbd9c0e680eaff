"""One error shape: api.md's JSON for /api routes, a friendly localized page elsewhere."""

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException


class APIError(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}
        self.headers = headers or {}


class ValidationFailed(APIError):
    """Valid JSON, invalid content: 422 with a reason per field."""

    def __init__(self, fields: dict, message: str | None = None):
        super().__init__(422, "invalid", message or _("Some fields are not valid."), fields)


def not_found() -> APIError:
    # Also what another organisation's data looks like: never reveal it exists.
    return APIError(404, "not_found", _("Not found."))


def _http_code(status: int) -> str:
    return {400: "malformed", 401: "unauthorized", 403: "forbidden", 404: "not_found",
            405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported",
            422: "invalid", 429: "rate_limited", 503: "unavailable"}.get(status, "error")


def _http_message(status: int) -> str:
    messages = {
        400: _("The request could not be understood."),
        401: _("Sign-in required: send a valid API token."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        409: _("This conflicts with the current state."),
        413: _("The request is too large."),
        415: _("Unsupported content type."),
        422: _("Some fields are not valid."),
        429: _("Too many requests. Please wait and try again."),
        503: _("The service is temporarily unavailable. Please try again shortly."),
    }
    return messages.get(status, _("Something went wrong on our side. Please try again."))


def _is_api() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, fields=None, headers=None):
    if _is_api():
        body = {"error": {"code": code, "message": message, "fields": fields or {}}}
        response = jsonify(body)
    else:
        response = render_template("web/error.html", status=status, message=message,
                                   fields=fields or {})
    return response, status, headers or {}


def register_error_handlers(app) -> None:
    @app.errorhandler(APIError)
    def _api_error(error: APIError):
        return error_response(error.status, error.code, error.message, error.fields,
                              error.headers)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        status = error.code or 500
        headers = {"Retry-After": error.retry_after} if getattr(error, "retry_after", None) else {}
        if status == 400 and getattr(error, "description", "").startswith("The CSRF"):
            return error_response(400, "csrf", _("The form expired. Please reload the page and try again."))
        return error_response(status, _http_code(status), _http_message(status), headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        from sqlalchemy.exc import DBAPIError, OperationalError

        if isinstance(error, OperationalError) or (
                isinstance(error, DBAPIError) and error.connection_invalidated):
            app.logger.warning("database unavailable: %s", error)
            return error_response(503, "unavailable", _http_message(503), headers={"Retry-After": "5"})
        app.logger.exception("unhandled error")
        return error_response(500, "error", _http_message(500))
