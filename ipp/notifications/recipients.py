"""Who hears about what: the filer, the rights holder's people, the seller's people."""

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Role, User
from ipp.complaints.models import Complaint


def filer(session: Session, complaint: Complaint) -> list[User]:
    user = session.get(User, complaint.filed_by_id)
    return [user] if user is not None and user.active else []


def complainants(session: Session, complaint: Complaint) -> list[User]:
    """Legal notices also reach the rights holder's own people when an agent filed."""
    people = {u.id: u for u in filer(session, complaint)}
    for user in org_users(session, complaint.principal_org_id, Role.RIGHTS_HOLDER):
        people.setdefault(user.id, user)
    return list(people.values())


def org_users(session: Session, org_id: int | None, role: str | None = None) -> list[User]:
    if org_id is None:
        return []
    query = select(User).where(User.org_id == org_id, User.active == True)  # noqa: E712
    if role:
        query = query.where(User.role == role)
    return list(session.exec(query.order_by(User.id)).all())
