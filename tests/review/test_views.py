"""The reviewer's page: Next claims, decisions per listing and in bulk, leaving the page."""

import re
from datetime import timedelta

from sqlmodel import select

from ipp.complaints.models import Complaint, ComplaintListing
from tests.factories import make_listing, make_mark, make_token, make_user, org_of
from tests.web.helpers import csrf_from, sign_in


def _file(client, session, listings):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    token = make_token(session, owner)
    filed = client.post("/api/v1/complaints", headers={"Authorization": f"Bearer {token}"},
                        json={"mark": {"office": mark.office, "number": mark.number},
                              "listings": listings, "reason": "counterfeit",
                              "declaration": True})
    assert filed.status_code == 201, filed.json
    return filed.json, token


def _claim_as_reviewer(client, session, email):
    make_user(session, role="reviewer", email=email)
    sign_in(client, email)
    queue = client.get("/review")
    claimed = client.post("/review/next", data={"csrf_token": csrf_from(queue.text)})
    return client.get(claimed.headers["Location"])


def _rows(session, complaint_id):
    return session.exec(select(ComplaintListing).where(
        ComplaintListing.complaint_id == complaint_id)
        .order_by(ComplaintListing.position)).all()


def _fresh(session, complaint_id) -> Complaint:
    complaint = session.get(Complaint, complaint_id)
    session.refresh(complaint)
    return complaint


def test_next_claims_and_decide_per_listing(client, session):
    listings = [make_listing(session, title="NIMBUS shoe"),
                make_listing(session, title="NIMBUS bag", category="Shoes")]
    filed, token = _file(client, session, listings)
    page = _claim_as_reviewer(client, session, "rev-web@example.com")
    assert page.request.path == f"/review/{filed['id']}"
    assert 'id="decision-form"' in page.text and 'hx-trigger="load delay:1s, every 60s"' in page.text
    assert 'data-release-url="/review/' in page.text
    # The complainant's standing and the complaint's message thread sit beside the decision.
    assert 'id="reputation-panel" data-tier="standard"' in page.text
    assert 'id="message-form"' in page.text
    second = _rows(session, filed["id"])[1]
    decided = client.post(f"/review/{filed['id']}/decide", data={
        "csrf_token": csrf_from(page.text), "outcome": "takedown",
        f"listing-{second.id}": "reject", f"listing-{second.id}-reason": "class_mismatch"})
    assert decided.status_code == 302 and decided.headers["Location"].endswith("/review")
    result = client.get(f"/api/v1/complaints/{filed['id']}",
                        headers={"Authorization": f"Bearer {token}"}).json
    assert [item["action"] for item in result["listings"]] == ["taken_down", "rejected"]
    assert result["listings"][1]["reason_code"] == "class_mismatch"
    empty = client.post("/review/next", data={"csrf_token": csrf_from(page.text)})
    assert empty.headers["Location"].endswith("/review")


def test_bulk_reject_by_seller_then_take_down_the_rest(client, session):
    listings = [make_listing(session, title="NIMBUS shoe", seller="good-shop"),
                make_listing(session, title="NIMBUS cap", seller="reseller"),
                make_listing(session, title="NIMBUS bag", seller="reseller")]
    filed, _token = _file(client, session, listings)
    page = _claim_as_reviewer(client, session, "rev-bulk@example.com")
    # Without JavaScript the selection links pre-tick the listings on the server.
    chosen = client.get(f"/review/{filed['id']}?select=seller:reseller")
    rows = _rows(session, filed["id"])
    ticked = [bool(re.search(rf'<input type="checkbox" name="selected" value="{row.id}"[^>]*checked',
                             chosen.text)) for row in rows]
    assert ticked == [False, True, True]
    decided = client.post(f"/review/{filed['id']}/decide", data={
        "csrf_token": csrf_from(page.text), "outcome": "takedown",
        "selected": [str(rows[1].id), str(rows[2].id)], "bulk_outcome": "reject",
        "bulk_reason": "authorized_reseller"})
    assert decided.status_code == 302
    for row in _rows(session, filed["id"]):
        session.refresh(row)
    actions = [(r.action, r.reason_code) for r in _rows(session, filed["id"])]
    assert actions == [("taken_down", None), ("rejected", "authorized_reseller"),
                       ("rejected", "authorized_reseller")]


