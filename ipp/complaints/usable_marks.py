"""Which marks a filer may pick: their own, or those their principals authorised them for."""

from datetime import date

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Organisation, Role, User
from ipp.accounts.principal import chosen_principal_id
from ipp.accounts.queries import live_authorisations
from ipp.marks.models import Mark, MarkStatus


def usable_marks(session: Session, user: User, *, today: date,
                 principal_id: int | None = None) -> list[tuple[Mark, str]]:
    """(mark, owner name) pairs of registered marks, in a stable order for a picker.

    An agent sees only the principal chosen in the session (or given), else all of them."""
    if user.role == Role.RIGHTS_HOLDER and user.org_id:
        org = session.get(Organisation, user.org_id)
        marks = session.exec(select(Mark).where(Mark.owner_org_id == user.org_id,
                                                Mark.status == MarkStatus.REGISTERED)
                             .order_by(Mark.text, Mark.office, Mark.number)).all()
        return [(m, org.name) for m in marks]
    if user.role != Role.AGENT or not user.org_id:
        return []
    if principal_id is None:
        principal_id = chosen_principal_id()
    pairs = []
    for letter in live_authorisations(session, agent_org_id=user.org_id, on=today):
        if principal_id is not None and letter.principal_org_id != principal_id:
            continue
        owner = session.get(Organisation, letter.principal_org_id)
        query = select(Mark).where(Mark.owner_org_id == owner.id,
                                   Mark.status == MarkStatus.REGISTERED)
        if not letter.all_marks:
            query = query.where(Mark.id.in_(letter.mark_ids or [-1]))
        pairs += [(m, owner.name) for m in session.exec(query.order_by(Mark.text))]
    seen, unique = set(), []
    for mark, owner in pairs:
        if mark.id not in seen:
            seen.add(mark.id)
            unique.append((mark, owner))
    return unique
