"""The append-only audit log: who changed what, when, from what to what."""

from datetime import datetime

from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel

from ipp.db import json_column, utc_column


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=utc_column(nullable=False, index=True))
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=64, index=True)
    action: str = Field(max_length=60)
    before: dict | None = Field(default=None, sa_column=json_column(nullable=True))
    after: dict | None = Field(default=None, sa_column=json_column(nullable=True))


def record(session: Session, *, actor_id: int | None, entity: str, entity_id, action: str,
           before: dict | None = None, after: dict | None = None, now: datetime) -> AuditEntry:
    entry = AuditEntry(at=now, actor_id=actor_id, entity=entity, entity_id=str(entity_id),
                       action=action, before=before, after=after)
    session.add(entry)
    return entry
