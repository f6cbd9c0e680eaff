"""Review through the API: claim with a lease, decide per listing, need-info pauses the clock."""

from datetime import timedelta

from sqlmodel import select

from ipp.complaints.models import Complaint, ComplaintEvent
from ipp.listings.models import Listing
from tests.factories import make_listing, make_mark, make_token, make_user, org_of
from tests.web.helpers import auth


def file_one(client, session, *, titles=("NIMBUS shoes",)):
    owner = make_user(session, role="rights_holder")
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    token = make_token(session, owner)
    listings = [make_listing(session, title=t) for t in titles]
    response = client.post("/api/v1/complaints", headers=auth(token), json={
        "mark": {"office": mark.office, "number": mark.number}, "listings": listings,
        "reason": "counterfeit", "declaration": True})
    assert response.status_code == 201, response.json
    return response.json, token, listings


def reviewer_token(session):
    return make_token(session, make_user(session, role="reviewer"))


def test_claim_decide_and_owner_sees_outcome(client, session):
    filed, owner_token, listings = file_one(client, session,
                                            titles=("NIMBUS shoes", "Nimbus sneakers"))
    token = reviewer_token(session)
    claimed = client.post("/api/v1/review/claim", headers=auth(token))
    assert claimed.status_code == 200 and claimed.json["id"] == filed["id"]
    assert claimed.json["status"] == "in_review"
    other = reviewer_token(session)
    assert client.post("/api/v1/review/claim", headers=auth(other)).status_code == 204
    # Only the holder may decide.
    body = {"outcome": "takedown", "listings": {listings[1]: {"outcome": "reject",
                                                              "reason_code": "class_mismatch"}}}
    assert client.post(f"/api/v1/complaints/{filed['id']}/decision", headers=auth(other),
                       json=body).status_code == 409
    decided = client.post(f"/api/v1/complaints/{filed['id']}/decision", headers=auth(token),
                          json=body)
    assert decided.status_code == 200, decided.json
    actions = {item["listing_id"]: (item["action"], item["reason_code"])
               for item in decided.json["listings"]}
    assert actions == {listings[0]: ("taken_down", None),
                       listings[1]: ("rejected", "class_mismatch")}
    seen = client.get(f"/api/v1/complaints/{filed['id']}", headers=auth(owner_token)).json
    assert seen["status"] == "decided" and seen["decided_at"]
    # The decision's answer is built from the rows it changed: what a fresh read gives.
    assert decided.json == seen
    listing = session.exec(select(Listing).where(Listing.external_id == listings[0])).one()
    assert listing.status == "removed"
    # Decided: nothing left to claim, and a second decision conflicts.
    assert client.post("/api/v1/review/claim", headers=auth(token)).status_code == 204
    assert client.post(f"/api/v1/complaints/{filed['id']}/decision", headers=auth(token),
                       json=body).status_code == 409


def test_bad_decisions_write_nothing(client, session):
    filed, _owner_token, listings = file_one(client, session)
    token = reviewer_token(session)
    client.post("/api/v1/review/claim", headers=auth(token))
    url = f"/api/v1/complaints/{filed['id']}/decision"
    cases = [({"outcome": "maybe"}, "outcome"), ({"outcome": "reject"}, "reason_code"),
             ({"outcome": "reject", "reason_code": "nope"}, "reason_code"),
             ({"outcome": "need_info"}, "note"),
             ({"outcome": "takedown", "listings": {"X-unknown": {"outcome": "reject",
                                                                 "reason_code": "other"}}},
              "listings.X-unknown")]
    for body, field in cases:
        response = client.post(url, headers=auth(token), json=body)
        assert response.status_code == 422 and field in response.json["error"]["fields"], body
    assert client.post(url, headers=auth(token), data="x",
                       content_type="application/json").status_code == 400
    complaint = session.get(Complaint, filed["id"])
    session.refresh(complaint)
    assert complaint.status == "in_review" and complaint.decided_at is None


def test_need_info_pauses_the_clock_and_info_resumes(client, session):
    filed, owner_token, _listings = file_one(client, session)
    token = reviewer_token(session)
    client.post("/api/v1/review/claim", headers=auth(token))
    url = f"/api/v1/complaints/{filed['id']}"
    asked = client.post(f"{url}/decision", headers=auth(token),
                        json={"outcome": "need_info", "note": "Send the certificate"})
    assert asked.status_code == 200 and asked.json["status"] == "need_info"
    assert client.post(f"{url}/info", headers=auth(owner_token), json={}).status_code == 422
    complaint = session.get(Complaint, filed["id"])
    # Move the pause start two hours into the past, as if the complainant took two hours.
    pause = session.exec(select(ComplaintEvent).where(ComplaintEvent.complaint_id == filed["id"],
                                                      ComplaintEvent.kind == "paused")).one()
    pause.at = pause.at - timedelta(hours=2)
    complaint.received_at -= timedelta(hours=3)
    complaint.due_at -= timedelta(hours=3)
    session.flush()
    answered = client.post(f"{url}/info", headers=auth(owner_token), json={"note": "Attached"})
    assert answered.status_code == 200 and answered.json["status"] == "queued"
    session.refresh(complaint)
    extension = complaint.due_at - (complaint.received_at + timedelta(hours=24))
    assert timedelta(hours=2) <= extension < timedelta(hours=2, minutes=1)
    assert client.post(f"{url}/info", headers=auth(owner_token),
                       json={"note": "again"}).status_code == 409
    # Back in the queue, claimable again.
    assert client.post("/api/v1/review/claim", headers=auth(token)).json["id"] == filed["id"]


