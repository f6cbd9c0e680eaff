"""/api/v1/auth: exchanging an email and password for a bearer token."""

from flask import current_app, jsonify, request
from flask_babel import gettext as _

from ipp.accounts.operations import create_token
from ipp.accounts.passwords import verify_password
from ipp.accounts.queries import user_by_email
from ipp.clock import utcnow
from ipp.web.api import api_bp, json_body
from ipp.web.context import db
from ipp.web.errors import APIError, ValidationFailed

# Failed sign-ins allowed per email and per address in a 5-minute window.
LOGIN_FAILURES = 10
LOGIN_WINDOW = 300


def login_throttled(email: str) -> int | None:
    """Seconds to wait when too many sign-ins failed lately, else None."""
    limiter = current_app.extensions["ipp_limiter"]
    for key in (f"login:{email}", f"login-ip:{request.remote_addr}"):
        if limiter.peek(key, LOGIN_WINDOW) >= LOGIN_FAILURES:
            return LOGIN_WINDOW
    return None


def record_login_failure(email: str) -> None:
    limiter = current_app.extensions["ipp_limiter"]
    limiter.hit(f"login:{email}", LOGIN_FAILURES, LOGIN_WINDOW)
    limiter.hit(f"login-ip:{request.remote_addr}", LOGIN_FAILURES * 5, LOGIN_WINDOW)


@api_bp.post("/auth/token")
def issue_token():
    data = json_body()
    email, password = data.get("email"), data.get("password")
    fields = {}
    if not isinstance(email, str) or not email.strip():
        fields["email"] = _("This field is required.")
    if not isinstance(password, str) or not password:
        fields["password"] = _("This field is required.")
    if fields:
        raise ValidationFailed(fields)
    email = email.strip().lower()
    wait = login_throttled(email)
    if wait:
        raise APIError(429, "rate_limited", _("Too many failed sign-ins. Please wait and try "
                                              "again."), headers={"Retry-After": str(wait)})
    user = user_by_email(db(), email)
    if not verify_password(user.password_hash if user else None, password) or not user.active:
        record_login_failure(email)
        raise APIError(401, "unauthorized", _("Wrong email or password."))
    _row, token = create_token(db(), actor=user, user=user, name="api login", now=utcnow())
    db().commit()
    return jsonify({"token": token}), 201
