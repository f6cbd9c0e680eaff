"""Letters of authorisation as rights holders create them (web form and API share this)."""

from datetime import date, datetime

from sqlalchemy.orm import Session

from ipp.accounts.models import AgentAuthorisation, Organisation, OrgKind, Role, User
from ipp.accounts.operations import AccountError, authorize_agent
from ipp.accounts.queries import org_by_name
from ipp.clock import iso
from ipp.i18n.markers import N_
from ipp.marks.queries import mark_of_org

LETTER_SCHEMA = {
    "type": "object", "required": ["id", "principal", "agent", "all_marks", "valid_from"],
    "properties": {
        "id": {"type": "integer"}, "principal": {"type": "string"}, "agent": {"type": "string"},
        "all_marks": {"type": "boolean"}, "mark_ids": {"type": "array", "items": {"type": "integer"}},
        "valid_from": {"type": "string"}, "valid_until": {"type": ["string", "null"]},
        "revoked_at": {"type": ["string", "null"]}, "has_document": {"type": "boolean"},
        "live": {"type": "boolean"}},
    "example": {"id": 3, "principal": "Nimbus Inc", "agent": "Brand Guard LLP",
                "all_marks": False, "mark_ids": [7], "valid_from": "2026-01-01",
                "valid_until": "2027-01-01", "revoked_at": None, "has_document": True,
                "live": True}}
LETTER_INPUT_SCHEMA = {
    "type": "object", "required": ["agent"],
    "properties": {"agent": {"type": "string", "maxLength": 200},
                   "mark_ids": {"type": ["array", "null"], "items": {"type": "integer"}},
                   "valid_from": {"type": ["string", "null"], "format": "date"},
                   "valid_until": {"type": ["string", "null"], "format": "date"}},
    "example": {"agent": "Brand Guard LLP", "mark_ids": [7], "valid_from": "2026-01-01",
                "valid_until": "2027-01-01"}}


class LetterInvalid(ValueError):
    def __init__(self, status: int, fields: dict[str, str]):
        super().__init__(", ".join(fields))
        self.status = status
        self.fields = fields


def _date(value, key: str, errors: dict) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        errors[key] = N_("Not a date YYYY-MM-DD.")
        return None


def grant(session: Session, *, actor: User, data: dict, now: datetime) -> AgentAuthorisation:
    """The actor's organisation authorises an agent organisation; LetterInvalid otherwise."""
    if actor.role != Role.RIGHTS_HOLDER or actor.org_id is None:
        raise LetterInvalid(403, {})
    errors: dict[str, str] = {}
    name = data.get("agent")
    agent = org_by_name(session, name) if isinstance(name, str) and name.strip() else None
    if agent is None or agent.kind != OrgKind.AGENT:
        errors["agent"] = N_("No agent organisation of that name.")
    ids = data.get("mark_ids")
    mark_ids = None
    if ids is not None:
        if not isinstance(ids, list) or not ids or not all(
                isinstance(i, int) and not isinstance(i, bool) for i in ids) \
                or any(mark_of_org(session, actor.org_id, i) is None for i in ids):
            errors["mark_ids"] = N_("Choose marks from your library, or leave out for all.")
        else:
            mark_ids = sorted(set(ids))
    valid_from = _date(data.get("valid_from"), "valid_from", errors) or now.date()
    valid_until = _date(data.get("valid_until"), "valid_until", errors)
    if valid_until and valid_until < valid_from:
        errors["valid_until"] = N_("The authorisation ends before it starts.")
    if errors:
        raise LetterInvalid(422, errors)
    try:
        return authorize_agent(session, actor=actor, agent_org=agent,
                               principal_org=session.get(Organisation, actor.org_id),
                               mark_ids=mark_ids, valid_from=valid_from,
                               valid_until=valid_until, now=now)
    except AccountError:
        raise LetterInvalid(422, {"agent": N_("No agent organisation of that name.")}) from None


def is_live(letter: AgentAuthorisation, today: date) -> bool:
    return letter.revoked_at is None and letter.valid_from <= today and (
        letter.valid_until is None or letter.valid_until >= today)


def letter_json(session: Session, letter: AgentAuthorisation, *, today: date) -> dict:
    principal = session.get(Organisation, letter.principal_org_id)
    agent = session.get(Organisation, letter.agent_org_id)
    return {"id": letter.id, "principal": principal.name, "agent": agent.name,
            "all_marks": letter.all_marks, "mark_ids": list(letter.mark_ids or []),
            "valid_from": letter.valid_from.isoformat(),
            "valid_until": letter.valid_until.isoformat() if letter.valid_until else None,
            "revoked_at": iso(letter.revoked_at), "has_document": bool(letter.document_key),
            "live": is_live(letter, today)}
