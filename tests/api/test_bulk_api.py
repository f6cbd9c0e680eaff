"""Bulk filing over the API: preview verdicts, then complaints of at most 300 listings."""

from sqlmodel import func, select

from ipp.complaints.models import Complaint
from tests.api.helpers import bearer
from tests.factories import make_listing, make_mark, make_token, make_user, org_of


def test_preview_then_split_into_complaints_of_300(session, client):
    user = make_user(session)
    mark = make_mark(session, org_of(session, user).name)
    token = make_token(session, user)
    good = [make_listing(session) for _ in range(3)]
    refs = good + [f"MISSING-{i}" for i in range(298)] + ["MISSING-x", "MISSING-y"]
    body = {"mark": {"office": mark.office, "number": mark.number}, "listings": refs,
            "reason": "counterfeit", "declaration": True}
    count = lambda: session.exec(select(func.count()).select_from(Complaint)).one()  # noqa: E731
    before = count()
    preview = client.post("/api/v1/complaints/bulk", json=dict(body, preview=True),
                          headers=bearer(token))
    assert preview.status_code == 200, preview.json
    verdicts = {row["ref"]: row for row in preview.json["rows"]}
    assert len(verdicts) == 303
    assert verdicts[good[0]]["verdict"] != "fail"
    assert verdicts["MISSING-x"]["reason_code"] == "listing_not_found"
    assert count() == before
    filed = client.post("/api/v1/complaints/bulk", json=body, headers=bearer(token))
    assert filed.status_code == 201, filed.json
    assert [len(c["listings"]) for c in filed.json["complaints"]] == [300, 3]
    assert count() == before + 2


def test_bad_bulk_is_refused_whole(session, client):
    user = make_user(session)
    token = make_token(session, user)
    too_many = {"mark": {"office": "X", "number": "1"}, "listings": [f"L{i}" for i in range(3001)],
                "reason": "counterfeit", "declaration": True}
    response = client.post("/api/v1/complaints/bulk", json=too_many, headers=bearer(token))
    assert response.status_code == 422 and "listings" in response.json["error"]["fields"]
    seller = make_token(session, make_user(session, role="seller"))
    assert client.post("/api/v1/complaints/bulk", json=too_many,
                       headers=bearer(seller)).status_code == 403
