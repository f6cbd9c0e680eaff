"""Writes for marks: the JSONL import (upsert by office and number)."""

from datetime import date, datetime

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp import audit
from ipp.accounts.models import OrgKind
from ipp.accounts.operations import get_or_create_org
from ipp.importing import LineError, nice_class_list, require_str, str_list
from ipp.marks.models import OFFICE_TERRITORIES, Mark, MarkStatus

_FIELDS = ("text", "aliases", "nice_classes", "territories", "owner_org_id", "status",
           "registered_on", "expires_on")


def _date(obj: dict, key: str, *, optional: bool) -> date | None:
    value = obj.get(key)
    if value in (None, ""):
        if optional:
            return None
        raise LineError(f"{key}: required")
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise LineError(f"{key}: not a date YYYY-MM-DD: {value!r}") from None


def parse_mark(obj: dict) -> dict:
    office = require_str(obj, "office", max_len=20).upper()
    number = require_str(obj, "number", max_len=64)
    text = require_str(obj, "text", max_len=300)
    status = require_str(obj, "status", max_len=20)
    if status not in set(MarkStatus):
        raise LineError(f"status: one of {', '.join(MarkStatus)}")
    territories = [t.upper() for t in str_list(obj, "territories")] if obj.get("territories") \
        else list(OFFICE_TERRITORIES.get(office, []))
    return {
        "office": office,
        "number": number,
        "text": text,
        "aliases": str_list(obj, "aliases"),
        "nice_classes": nice_class_list(obj, "nice_classes"),
        "territories": territories,
        "owner": require_str(obj, "owner", max_len=200),
        "status": status,
        "registered_on": _date(obj, "registered_on", optional=True),
        "expires_on": _date(obj, "expires_on", optional=True),
    }


def upsert_mark(session: Session, obj: dict, *, now: datetime) -> str:
    values = parse_mark(obj)
    owner = get_or_create_org(session, values.pop("owner"), kind=OrgKind.RIGHTS_HOLDER, now=now)
    values["owner_org_id"] = owner.id
    mark = session.exec(select(Mark).where(Mark.office == values["office"],
                                           Mark.number == values["number"])).first()
    if mark is None:
        mark = Mark(**values, created_at=now, updated_at=now)
        session.add(mark)
        session.flush()
        audit.record(session, actor_id=None, entity="mark", entity_id=mark.id, action="import",
                     after=_snapshot(mark), now=now)
        return "created"
    before = _snapshot(mark)
    for key in _FIELDS:
        setattr(mark, key, values[key])
    if _snapshot(mark) == before:
        return "unchanged"
    mark.updated_at = now
    audit.record(session, actor_id=None, entity="mark", entity_id=mark.id, action="import",
                 before=before, after=_snapshot(mark), now=now)
    return "updated"


def _snapshot(mark: Mark) -> dict:
    snap = {key: getattr(mark, key) for key in _FIELDS}
    for key in ("registered_on", "expires_on"):
        snap[key] = snap[key].isoformat() if snap[key] else None
    return snap
