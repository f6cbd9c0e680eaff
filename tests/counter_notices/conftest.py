"""On SQLite a test's commits can outlive it (savepoints); close the complaints it left open,
so other tests that claim from the shared queue never get ours."""

import pytest
from sqlmodel import select

from ipp.complaints.models import Complaint
from ipp.complaints.states import OPEN_STATUSES


def _open_ids(session) -> set[str]:
    return set(session.exec(select(Complaint.id).where(
        Complaint.status.in_([str(s) for s in OPEN_STATUSES]))).all())


@pytest.fixture(autouse=True)
def close_left_open(request):
    if "session_factory" not in request.fixturenames:
        yield
        return
    factory = request.getfixturevalue("session_factory")
    with factory() as session:
        before = _open_ids(session)
    yield
    with factory() as session:
        for complaint_id in _open_ids(session) - before:
            session.get(Complaint, complaint_id).status = "withdrawn"
        session.commit()