def test_expired_lease_goes_to_another_reviewer(client, session):
    filed, _owner_token, _listings = file_one(client, session)
    first, second = reviewer_token(session), reviewer_token(session)
    assert client.post("/api/v1/review/claim", headers=auth(first)).json["id"] == filed["id"]
    complaint = session.get(Complaint, filed["id"])
    complaint.lease_expires_at = complaint.lease_expires_at - timedelta(minutes=16)
    session.flush()
    assert client.post("/api/v1/review/claim", headers=auth(second)).json["id"] == filed["id"]
    late = client.post(f"/api/v1/complaints/{filed['id']}/decision", headers=auth(first),
                       json={"outcome": "takedown"})
    assert late.status_code == 409


def test_claim_order_health_first_then_least_slack(client, session):
    older, _t, _l = file_one(client, session)
    health, _t, _l = file_one(client, session)
    listing = session.exec(select(Listing).where(Listing.external_id == _l[0])).one()
    assert listing is not None
    complaint = session.get(Complaint, health["id"])
    complaint.health_priority = True
    session.flush()
    # A reviewer trained for health goods takes them first; routing then hands the rest on.
    skilled = make_user(session, role="reviewer")
    skilled.review_skills = ["health"]
    token = make_token(session, skilled)
    assert client.post("/api/v1/review/claim", headers=auth(token)).json["id"] == health["id"]
    token2 = reviewer_token(session)
    assert client.post("/api/v1/review/claim", headers=auth(token2)).json["id"] == older["id"]


def test_untrained_reviewer_leaves_fresh_health_goods_to_trained_ones(client, session):
    older, _t, _l = file_one(client, session)
    health, _t, _l = file_one(client, session)
    session.get(Complaint, health["id"]).health_priority = True
    session.flush()
    token = reviewer_token(session)
    assert client.post("/api/v1/review/claim", headers=auth(token)).json["id"] == older["id"]


def test_sla_stats_for_reviewers_only(client, session):
    file_one(client, session)
    token = reviewer_token(session)
    stats = client.get("/api/v1/stats/sla", headers=auth(token))
    assert stats.status_code == 200
    assert set(stats.json) >= {"within_24h", "median_hours", "p99_hours", "open",
                               "open_past_due"}
    assert stats.json["open"] >= 1
    owner = make_token(session, make_user(session, role="rights_holder"))
    assert client.get("/api/v1/stats/sla", headers=auth(owner)).status_code == 403


def test_release_puts_the_complaint_back_for_someone_else(client, session):
    filed, owner_token, _listings = file_one(client, session)
    first, second = reviewer_token(session), reviewer_token(session)
    url = f"/api/v1/complaints/{filed['id']}/release"
    assert client.post(url, headers=auth(first)).status_code == 409  # nobody holds it
    client.post("/api/v1/review/claim", headers=auth(first))
    assert client.post(url, headers=auth(second)).status_code == 409  # not theirs
    assert client.post(url, headers=auth(owner_token)).status_code == 403
    assert client.post("/api/v1/complaints/nope/release", headers=auth(first)).status_code == 404
    released = client.post(url, headers=auth(first))
    assert released.status_code == 200 and released.json["status"] == "queued"
    assert client.post("/api/v1/review/claim", headers=auth(second)).json["id"] == filed["id"]
    events = session.exec(select(ComplaintEvent.kind).where(
        ComplaintEvent.complaint_id == filed["id"])).all()
    assert events.count("claimed") == 2


def test_a_second_claim_keeps_the_held_complaint_and_extends_its_lease(client, session):
    first, _owner, _listings = file_one(client, session)
    file_one(client, session)
    reviewer = reviewer_token(session)
    claimed = client.post("/api/v1/review/claim", headers=auth(reviewer))
    assert claimed.status_code == 200 and claimed.json["id"] == first["id"]
    assert claimed.json["mark"]["text"] == "NIMBUS" and len(claimed.json["listings"]) == 1
    lease = session.get(Complaint, first["id"]).lease_expires_at
    again = client.post("/api/v1/review/claim", headers=auth(reviewer))
    assert again.status_code == 200 and again.json["id"] == first["id"]
    session.expire_all()
    assert session.get(Complaint, first["id"]).lease_expires_at > lease  # extended
    events = session.exec(select(ComplaintEvent.kind).where(
        ComplaintEvent.complaint_id == first["id"])).all()
    assert events.count("claimed") == 1
    statuses = session.exec(select(Complaint.status).where(Complaint.id != first["id"])).all()
    assert "in_review" not in statuses  # nothing else was claimed
