"""Writes for accounts: organisations, users, API tokens, authorisations."""

import hashlib
import secrets
from datetime import date, datetime

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp import audit
from ipp.accounts.models import (
    ORG_KIND_FOR_ROLE,
    AgentAuthorisation,
    ApiToken,
    Organisation,
    OrgKind,
    Role,
    User,
)
from ipp.accounts.passwords import hash_password
from ipp.i18n.locales import normalise_locale


class AccountError(ValueError):
    """Bad input to an account operation; the message names the problem."""


def get_or_create_org(session: Session, name: str, *, kind: str, now: datetime) -> Organisation:
    name = name.strip()
    if not name:
        raise AccountError("organisation name is empty")
    org = session.exec(select(Organisation).where(Organisation.name == name)).first()
    if org is None:
        org = Organisation(name=name, kind=kind, created_at=now)
        session.add(org)
        session.flush()
        audit.record(session, actor_id=None, entity="organisation", entity_id=org.id,
                     action="create", after={"name": name, "kind": kind}, now=now)
    return org


def create_user(session: Session, *, actor: User | None, email: str, password: str, role: str,
                org_name: str | None, language: str = "en", now: datetime) -> User:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise AccountError(f"not an email address: {email!r}")
    if len(password) < 8:
        raise AccountError("password must have at least 8 characters")
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(f"unknown role {role!r}; one of {', '.join(Role)}") from None
    locale = normalise_locale(language)
    if locale is None:
        raise AccountError(f"unknown language {language!r}")
    if session.exec(select(User).where(User.email == email)).first():
        raise AccountError(f"a user with email {email} exists already")
    org = None
    if org_name:
        org = get_or_create_org(session, org_name, kind=ORG_KIND_FOR_ROLE[role], now=now)
    elif role in (Role.RIGHTS_HOLDER, Role.AGENT, Role.SELLER):
        raise AccountError(f"--org is required for role {role}")
    if role is Role.SELLER:
        from ipp.listings.operations import get_or_create_seller

        seller = get_or_create_seller(session, org.name, now=now)
        seller.org_id = org.id
    user = User(email=email, password_hash=hash_password(password), role=role,
                org_id=org.id if org else None, language=locale, created_at=now)
    session.add(user)
    session.flush()
    audit.record(session, actor_id=actor.id if actor else None, entity="user", entity_id=user.id,
                 action="create", after={"email": email, "role": role, "org": org_name}, now=now)
    return user


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, *, actor: User | None, user: User, name: str = "",
                 expires_at: datetime | None = None, now: datetime) -> tuple[ApiToken, str]:
    """Returns the row and the token itself, which is not stored and cannot be shown again."""
    token = "ipp_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name, token_hash=hash_token(token), prefix=token[:10],
                   created_at=now, expires_at=expires_at)
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.id if actor else user.id, entity="api_token",
                 entity_id=row.id, action="create", after={"user": user.email, "name": name},
                 now=now)
    return row, token


def revoke_token(session: Session, *, actor: User, token: ApiToken, now: datetime) -> None:
    token.revoked_at = now
    audit.record(session, actor_id=actor.id, entity="api_token", entity_id=token.id,
                 action="revoke", now=now)


def authorize_agent(session: Session, *, actor: User | None, agent_org: Organisation,
                    principal_org: Organisation, mark_ids: list[int] | None,
                    valid_from: date, valid_until: date | None, now: datetime) -> AgentAuthorisation:
    if agent_org.kind != OrgKind.AGENT:
        raise AccountError(f"{agent_org.name} is not an agent organisation")
    if principal_org.kind != OrgKind.RIGHTS_HOLDER:
        raise AccountError(f"{principal_org.name} is not a rights holder")
    if valid_until is not None and valid_until < valid_from:
        raise AccountError("the authorisation ends before it starts")
    letter = AgentAuthorisation(
        agent_org_id=agent_org.id, principal_org_id=principal_org.id,
        all_marks=mark_ids is None, mark_ids=sorted(mark_ids or []),
        valid_from=valid_from, valid_until=valid_until, created_at=now,
        created_by_id=actor.id if actor else None,
    )
    session.add(letter)
    session.flush()
    audit.record(session, actor_id=actor.id if actor else None, entity="agent_authorisation",
                 entity_id=letter.id, action="create",
                 after={"agent": agent_org.name, "principal": principal_org.name,
                        "marks": "all" if mark_ids is None else letter.mark_ids,
                        "until": valid_until.isoformat() if valid_until else None}, now=now)
    return letter


def revoke_authorisation(session: Session, *, actor: User, letter: AgentAuthorisation,
                         now: datetime) -> None:
    """Takes effect at once: every filing check reads live_authorisations."""
    if letter.revoked_at is not None:
        raise AccountError("this authorisation is already revoked")
    letter.revoked_at = now
    audit.record(session, actor_id=actor.id, entity="agent_authorisation", entity_id=letter.id,
                 action="revoke", now=now)


def attach_letter_document(session: Session, *, actor: User, letter: AgentAuthorisation,
                           key: str, name: str, now: datetime) -> None:
    letter.document_key, letter.document_name = key, name
    audit.record(session, actor_id=actor.id, entity="agent_authorisation", entity_id=letter.id,
                 action="document", after={"key": key, "name": name}, now=now)
