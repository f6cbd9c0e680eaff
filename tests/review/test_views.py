"""The reviewer's page: Next claims, decisions per listing, then on to the next."""

from sqlmodel import select

from ipp.complaints.models import Complaint, ComplaintListing
from tests.factories import make_listing, make_mark, make_token, make_user, org_of
from tests.web.helpers import csrf_from, sign_in


def test_next_claims_and_decide_per_listing(client, session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    listings = [make_listing(session, title="NIMBUS shoe"), make_listing(session, title="NIMBUS bag",
                                                                         category="Shoes")]
    token = make_token(session, owner)
    filed = client.post("/api/v1/complaints", headers={"Authorization": f"Bearer {token}"},
                        json={"mark": {"office": mark.office, "number": mark.number},
                              "listings": listings, "reason": "counterfeit",
                              "declaration": True}).json
    make_user(session, role="reviewer", email="rev-web@example.com")
    sign_in(client, "rev-web@example.com")
    queue = client.get("/review")
    claimed = client.post("/review/next", data={"csrf_token": csrf_from(queue.text)})
    assert claimed.headers["Location"].endswith(f"/review/{filed['id']}")
    page = client.get(claimed.headers["Location"])
    assert 'id="decision-form"' in page.text and "hx-trigger=\"every 60s\"" in page.text
    second = session.exec(select(ComplaintListing).where(
        ComplaintListing.complaint_id == filed["id"], ComplaintListing.position == 1)).one()
    decided = client.post(f"/review/{filed['id']}/decide", data={
        "csrf_token": csrf_from(page.text), "outcome": "takedown",
        f"listing-{second.id}": "reject", f"listing-{second.id}-reason": "class_mismatch"})
    assert decided.status_code == 302 and decided.headers["Location"].endswith("/review")
    result = client.get(f"/api/v1/complaints/{filed['id']}",
                        headers={"Authorization": f"Bearer {token}"}).json
    assert [item["action"] for item in result["listings"]] == ["taken_down", "rejected"]
    assert result["listings"][1]["reason_code"] == "class_mismatch"
    empty = client.post("/review/next", data={"csrf_token": csrf_from(queue.text)})
    assert empty.headers["Location"].endswith("/review")


def test_reject_without_reason_is_refused(client, session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    token = make_token(session, owner)
    filed = client.post("/api/v1/complaints", headers={"Authorization": f"Bearer {token}"},
                        json={"mark": {"office": mark.office, "number": mark.number},
                              "listings": [make_listing(session)], "reason": "counterfeit",
                              "declaration": True}).json
    make_user(session, role="reviewer", email="rev-web2@example.com")
    sign_in(client, "rev-web2@example.com")
    queue = client.get("/review")
    client.post("/review/next", data={"csrf_token": csrf_from(queue.text)})
    response = client.post(f"/review/{filed['id']}/decide",
                           data={"csrf_token": csrf_from(queue.text), "outcome": "reject"})
    assert response.headers["Location"].endswith(f"/review/{filed['id']}")
    complaint = session.get(Complaint, filed["id"])
    session.refresh(complaint)
    assert complaint.status == "in_review"
