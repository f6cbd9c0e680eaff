"""Idempotency-Key on POST /api/v1/complaints: a retry never files twice."""

from sqlmodel import func, select

from ipp.accounts.models import IdempotencyRecord
from ipp.accounts.sweep import purge
from ipp.complaints.models import Complaint
from tests.api.helpers import bearer
from tests.factories import NOW, make_listing, make_mark, make_token, make_user, org_of


def _count(session) -> int:
    return session.exec(select(func.count()).select_from(Complaint)).one()


def test_same_key_same_body_replays_and_files_once(session, client):
    user = make_user(session)
    mark = make_mark(session, org_of(session, user).name)
    token = make_token(session, user)
    body = {"mark": {"office": mark.office, "number": mark.number},
            "listings": [make_listing(session)], "reason": "counterfeit", "declaration": True}
    first = client.post("/api/v1/complaints", json=body,
                        headers=bearer(token, **{"Idempotency-Key": "k-1"}))
    assert first.status_code == 201
    before = _count(session)
    retry = client.post("/api/v1/complaints", json=body,
                        headers=bearer(token, **{"Idempotency-Key": "k-1"}))
    assert retry.status_code == 201 and retry.json == first.json
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert _count(session) == before
    changed = client.post("/api/v1/complaints", json=dict(body, description="other"),
                          headers=bearer(token, **{"Idempotency-Key": "k-1"}))
    assert changed.status_code == 422 and changed.json["error"]["code"] == "idempotency_mismatch"
    # Another token's same key is a different key.
    other = make_token(session, user)
    fresh = client.post("/api/v1/complaints", json=dict(body, listings=[make_listing(session)]),
                        headers=bearer(other, **{"Idempotency-Key": "k-1"}))
    assert fresh.status_code == 201 and fresh.json["id"] != first.json["id"]
    too_long = client.post("/api/v1/complaints", json=body,
                           headers=bearer(token, **{"Idempotency-Key": "x" * 201}))
    assert too_long.status_code == 400


def test_errors_are_replayed_too_and_records_expire(session, client):
    user = make_user(session)
    token = make_token(session, user)
    headers = bearer(token, **{"Idempotency-Key": "bad-1"})
    first = client.post("/api/v1/complaints", json={"reason": "nope"}, headers=headers)
    assert first.status_code == 422
    assert client.post("/api/v1/complaints", json={"reason": "nope"},
                       headers=headers).json == first.json
    rows = session.exec(select(IdempotencyRecord)).all()
    assert len(rows) == 1 and rows[0].status_code == 422
    from datetime import timedelta

    assert purge(session, rows[0].created_at + timedelta(hours=25)) == 1
    assert purge(session, NOW) == 0
