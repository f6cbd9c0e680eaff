"""Reads for marks, always scoped to what the caller may use."""

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.marks.models import Mark


def marks_of_org(session: Session, org_id: int) -> list[Mark]:
    return list(session.exec(select(Mark).where(Mark.owner_org_id == org_id)
                             .order_by(Mark.text, Mark.office, Mark.number)))


def mark_by_key(session: Session, office: str, number: str) -> Mark | None:
    return session.exec(select(Mark).where(Mark.office == office.strip().upper(),
                                           Mark.number == number.strip())).first()
