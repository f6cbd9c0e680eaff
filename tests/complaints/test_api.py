"""The complaints API: filing with verification, reading, withdrawing, and every bad input."""

import json

from sqlmodel import func, select

from ipp.audit import AuditEntry
from ipp.complaints.models import Complaint, ComplaintListing
from tests.factories import make_listing, make_mark, make_token, make_user, org_of
from tests.web.helpers import auth


def file_body(mark, listings, **extra):
    body = {"mark": {"office": mark.office, "number": mark.number}, "listings": listings,
            "reason": "counterfeit", "description": "Fake logo", "declaration": True}
    body.update(extra)
    return body


def counts(session):
    return (session.exec(select(func.count()).select_from(Complaint)).one(),
            session.exec(select(func.count()).select_from(ComplaintListing)).one())


def setup_brand(session):
    owner = make_user(session, role="rights_holder")
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS", aliases=["宁步"])
    return owner, mark, make_token(session, owner)


def test_filing_verifies_each_listing_and_queues(client, session):
    owner, mark, token = setup_brand(session)
    good = make_listing(session, title="Nimbus running shoes, cheap")
    variant = make_listing(session, title="宁步 运动鞋")
    wrong_class = make_listing(session, title="NIMBUS phone case", category="Electronics > Phones")
    response = client.post("/api/v1/complaints", headers=auth(token), json=file_body(
        mark, [good, f"https://market.example/item/{variant}", wrong_class, "NOPE-1"]))
    assert response.status_code == 201, response.json
    body = response.json
    assert body["status"] == "queued" and body["lane"] == "standard"
    assert body["due_at"] > body["created_at"]
    by_id = {item["listing_id"]: item for item in body["listings"]}
    assert by_id[good]["verification"]["verdict"] == "pass"
    assert by_id[good]["action"] == "pending" and by_id[good]["reason_code"] is None
    assert by_id[variant]["verification"]["verdict"] == "pass"
    assert by_id[wrong_class]["verification"]["verdict"] == "fail"
    assert by_id[wrong_class]["reason_code"] == "class_mismatch"
    assert by_id[wrong_class]["action"] == "rejected"
    assert by_id["NOPE-1"]["reason_code"] == "listing_not_found"
    names = [c["name"] for c in by_id[good]["verification"]["checks"]]
    assert names[:4] == ["mark_registered", "complainant_entitled", "listing_exists",
                         "mark_in_listing"]
    assert all(c["detail"] for c in by_id[good]["verification"]["checks"])
    # Each filing leaves an audit trail.
    assert session.exec(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.entity_id == body["id"])).one() >= 2


def test_all_failed_goes_to_rejected_lane(client, session):
    owner, mark, token = setup_brand(session)
    unrelated = make_listing(session, title="Plain running shoes")
    response = client.post("/api/v1/complaints", headers=auth(token),
                           json=file_body(mark, [unrelated]))
    assert response.status_code == 201
    assert response.json["lane"] == "rejected" and response.json["status"] == "decided"
    assert response.json["listings"][0]["reason_code"] == "mark_not_found_in_listing"


def test_duplicate_open_complaint_fails_second_time(client, session):
    owner, mark, token = setup_brand(session)
    listing = make_listing(session)
    first = client.post("/api/v1/complaints", headers=auth(token), json=file_body(mark, [listing]))
    assert first.status_code == 201
    second = client.post("/api/v1/complaints", headers=auth(token), json=file_body(mark, [listing]))
    assert second.json["listings"][0]["reason_code"] == "duplicate"


def test_japanese_details_when_asked(client, session):
    owner, mark, token = setup_brand(session)
    listing = make_listing(session)
    response = client.post("/api/v1/complaints?lang=ja", headers=auth(token),
                           json=file_body(mark, [listing]))
    assert response.json["language"] == "ja"
    detail = response.json["listings"][0]["verification"]["checks"][0]["detail"]
    assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in detail), detail


