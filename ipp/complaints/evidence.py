"""Evidence files of a complaint (photos, test-buy receipts): stored once by SHA-256."""

from datetime import datetime

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp import audit
from ipp.accounts.models import User
from ipp.complaints.models import Complaint
from ipp.complaints.operations import Refused
from ipp.complaints.states import ComplaintStatus
from ipp.counter_notices.files import Upload, check_uploads, store
from ipp.counter_notices.models import Attachment
from ipp.i18n.markers import N_


def uploads_from(files) -> list[Upload]:
    """The `evidence` files of a request (werkzeug FileStorage list); empty inputs skipped."""
    return [Upload(f.filename or "file", f.mimetype or "", f.read())
            for f in files.getlist("evidence") if getattr(f, "filename", "")]


def add_evidence(session: Session, *, actor: User, complaint: Complaint,
                 uploads: list[Upload], directory, now: datetime) -> list[Attachment]:
    problem = check_uploads(uploads)
    if problem:
        raise Refused(422, problem, {"evidence": problem})
    if complaint.status == ComplaintStatus.WITHDRAWN:
        raise Refused(409, N_("This complaint is already closed."))
    rows = store(session, uploads, directory=directory, complaint_id=complaint.id,
                 uploaded_by_id=actor.id, now=now)
    session.flush()
    audit.record(session, actor_id=actor.id, entity="complaint", entity_id=complaint.id,
                 action="evidence", after={"files": [r.sha256 for r in rows]}, now=now)
    return rows


def evidence_of(session: Session, complaint_id: str) -> list[Attachment]:
    """The complaint's own files, not those of its messages or counter-notices."""
    return list(session.exec(select(Attachment).where(
        Attachment.complaint_id == complaint_id, Attachment.message_id.is_(None),
        Attachment.counter_notice_id.is_(None)).order_by(Attachment.id)))
