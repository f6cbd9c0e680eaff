"""Attachments go into the one content-addressed store; files from the old layout still read."""

import hashlib

from ipp.clock import utcnow
from ipp.counter_notices.files import Upload, attachment_path, attachments_dir, store
from ipp.storage import Store


def test_attachments_share_the_store_of_certificates_and_keep_a_safe_name(session, tmp_path):
    content = b"%PDF-1.4 invoice"
    rows = store(session, [Upload("../../etc/in\u200bvoice.pdf", "application/pdf", content),
                           Upload("copy.pdf", "application/pdf", content)],
                 directory=attachments_dir(tmp_path), complaint_id="c" * 32, uploaded_by_id=None,
                 now=utcnow())
    digest = hashlib.sha256(content).hexdigest()
    assert [r.sha256 for r in rows] == [digest, digest]
    assert rows[0].filename == "in\u200bvoice.pdf" or "/" not in rows[0].filename
    assert Store(tmp_path).exists(digest)  # the very place certificates use
    assert attachment_path(tmp_path, digest).read_bytes() == content
    assert len(list((tmp_path / "evidence").rglob(digest))) == 1  # written once


def test_a_file_stored_before_the_one_store_is_still_found(tmp_path):
    content = b"old evidence"
    digest = hashlib.sha256(content).hexdigest()
    (tmp_path / "attachments").mkdir()
    (tmp_path / "attachments" / digest).write_bytes(content)
    assert attachment_path(tmp_path, digest).read_bytes() == content
