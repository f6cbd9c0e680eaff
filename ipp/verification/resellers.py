"""Authorised resellers: a rights holder's list of sellers allowed to sell its goods."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp import audit
from ipp.accounts.models import Organisation, Role, User
from ipp.accounts.queries import principals_of_agent
from ipp.i18n.markers import N_
from ipp.verification.models import AuthorisedReseller

MAX_SELLER_ID = 200
MAX_NOTE = 500


class ResellerError(Exception):
    """Refused: `status` 403/404/409/422 and `fields` field → msgid."""

    def __init__(self, status: int, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.fields = status, message, fields or {}


@dataclass(frozen=True)
class ResellerRow:
    reseller: AuthorisedReseller
    org_name: str
    added_by: str | None


def parse_reseller(data: dict) -> tuple[str, str]:
    """(seller id, note) from a form or JSON body; ResellerError(422) says what is wrong."""
    errors = {}
    seller, note = data.get("seller_id"), data.get("note")
    if not isinstance(seller, str) or not seller.strip():
        errors["seller_id"] = N_("Give the seller's id as it appears in listings.")
    elif len(seller.strip()) > MAX_SELLER_ID:
        errors["seller_id"] = N_("Too long.")
    if note is not None and not isinstance(note, str):
        errors["note"] = N_("Must be text.")
    elif note and len(note.strip()) > MAX_NOTE:
        errors["note"] = N_("Too long.")
    if errors:
        raise ResellerError(422, N_("Some fields are not valid."), errors)
    return seller.strip(), (note or "").strip()


def _own_org(actor: User) -> int:
    if actor.role != Role.RIGHTS_HOLDER or actor.org_id is None:
        raise ResellerError(403, N_("Only the rights holder can change its list of authorised "
                                    "resellers."))
    return actor.org_id


def add_reseller(session: Session, *, actor: User, seller_id: str, note: str,
                 now: datetime) -> AuthorisedReseller:
    org_id = _own_org(actor)
    if find_reseller(session, org_id, seller_id) is not None:
        raise ResellerError(409, N_("This seller is already on your list."),
                            {"seller_id": N_("This seller is already on your list.")})
    row = AuthorisedReseller(org_id=org_id, seller_external_id=seller_id, note=note,
                             added_by_id=actor.id, added_at=now)
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.id, entity="authorised_reseller", entity_id=row.id,
                 action="add", after={"org": org_id, "seller": seller_id, "note": note}, now=now)
    return row


def remove_reseller(session: Session, *, actor: User, seller_id: str, now: datetime) -> None:
    org_id = _own_org(actor)
    row = find_reseller(session, org_id, seller_id)
    if row is None:
        raise ResellerError(404, N_("Not found."))
    audit.record(session, actor_id=actor.id, entity="authorised_reseller", entity_id=row.id,
                 action="remove", before={"org": org_id, "seller": seller_id, "note": row.note},
                 now=now)
    session.delete(row)
    session.flush()


def find_reseller(session: Session, org_id: int, seller_id: str) -> AuthorisedReseller | None:
    return session.exec(select(AuthorisedReseller).where(
        AuthorisedReseller.org_id == org_id,
        AuthorisedReseller.seller_external_id == seller_id)).first()


def seller_ids_of(session: Session, org_id: int) -> frozenset[str]:
    return frozenset(session.exec(select(AuthorisedReseller.seller_external_id)
                                  .where(AuthorisedReseller.org_id == org_id)))


def visible_org_ids(session: Session, user: User, *, today: date) -> list[int]:
    """Whose lists the user may read: a rights holder its own, an agent its principals'."""
    if user.role == Role.RIGHTS_HOLDER and user.org_id:
        return [user.org_id]
    if user.role == Role.AGENT and user.org_id:
        return [org.id for org in principals_of_agent(session, agent_org_id=user.org_id, on=today)]
    return []


def list_resellers(session: Session, user: User, *, today: date) -> list[ResellerRow]:
    org_ids = visible_org_ids(session, user, today=today)
    if not org_ids:
        return []
    rows = session.exec(
        select(AuthorisedReseller, Organisation.name, User.email)
        .join(Organisation, Organisation.id == AuthorisedReseller.org_id)
        .outerjoin(User, User.id == AuthorisedReseller.added_by_id)
        .where(AuthorisedReseller.org_id.in_(org_ids))
        .order_by(Organisation.name, AuthorisedReseller.seller_external_id)).all()
    return [ResellerRow(r, name, email) for r, name, email in rows]
