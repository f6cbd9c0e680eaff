"""Reads for accounts: sign-in lookups, tokens, and which principals an agent may act for."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import or_, select

from ipp.accounts.models import AgentAuthorisation, ApiToken, Organisation, User
from ipp.accounts.operations import hash_token
from ipp.accounts.token_cache import Remembered, TokenCache


def user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


# Built once (every API request runs it): no statement building or cache key walk per request.
_USER_FOR_TOKEN = (select(User, ApiToken).join(ApiToken, ApiToken.user_id == User.id)
                   .where(ApiToken.token_hash == sa.bindparam("token_hash")))


def user_for_token(session: Session, token: str, *, now: datetime) -> tuple[User, ApiToken] | None:
    """The token's user and the token row, in one query on the token hash's unique index
    joined to the user by primary key (no further reads)."""
    return _live_token(session, hash_token(token), now=now)


def authenticate(session: Session, cache: TokenCache, token_hash: str, *,
                 generation: str | None, now: datetime) -> tuple[User, Remembered] | None:
    """The user of a live token and what is known of the token: remembered at this
    generation of users and tokens (no query), else read as user_for_token does and
    remembered (with Redis)."""
    entry = cache.get(token_hash, generation)
    if entry is not None:
        if entry.expires_at is not None and entry.expires_at <= now:
            return None
        return entry.user_in(session), entry
    found = _live_token(session, token_hash, now=now)
    if found is None:
        return None
    user, row = found
    return user, cache.put(token_hash, row, user, generation)


def _live_token(session: Session, token_hash: str, *, now: datetime):
    """(User, ApiToken) of this hash if the token is neither revoked nor expired and its
    user is active, else None."""
    found = session.execute(_USER_FOR_TOKEN, {"token_hash": token_hash}).first()
    return found if found is not None and _live(*found, now=now) else None


def _live(user: User, row: ApiToken, *, now: datetime) -> bool:
    if row.revoked_at is not None or (row.expires_at is not None and row.expires_at <= now):
        return False
    return user.active


def live_authorisations(session: Session, *, agent_org_id: int, on: date) -> list[AgentAuthorisation]:
    return list(session.exec(
        select(AgentAuthorisation).where(
            AgentAuthorisation.agent_org_id == agent_org_id,
            AgentAuthorisation.revoked_at.is_(None),
            AgentAuthorisation.valid_from <= on,
            or_(AgentAuthorisation.valid_until.is_(None), AgentAuthorisation.valid_until >= on),
        )
    ))


def principals_of_agent(session: Session, *, agent_org_id: int, on: date) -> list[Organisation]:
    ids = {a.principal_org_id for a in live_authorisations(session, agent_org_id=agent_org_id, on=on)}
    if not ids:
        return []
    return list(session.exec(select(Organisation).where(Organisation.id.in_(ids))
                             .order_by(Organisation.name)))


def org_by_name(session: Session, name: str) -> Organisation | None:
    return session.exec(select(Organisation).where(Organisation.name == name.strip())).first()


def letters_for(session: Session, org_id: int | None) -> list[AgentAuthorisation]:
    """Letters the organisation granted (as principal) or holds (as agent), newest first."""
    if org_id is None:
        return []
    return list(session.exec(select(AgentAuthorisation).where(or_(
        AgentAuthorisation.principal_org_id == org_id, AgentAuthorisation.agent_org_id == org_id))
        .order_by(AgentAuthorisation.created_at.desc(), AgentAuthorisation.id.desc())))


def letter_for(session: Session, org_id: int | None, letter_id) -> AgentAuthorisation | None:
    """One letter, only for its principal or its agent (anyone else: None, i.e. 404)."""
    try:
        letter_id = int(letter_id)
    except (TypeError, ValueError):
        return None
    letter = session.get(AgentAuthorisation, letter_id) if 0 < letter_id < 2**31 else None
    if letter is None or org_id is None or org_id not in (letter.principal_org_id,
                                                          letter.agent_org_id):
        return None
    return letter


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.exec(select(ApiToken).where(ApiToken.user_id == user_id)
                             .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))
