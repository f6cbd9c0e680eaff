"""Who may call what: sign-in for pages, bearer tokens for the API, roles for both."""

from functools import wraps

from flask import abort, current_app, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ipp.accounts.queries import user_for_token
from ipp.clock import utcnow
from ipp.web.context import db, runtime
from ipp.web.errors import APIError


def roles_required(*roles: str):
    """A page for signed-in users of these roles (any role when none are named)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("accounts.login", next=request.full_path))
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def api_auth(*roles: str):
    """An API route for a valid bearer token of these roles; rate limited per token."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            token = _bearer_token()
            now = utcnow()
            found = user_for_token(db(), token, now=now) if token else None
            if found is None:
                raise APIError(401, "unauthorized", _("Sign-in required: send a valid API token."))
            user, row = found
            _rate_limit(row.id)
            # Last use to the minute is enough and saves a write per request.
            if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
                row.last_used_at = now
                db().commit()
            g.api_user = user
            if roles and user.role not in roles:
                raise APIError(403, "forbidden", _("You are not allowed to do this."))
            return view(user, *args, **kwargs)

        return wrapped

    return decorator


def _rate_limit(token_id: int) -> None:
    limit = runtime().settings.api_rate_limit
    allowed, retry_after = current_app.extensions["ipp_limiter"].hit(f"api:{token_id}", limit, 1)
    if not allowed:
        raise APIError(429, "rate_limited", _("Too many requests. Please wait and try again."),
                       headers={"Retry-After": str(retry_after)})