def test_bad_inputs_write_nothing(client, session):
    owner, mark, token = setup_brand(session)
    listing = make_listing(session)
    before = counts(session)
    cases = [
        ({"data": "{not json", "content_type": "application/json"}, 400, None),
        ({"data": "[]", "content_type": "application/json"}, 400, None),
        ({"json": file_body(mark, [listing], declaration=False)}, 422, "declaration"),
        ({"json": file_body(mark, [])}, 422, "listings"),
        ({"json": file_body(mark, [f"L{i}" for i in range(301)])}, 422, "listings"),
        ({"json": file_body(mark, [listing], reason="because")}, 422, "reason"),
        ({"json": file_body(mark, [listing], reason="test_buy_counterfeit")}, 422,
         "order_number"),
        ({"json": {**file_body(mark, [listing]), "mark": {"office": "USPTO", "number": "0"}}},
         422, "mark"),
        ({"json": {**file_body(mark, [listing]), "mark": "NIMBUS"}}, 422, "mark"),
        ({"json": {**file_body(mark, [listing]), "listings": "L1"}}, 422, "listings"),
    ]
    for kwargs, status, field in cases:
        response = client.post("/api/v1/complaints", headers=auth(token), **kwargs)
        assert response.status_code == status, (kwargs, response.json)
        error = response.json["error"]
        assert error["code"] and error["message"]
        if field:
            assert field in error["fields"], error
    too_big = "x" * (26 * 1024 * 1024)
    response = client.post("/api/v1/complaints", headers=auth(token),
                           data=json.dumps({"description": too_big}),
                           content_type="application/json")
    assert response.status_code == 413 and response.json["error"]["code"] == "too_large"
    assert counts(session) == before


def test_tokens_roles_and_other_organisations(client, session):
    owner, mark, token = setup_brand(session)
    listing = make_listing(session)
    assert client.post("/api/v1/complaints", json=file_body(mark, [listing])).status_code == 401
    assert client.post("/api/v1/complaints", headers=auth("ipp_wrong"),
                       json=file_body(mark, [listing])).status_code == 401
    reviewer = make_user(session, role="reviewer")
    response = client.post("/api/v1/complaints", headers=auth(make_token(session, reviewer)),
                           json=file_body(mark, [listing]))
    assert response.status_code == 403
    filed = client.post("/api/v1/complaints", headers=auth(token), json=file_body(mark, [listing]))
    other = make_user(session, role="rights_holder")
    other_token = make_token(session, other)
    assert client.get(f"/api/v1/complaints/{filed.json['id']}",
                      headers=auth(other_token)).status_code == 404
    assert client.post(f"/api/v1/complaints/{filed.json['id']}/withdraw",
                       headers=auth(other_token)).status_code == 404
    assert client.get("/api/v1/complaints", headers=auth(other_token)).json["items"] == []
    # Someone else's mark cannot be used.
    response = client.post("/api/v1/complaints", headers=auth(other_token),
                           json=file_body(mark, [listing]))
    assert response.status_code == 422 and "mark" in response.json["error"]["fields"]


def test_list_read_and_withdraw(client, session):
    owner, mark, token = setup_brand(session)
    ids = [client.post("/api/v1/complaints", headers=auth(token),
                       json=file_body(mark, [make_listing(session)])).json["id"] for _ in range(3)]
    listed = client.get("/api/v1/complaints?status=queued", headers=auth(token)).json
    assert {item["id"] for item in listed["items"]} == set(ids) and listed["next"] is None
    assert client.get("/api/v1/complaints?status=bogus", headers=auth(token)).status_code == 422
    response = client.post(f"/api/v1/complaints/{ids[0]}/withdraw", headers=auth(token))
    assert response.status_code == 200 and response.json["status"] == "withdrawn"
    again = client.post(f"/api/v1/complaints/{ids[0]}/withdraw", headers=auth(token))
    assert again.status_code == 409


def test_agent_files_for_authorised_principal_only(client, session):
    from tests.factories import make_authorisation

    owner, mark, _token = setup_brand(session)
    agent = make_user(session, role="agent")
    token = make_token(session, agent)
    listing = make_listing(session)
    principal = org_of(session, owner).name
    body = file_body(mark, [listing], on_behalf_of=principal)
    assert client.post("/api/v1/complaints", headers=auth(token), json=body).status_code == 403
    missing = file_body(mark, [listing])
    response = client.post("/api/v1/complaints", headers=auth(token), json=missing)
    assert response.status_code == 422 and "on_behalf_of" in response.json["error"]["fields"]
    make_authorisation(session, agent, owner)
    response = client.post("/api/v1/complaints", headers=auth(token), json=body)
    assert response.status_code == 201, response.json
    assert response.json["principal"] == principal
    assert response.json["filed_by"] == org_of(session, agent).name
    entitled = response.json["listings"][0]["verification"]["checks"][1]
    assert entitled["name"] == "complainant_entitled" and entitled["passed"]