def test_bad_bulk_or_reject_shows_errors_and_writes_nothing(client, session):
    filed, _token = _file(client, session, [make_listing(session), make_listing(session)])
    page = _claim_as_reviewer(client, session, "rev-bad@example.com")
    rows = _rows(session, filed["id"])
    cases = [({"outcome": "reject"}, "A rejection needs a reason code."),
             ({"outcome": "takedown", "bulk_outcome": "reject", "selected": [str(rows[0].id)]},
              "A rejection needs a reason code."),
             ({"outcome": "takedown", "bulk_outcome": "takedown"},
              "Select the listings this outcome is for."),
             ({"outcome": "takedown", "selected": ["999999"], "bulk_outcome": "takedown"},
              "This listing is not part of the complaint."),
             ({"outcome": "need_info"}, "Say what information is needed.")]
    for body, message in cases:
        response = client.post(f"/review/{filed['id']}/decide",
                               data={"csrf_token": csrf_from(page.text), **body})
        assert response.status_code == 422 and message in response.text, body
        assert 'id="decision-errors"' in response.text
    kept = client.post(f"/review/{filed['id']}/decide", data={
        "csrf_token": csrf_from(page.text), "outcome": "reject", "note": "keep me",
        f"listing-{rows[1].id}": "takedown"})
    assert "keep me</textarea>" in kept.text and 'value="takedown" checked' in kept.text
    assert _fresh(session, filed["id"]).status == "in_review"
    assert {r.action for r in _rows(session, filed["id"])} == {"pending"}
    no_csrf = client.post(f"/review/{filed['id']}/decide", data={"outcome": "takedown"})
    assert no_csrf.status_code == 400 and _fresh(session, filed["id"]).status == "in_review"


def test_leaving_the_page_releases_after_a_grace_and_put_back_at_once(client, session):
    filed, _token = _file(client, session, [make_listing(session)])
    page = _claim_as_reviewer(client, session, "rev-leave@example.com")
    url = f"/review/{filed['id']}/release"
    assert client.post(url, data={"via": "beacon"}).status_code == 400  # no CSRF token
    assert client.post(url, data={"via": "beacon",
                                  "csrf_token": csrf_from(page.text)}).status_code == 204
    complaint = _fresh(session, filed["id"])
    assert complaint.status == "in_review"
    assert complaint.lease_expires_at - complaint.received_at < timedelta(minutes=1)
    # The page shown again (a reload) keeps it: its heartbeat extends the lease.
    beat = client.post(f"/review/{filed['id']}/heartbeat",
                       headers={"X-CSRFToken": csrf_from(page.text)})
    assert beat.status_code == 204
    assert _fresh(session, filed["id"]).lease_expires_at - complaint.received_at > \
        timedelta(minutes=10)
    back = client.post(url, data={"csrf_token": csrf_from(page.text)})
    assert back.status_code == 302 and _fresh(session, filed["id"]).status == "queued"
    again = client.post(url, data={"via": "beacon", "csrf_token": csrf_from(page.text)})
    assert again.status_code == 409


def test_htmx_gets_the_address_to_show_and_others_get_403(client, session):
    _file(client, session, [make_listing(session)])
    make_user(session, role="reviewer", email="rev-hx@example.com")
    sign_in(client, "rev-hx@example.com")
    queue = client.get("/review", headers={"HX-Request": "true"})
    assert queue.headers["HX-Push-Url"] == "/review"
    claimed = client.post("/review/next", data={"csrf_token": csrf_from(queue.text)},
                          headers={"HX-Request": "true"}, follow_redirects=True)
    assert claimed.headers["HX-Push-Url"].startswith("/review/")
    client.post("/logout", data={"csrf_token": csrf_from(queue.text)})
    make_user(session, email="owner-hx@example.com")
    sign_in(client, "owner-hx@example.com")
    assert client.get("/review").status_code == 403
    assert client.get(claimed.headers["HX-Push-Url"]).status_code == 403
