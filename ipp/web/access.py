"""Who may call what: sign-in for pages, bearer tokens for the API, roles for both."""

from functools import wraps

import sqlalchemy as sa
from flask import abort, current_app, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ipp.accounts.models import ApiToken
from ipp.accounts.operations import hash_token
from ipp.accounts.queries import authenticate
from ipp.accounts.token_cache import GENERATION_KEY, new_generation
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
            if token is None:
                raise _unauthorized()
            token_hash = hash_token(token)
            # The count comes first (any token, valid or not, is counted), with the
            # generation of users and tokens in the same round trip: a token remembered at
            # this generation needs no database read.
            generation = _rate_limit(token_hash)
            now = utcnow()
            found = authenticate(db(), current_app.extensions["ipp_tokens"], token_hash,
                                 generation=generation, now=now)
            if found is None:
                raise _unauthorized()
            user, token_row = found
            # Last use to the minute is enough and saves a write per request; a plain
            # UPDATE, which does not move the generation on.
            if token_row.last_used_at is None or \
                    (now - token_row.last_used_at).total_seconds() > 60:
                db().execute(sa.update(ApiToken).where(ApiToken.id == token_row.token_id)
                             .values(last_used_at=now))
                db().commit()
                token_row.last_used_at = now
            g.api_user = user
            if roles and user.role not in roles:
                raise APIError(403, "forbidden", _("You are not allowed to do this."))
            return view(user, *args, **kwargs)

        return wrapped

    return decorator


def _unauthorized() -> APIError:
    return APIError(401, "unauthorized", _("Sign-in required: send a valid API token."))


def _rate_limit(token_hash: str) -> str | None:
    """Counts the request (429 past the limit); the generation of users and tokens, or None
    without Redis."""
    limit = runtime().settings.api_rate_limit
    allowed, retry_after, generation = current_app.extensions["ipp_limiter"].hit_and_read(
        f"api:{token_hash[:32]}", limit, 1, GENERATION_KEY, new_generation())
    if not allowed:
        raise APIError(429, "rate_limited", _("Too many requests. Please wait and try again."),
                       headers={"Retry-After": str(retry_after)})
    return generation
