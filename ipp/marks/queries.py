"""Reads for marks, always scoped to what the caller may use."""

from datetime import date

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.marks.models import Mark, MarkCertificate, MarkExpiryWarning, MarkStatus


def marks_of_org(session: Session, org_id: int) -> list[Mark]:
    return list(session.exec(select(Mark).where(Mark.owner_org_id == org_id)
                             .order_by(Mark.text, Mark.office, Mark.number)))


def mark_by_key(session: Session, office: str, number: str) -> Mark | None:
    return session.exec(select(Mark).where(Mark.office == office.strip().upper(),
                                           Mark.number == number.strip())).first()


def mark_of_org(session: Session, org_id: int | None, mark_id) -> Mark | None:
    """The organisation's mark by id; another organisation's looks like no mark at all."""
    try:
        mark_id = int(mark_id)
    except (TypeError, ValueError):
        return None
    mark = session.get(Mark, mark_id) if 0 < mark_id < 2**31 else None
    return mark if mark is not None and org_id is not None and mark.owner_org_id == org_id \
        else None


def pending_marks(session: Session) -> list[tuple[Mark, str]]:
    from ipp.accounts.models import Organisation

    rows = session.exec(select(Mark, Organisation.name)
                        .join(Organisation, Organisation.id == Mark.owner_org_id)
                        .where(Mark.status == MarkStatus.PENDING)
                        .order_by(Mark.updated_at, Mark.id)).all()
    return list(rows)


def certificates_by_mark(session: Session, mark_ids: list[int]) -> dict[int, list[MarkCertificate]]:
    found: dict[int, list[MarkCertificate]] = {}
    if not mark_ids:
        return found
    for cert in session.exec(select(MarkCertificate).where(MarkCertificate.mark_id.in_(mark_ids))
                             .order_by(MarkCertificate.uploaded_at, MarkCertificate.id)):
        found.setdefault(cert.mark_id, []).append(cert)
    return found


def expiry_warnings(session: Session, org_ids: list[int], *, today: date) -> list[tuple[Mark, int]]:
    """(mark, days left) for the organisations' marks warned about and not yet expired."""
    if not org_ids:
        return []
    warned = select(MarkExpiryWarning.id).where(MarkExpiryWarning.mark_id == Mark.id,
                                                MarkExpiryWarning.expires_on == Mark.expires_on)
    rows = session.exec(select(Mark).where(Mark.owner_org_id.in_(org_ids), warned.exists(),
                                           Mark.expires_on >= today)
                        .order_by(Mark.expires_on, Mark.id)).all()
    return [(mark, (mark.expires_on - today).days) for mark in rows]
