"""Idempotency-Key on API POSTs: a retry with the same key and body gets the first answer."""

import hashlib
from datetime import datetime

from flask import Response, g, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import IdempotencyRecord
from ipp.accounts.queries import user_for_token
from ipp.accounts.sweep import KEEP
from ipp.clock import utcnow
from ipp.web.api import api_bp
from ipp.web.context import db
from ipp.web.errors import APIError

HEADER = "Idempotency-Key"
# Answers that say nothing about the request itself are not replayed: retry them for real.
_NOT_KEPT = {401, 429}


def _token_id() -> int | None:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    found = user_for_token(db(), token.strip(), now=utcnow())
    return found[1].id if found else None


def _digest() -> str:
    raw = request.method.encode() + b" " + request.path.encode() + b"\n" + request.get_data()
    return hashlib.sha256(raw).hexdigest()


@api_bp.before_request
def replay_or_reserve():
    key = request.headers.get(HEADER)
    if request.method != "POST" or key is None:
        return None
    key = key.strip()
    if not key or len(key) > 200:
        raise APIError(400, "malformed", _("An Idempotency-Key has 1 to 200 characters."))
    token_id = _token_id()
    if token_id is None:
        return None  # the route answers 401
    session, now, digest = db(), utcnow(), _digest()
    row = session.exec(select(IdempotencyRecord).where(IdempotencyRecord.token_id == token_id,
                                                       IdempotencyRecord.key == key)).first()
    if row is not None and row.created_at <= now - KEEP:
        session.delete(row)
        session.flush()
        row = None
    if row is None:
        return _reserve(session, token_id, key, digest, now)
    if row.request_hash != digest:
        raise APIError(422, "idempotency_mismatch", _("This Idempotency-Key was already used "
                                                      "with a different request."))
    if row.status_code is None:
        raise APIError(409, "conflict", _("A request with this Idempotency-Key is still "
                                          "running. Try again shortly."))
    return Response(row.body, status=row.status_code, mimetype="application/json",
                    headers={"Idempotent-Replayed": "true"})


def _reserve(session: Session, token_id: int, key: str, digest: str, now: datetime):
    """Claims the key before the work runs, so two concurrent retries never both file."""
    row = IdempotencyRecord(token_id=token_id, key=key, request_hash=digest, created_at=now)
    session.add(row)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise APIError(409, "conflict", _("A request with this Idempotency-Key is still "
                                          "running. Try again shortly.")) from None
    g.idempotency_id = row.id
    return None


@api_bp.after_request
def remember(response: Response) -> Response:
    row_id = g.pop("idempotency_id", None)
    if row_id is None:
        return response
    session = db()
    session.rollback()  # whatever the route did not commit is abandoned anyway
    row = session.get(IdempotencyRecord, row_id)
    if row is not None:
        if response.status_code >= 500 or response.status_code in _NOT_KEPT \
                or response.is_streamed:
            session.delete(row)
        else:
            row.status_code = response.status_code
            row.body = response.get_data(as_text=True)
        session.commit()
    return response
