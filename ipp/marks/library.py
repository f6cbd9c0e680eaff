"""Writes for the IP asset library: rights holders add and edit marks, admins verify them."""

from datetime import datetime

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp import audit
from ipp.accounts.models import Role, User
from ipp.i18n.markers import N_
from ipp.marks.models import Mark, MarkCertificate, MarkStatus
from ipp.marks.operations import _snapshot
from ipp.marks.queries import mark_by_key

# What a rights holder may change; office and number are the mark's key.
EDITABLE = ("text", "aliases", "nice_classes", "territories", "registered_on", "expires_on")


class LibraryError(Exception):
    """Refused: `status` 403/404/409/422, a msgid, and field → msgid."""

    def __init__(self, status: int, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or {}


def plan(session: Session, *, org_id: int, values: dict) -> tuple[str, Mark | None]:
    """What saving these values would do: ("create" | "update" | "unchanged", mark)."""
    mark = mark_by_key(session, values["office"], values["number"])
    if mark is None:
        return "create", None
    if mark.owner_org_id != org_id:
        raise LibraryError(409, N_("This registration is already in another organisation's "
                                   "library."), {"number": N_("Already registered to another "
                                                              "organisation.")})
    changed = any(_norm(getattr(mark, key)) != _norm(values[key]) for key in EDITABLE)
    return ("update" if changed else "unchanged"), mark


def _norm(value):
    return list(value) if isinstance(value, list | tuple) else value


def _require_holder(actor: User) -> None:
    if actor.role != Role.RIGHTS_HOLDER or actor.org_id is None:
        raise LibraryError(403, N_("Only rights holders keep an IP asset library."))


def save_mark(session: Session, *, actor: User, values: dict, now: datetime) -> tuple[str, Mark]:
    """Creates or updates the actor's mark; any change waits for an admin's verification."""
    _require_holder(actor)
    outcome, mark = plan(session, org_id=actor.org_id, values=values)
    if outcome == "create":
        mark = Mark(**values, owner_org_id=actor.org_id, status=MarkStatus.PENDING,
                    added_by_id=actor.id, created_at=now, updated_at=now)
        session.add(mark)
        session.flush()
        audit.record(session, actor_id=actor.id, entity="mark", entity_id=mark.id,
                     action="create", after=_snapshot(mark), now=now)
    elif outcome == "update":
        update_mark(session, actor=actor, mark=mark, values=values, now=now)
    return {"create": "created", "update": "updated"}.get(outcome, outcome), mark


def update_mark(session: Session, *, actor: User, mark: Mark, values: dict,
                now: datetime) -> bool:
    _require_holder(actor)
    if mark.owner_org_id != actor.org_id:
        raise LibraryError(404, N_("Not found."))
    before = _snapshot(mark)
    for key in EDITABLE:
        if key in values:
            setattr(mark, key, values[key])
    if _snapshot(mark) == before:
        return False
    # An edited registration is checked against its certificate again before use.
    mark.status = MarkStatus.PENDING
    mark.verified_at = mark.verified_by_id = None
    mark.updated_at = now
    session.flush()
    audit.record(session, actor_id=actor.id, entity="mark", entity_id=mark.id, action="update",
                 before=before, after=_snapshot(mark), now=now)
    return True


def _require_admin(actor: User) -> None:
    if actor.role != Role.ADMIN:
        raise LibraryError(403, N_("Only administrators verify marks."))


def verify_mark(session: Session, *, actor: User, mark: Mark, now: datetime) -> None:
    _require_admin(actor)
    if mark.status != MarkStatus.PENDING:
        raise LibraryError(409, N_("This mark is not waiting for verification."))
    if not session.exec(select(MarkCertificate.id).where(MarkCertificate.mark_id == mark.id)).first():
        raise LibraryError(409, N_("Upload the registration certificate before verifying."))
    mark.status = MarkStatus.REGISTERED
    mark.verified_at, mark.verified_by_id, mark.review_note = now, actor.id, ""
    mark.updated_at = now
    audit.record(session, actor_id=actor.id, entity="mark", entity_id=mark.id, action="verify",
                 before={"status": MarkStatus.PENDING}, after={"status": mark.status}, now=now)


def reject_mark(session: Session, *, actor: User, mark: Mark, reason: str, now: datetime) -> None:
    _require_admin(actor)
    reason = (reason or "").strip()
    if not reason:
        raise LibraryError(422, N_("Some fields are not valid."),
                           {"reason": N_("Say why the mark is rejected.")})
    if len(reason) > 500:
        raise LibraryError(422, N_("Some fields are not valid."), {"reason": N_("Too long.")})
    if mark.status != MarkStatus.PENDING:
        raise LibraryError(409, N_("This mark is not waiting for verification."))
    mark.status = MarkStatus.CANCELLED
    mark.review_note = reason
    mark.verified_at, mark.verified_by_id = now, actor.id
    mark.updated_at = now
    audit.record(session, actor_id=actor.id, entity="mark", entity_id=mark.id, action="reject",
                 before={"status": MarkStatus.PENDING},
                 after={"status": mark.status, "reason": reason}, now=now)


def add_certificate(session: Session, *, actor: User, mark: Mark, key: str, filename: str,
                    content_type: str, size: int, now: datetime) -> MarkCertificate:
    _require_holder(actor)
    if mark.owner_org_id != actor.org_id:
        raise LibraryError(404, N_("Not found."))
    row = MarkCertificate(mark_id=mark.id, key=key, filename=filename,
                          content_type=content_type, size=size, uploaded_at=now,
                          uploaded_by_id=actor.id)
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.id, entity="mark", entity_id=mark.id,
                 action="certificate", after={"key": key, "filename": filename}, now=now)
    return row
