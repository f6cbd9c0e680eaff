"""The start page's "what to do next", by role."""

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from sqlmodel import func, select

from ipp.accounts.models import Role, User
from ipp.complaints.models import Complaint
from ipp.complaints.queries import visible_to
from ipp.complaints.states import ComplaintStatus


@dataclass(frozen=True)
class Step:
    text: str
    url: str
    count: int | None = None


def _count(session: Session, user: User, status: str) -> int:
    clause = visible_to(user)
    if clause is None:
        return 0
    query = select(func.count()).select_from(Complaint).where(Complaint.status == status)
    if clause is not True:
        query = query.where(clause)
    return session.exec(query).one()


def next_steps(session: Session, user: User) -> list[Step]:
    if user.role in (Role.RIGHTS_HOLDER, Role.AGENT):
        return [
            Step(_("Answer complaints waiting for your information"),
                 url_for("complaints.index", status="need_info"),
                 _count(session, user, ComplaintStatus.NEED_INFO)),
            Step(_("File a complaint"), url_for("complaints.new")),
            Step(_("Follow your complaints"), url_for("complaints.index")),
            Step(_("Download a takedown report"), url_for("reports.index")),
        ]
    if user.role in (Role.REVIEWER, Role.ADMIN):
        return [
            Step(_("Review the next complaint"), url_for("review.index"),
                 _count(session, user, ComplaintStatus.QUEUED)),
            Step(_("See the SLA dashboard"), url_for("web.dashboard")),
        ]
    return [Step(_("See your listings and any takedowns"), url_for("web.seller"))]
