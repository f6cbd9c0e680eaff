"""Attachments: stored once by SHA-256 in the data dir's one file store (ipp.storage),
recorded per notice, message or complaint."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from ipp.counter_notices.models import Attachment
from ipp.i18n.markers import N_
from ipp.storage import Store, safe_filename

MAX_FILES = 10
MAX_FILE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    content: bytes


def check_uploads(uploads: list[Upload]) -> str | None:
    """The msgid of what is wrong with the files, or None."""
    if len(uploads) > MAX_FILES:
        return N_("At most 10 files.")
    if any(len(u.content) > MAX_FILE_BYTES for u in uploads):
        return N_("Each file may be at most 10 MB.")
    return None


def store(session: Session, uploads: list[Upload], *, directory: Path, complaint_id: str,
          uploaded_by_id: int | None, now: datetime, counter_notice_id: str | None = None,
          message_id: int | None = None) -> list[Attachment]:
    """`directory` is the data dir (see `attachments_dir`); any type is accepted, as evidence
    comes as invoices and letters of every kind; `check_uploads` bounds count and size."""
    store_ = Store(directory)
    rows = []
    for upload in uploads:
        digest = store_.put_checked(upload.content)
        rows.append(Attachment(
            complaint_id=complaint_id, counter_notice_id=counter_notice_id,
            message_id=message_id, filename=safe_filename(upload.filename),
            content_type=(upload.content_type or "application/octet-stream")[:100],
            size=len(upload.content), sha256=digest, uploaded_by_id=uploaded_by_id,
            created_at=now))
    session.add_all(rows)
    return rows


def attachments_dir(data_dir: Path) -> Path:
    """The root that `store` writes under: the same store as certificates and letters."""
    return Path(data_dir)


def attachment_path(data_dir: Path, sha256: str) -> Path:
    """Where an attachment's bytes are; files written before the one store are still read
    from their old place (data dir/attachments/<sha256>)."""
    path = Store(data_dir).path(sha256)
    legacy = Path(data_dir) / "attachments" / sha256
    return legacy if not path.exists() and legacy.exists() else path
