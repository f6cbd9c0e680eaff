"""A notification handler's bug never stops the work; a database failure inside one does."""

import contextlib

from sqlalchemy.exc import OperationalError
from sqlmodel import select

from ipp.clock import utcnow
from ipp.complaints.models import Complaint
from ipp.complaints.operations import add_event
from ipp.notifications import listener
from ipp.notifications.models import Notification
from tests.reputation.helpers import brand, file, listings


def _file_with_received_handler(client, session, monkeypatch, handler):
    """Files a complaint while the 'complaint received' notification runs `handler`:
    (owner, the answer, the complaints the owner has afterwards)."""
    monkeypatch.setitem(listener._HANDLERS, "received", handler)
    owner, mark, token = brand(session)
    refs = listings(session, 1)
    session.commit()
    filed = file(client, token, mark, refs)
    stored = session.exec(select(Complaint).where(Complaint.filed_by_id == owner.id)).all()
    return owner, filed, stored


def test_a_failing_handler_is_logged_and_the_filing_stands(client, session, monkeypatch, caplog):
    def broken(*_args):
        raise KeyError("template field")

    owner, filed, stored = _file_with_received_handler(client, session, monkeypatch, broken)
    assert filed.status_code == 201, filed.text
    assert [c.id for c in stored] == [filed.json["id"]]
    assert session.exec(select(Notification).where(Notification.user_id == owner.id)).all() == []
    assert "notifications for event" in caplog.text


def test_a_lost_connection_in_a_handler_fails_the_request_and_stores_nothing(
        client, session, monkeypatch):
    def connection_lost(*_args):
        raise OperationalError("SELECT 1", {}, ConnectionError("server closed the connection"))

    _owner, filed, stored = _file_with_received_handler(client, session, monkeypatch,
                                                        connection_lost)
    assert filed.status_code == 503, filed.text
    assert filed.json["error"]["code"] == "unavailable"
    assert filed.headers["Retry-After"] == "5"
    assert stored == []


def test_only_events_that_are_committed_notify(client, session):
    """The listener holds the flushed events themselves; one written in a savepoint that was
    rolled back is gone with it and notifies nobody, the one committed notifies once."""
    owner, mark, token = brand(session)
    refs = listings(session, 1)
    session.commit()
    filed = file(client, token, mark, refs)
    assert filed.status_code == 201, filed.text
    complaint = session.get(Complaint, filed.json["id"])
    with contextlib.suppress(RuntimeError), session.begin_nested():
        add_event(session, complaint, "message_answered", actor=None, now=utcnow(), note="lost")
        session.flush()
        raise RuntimeError("roll the savepoint back")
    add_event(session, complaint, "message_answered", actor=None, now=utcnow(), note="kept")
    session.commit()
    sent = session.exec(select(Notification).where(Notification.user_id == owner.id,
                                                   Notification.kind == "message")).all()
    assert [n.data["body"] for n in sent] == ["kept"]
