"""The message thread on a complaint: need-info, answers, and questions to the platform."""

from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import Role, User
from ipp.complaints.models import Complaint
from ipp.complaints.operations import Refused, add_event, answer_info
from ipp.complaints.states import ComplaintStatus
from ipp.counter_notices import files
from ipp.counter_notices.models import Attachment
from ipp.i18n.markers import N_
from ipp.notifications.listener import CLAIMED_KEY
from ipp.notifications.models import ComplaintMessage, MessageKind

MAX_BODY = 10_000
COMPLAINANTS = (Role.RIGHTS_HOLDER, Role.AGENT)
PLATFORM = (Role.REVIEWER, Role.ADMIN)


def check_body(body) -> str:
    if not isinstance(body, str) or not body.strip():
        raise Refused(422, N_("Some fields are not valid."), {"body": N_("This field is required.")})
    if len(body) > MAX_BODY:
        raise Refused(422, N_("Some fields are not valid."), {"body": N_("Too long.")})
    return body.strip()


def post(session: Session, *, actor: User, complaint: Complaint, body: str, language: str,
         now: datetime, uploads: list[files.Upload] = (),
         storage: Path | None = None) -> ComplaintMessage:
    """A complainant answers a need-info request or asks a question; a reviewer answers."""
    body = check_body(body)
    problem = files.check_uploads(list(uploads))
    if problem:
        raise Refused(422, N_("Some fields are not valid."), {"files": problem})
    if actor.role in COMPLAINANTS:
        kind = _complainant_message(session, actor, complaint, body, now)
    elif actor.role in PLATFORM:
        kind = MessageKind.ANSWER
        add_event(session, complaint, "message_answered", actor=actor, now=now, note=body)
    else:
        raise Refused(403, N_("You are not allowed to do this."))
    message = ComplaintMessage(complaint_id=complaint.id, author_id=actor.id, kind=kind,
                               body=body, language=language, created_at=now)
    session.add(message)
    session.flush()
    if uploads:
        files.store(session, list(uploads), directory=storage, complaint_id=complaint.id,
                    uploaded_by_id=actor.id, now=now, message_id=message.id)
    return message


def _complainant_message(session, actor, complaint, body, now) -> MessageKind:
    if complaint.status == ComplaintStatus.NEED_INFO:
        # The thread records this answer itself, with its files and language.
        session.info.setdefault(CLAIMED_KEY, set()).add(complaint.id)
        answer_info(session, actor=actor, complaint=complaint, note=body, now=now)
        return MessageKind.INFO_ANSWER
    add_event(session, complaint, "question_asked", actor=actor, now=now, note=body)
    return MessageKind.QUESTION


def messages(session: Session, complaint_id: str):
    """[(message, author or None, [attachments])], oldest first."""
    rows = session.exec(select(ComplaintMessage, User)
                        .outerjoin(User, User.id == ComplaintMessage.author_id)
                        .where(ComplaintMessage.complaint_id == complaint_id)
                        .order_by(ComplaintMessage.created_at, ComplaintMessage.id)).all()
    ids = [m.id for m, _u in rows]
    by_message: dict[int, list[Attachment]] = {}
    if ids:
        for a in session.exec(select(Attachment).where(Attachment.message_id.in_(ids))
                              .order_by(Attachment.id)).all():
            by_message.setdefault(a.message_id, []).append(a)
    return [(m, u, by_message.get(m.id, [])) for m, u in rows]
