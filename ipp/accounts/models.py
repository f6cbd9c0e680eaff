"""Organisations, people, API tokens and agents' letters of authorisation."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ipp.db import json_column, utc_column


class Role(StrEnum):
    RIGHTS_HOLDER = "rights_holder"
    AGENT = "agent"
    REVIEWER = "reviewer"
    ADMIN = "admin"
    SELLER = "seller"


class OrgKind(StrEnum):
    RIGHTS_HOLDER = "rights_holder"
    AGENT = "agent"
    PLATFORM = "platform"
    SELLER = "seller"


# A user of this role belongs to an organisation of this kind.
ORG_KIND_FOR_ROLE = {
    Role.RIGHTS_HOLDER: OrgKind.RIGHTS_HOLDER,
    Role.AGENT: OrgKind.AGENT,
    Role.REVIEWER: OrgKind.PLATFORM,
    Role.ADMIN: OrgKind.PLATFORM,
    Role.SELLER: OrgKind.SELLER,
}


class Organisation(SQLModel, table=True):
    __tablename__ = "organisation"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True, index=True)
    kind: str = Field(max_length=20, default=OrgKind.RIGHTS_HOLDER)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))


class User(SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=20)
    org_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    language: str = Field(max_length=10, default="en")
    timezone: str = Field(max_length=64, default="UTC")
    # Reviewers: the languages they read and skills such as "health", for routing.
    review_languages: list = Field(default_factory=list, sa_column=json_column())
    review_skills: list = Field(default_factory=list, sa_column=json_column())
    # E-mail notifications: immediate, daily (digest) or off; legal notices are always sent.
    notify_email: str = Field(max_length=10, default="immediate",
                              sa_column_kwargs={"server_default": "immediate"})
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    last_login_at: datetime | None = Field(default=None, sa_column=utc_column())

    # Flask-Login protocol; written out because UserMixin's properties clash with SQLModel.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    name: str = Field(max_length=100, default="")
    # Only a SHA-256 of the token is kept; the token itself is shown once.
    token_hash: str = Field(max_length=64, unique=True, index=True)
    prefix: str = Field(max_length=12)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    expires_at: datetime | None = Field(default=None, sa_column=utc_column())
    last_used_at: datetime | None = Field(default=None, sa_column=utc_column())
    revoked_at: datetime | None = Field(default=None, sa_column=utc_column())


class AgentAuthorisation(SQLModel, table=True):
    """A letter of authorisation: the principal lets the agent file for some or all marks."""

    __tablename__ = "agent_authorisation"

    id: int | None = Field(default=None, primary_key=True)
    agent_org_id: int = Field(foreign_key="organisation.id", index=True)
    principal_org_id: int = Field(foreign_key="organisation.id", index=True)
    all_marks: bool = Field(default=True)
    mark_ids: list = Field(default_factory=list, sa_column=json_column())
    valid_from: date
    valid_until: date | None = None
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    revoked_at: datetime | None = Field(default=None, sa_column=utc_column())
    # The signed letter, in the content-addressed store (ipp.storage).
    document_key: str | None = Field(default=None, sa_column=sa.Column(sa.String(64),
                                                                       nullable=True))
    document_name: str | None = Field(default=None, sa_column=sa.Column(sa.String(200),
                                                                        nullable=True))


class IdempotencyRecord(SQLModel, table=True):
    """A POST's first answer under its Idempotency-Key, replayed to retries for 24 hours."""

    __tablename__ = "idempotency_record"
    __table_args__ = (sa.UniqueConstraint("token_id", "key", name="uq_idempotency_token_key"),)

    id: int | None = Field(default=None, primary_key=True)
    token_id: int = Field(foreign_key="api_token.id", index=True)
    key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64)
    # None while the first request is still running.
    status_code: int | None = None
    body: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    created_at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
