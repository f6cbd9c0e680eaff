"""Attachments: stored once by SHA-256 under the data dir, recorded per notice or message."""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from ipp.counter_notices.models import Attachment
from ipp.i18n.markers import N_

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
    directory.mkdir(parents=True, exist_ok=True)
    rows = []
    for upload in uploads:
        digest = hashlib.sha256(upload.content).hexdigest()
        path = directory / digest
        if not path.exists():
            path.write_bytes(upload.content)
        rows.append(Attachment(
            complaint_id=complaint_id, counter_notice_id=counter_notice_id,
            message_id=message_id, filename=Path(upload.filename).name[:255] or "file",
            content_type=(upload.content_type or "application/octet-stream")[:100],
            size=len(upload.content), sha256=digest, uploaded_by_id=uploaded_by_id,
            created_at=now))
    session.add_all(rows)
    return rows


def attachments_dir(data_dir: Path) -> Path:
    return data_dir / "attachments"
