"""Reputation end to end: earned trust opens the fast lane; unfounded notices lead to watch,
then suspension and a clear 403; overrides are audited; nobody sees another's figures."""

from datetime import timedelta

from sqlmodel import func, select

from ipp.audit import AuditEntry
from ipp.clock import utcnow
from ipp.complaints.models import Complaint
from ipp.listings.models import Listing
from ipp.reputation.models import FastLaneAudit, OrgReputation
from tests.factories import make_token, make_user, org_of
from tests.reputation.helpers import auth, brand, file, listings, record


def test_reliable_organisation_becomes_trusted_and_is_fast_laned(client, session):
    owner, mark, token = brand(session)
    reviewer = make_token(session, make_user(session, role="reviewer"))
    assert client.get("/api/v1/reputation", headers=auth(token)).json["tier"] == "standard"
    record(client, session, token, mark, reviewer, 26, "takedown")
    body = client.get("/api/v1/reputation", headers=auth(token)).json
    assert body["tier"] == "trusted", body
    assert body["decided_listings"] == 26 and body["takedown_rate"] == 1.0
    assert body["window_days"] == 90 and body["explanation"] and body["rule"]
    assert body["by_reason"]["counterfeit"]["decided_listings"] == 26
    tier_changes = session.exec(select(AuditEntry).where(
        AuditEntry.entity == "org_reputation", AuditEntry.action == "tier")).all()
    assert [(e.before["tier"], e.after["tier"]) for e in tier_changes] == [("standard", "trusted")]

    good = listings(session, 2)
    filed = file(client, token, mark, [*good, "UNKNOWN-LISTING"])
    assert filed.status_code == 201
    assert filed.json["lane"] == "fast" and filed.json["status"] == "decided"
    actions = {item["listing_id"]: item["action"] for item in filed.json["listings"]}
    assert actions == {good[0]: "taken_down", good[1]: "taken_down",
                       "UNKNOWN-LISTING": "rejected"}
    assert {session.exec(select(Listing.status).where(Listing.external_id == ref)).one()
            for ref in good} == {"removed"}
    # Fast-lane takedowns count at once.
    assert client.get("/api/v1/reputation", headers=auth(token)).json["decided_listings"] == 28


def test_unfounded_notices_lead_to_watch_then_suspension_and_a_clear_403(client, session):
    owner, mark, token = brand(session)
    reviewer = make_token(session, make_user(session, role="reviewer"))
    record(client, session, token, mark, reviewer, 12, "reject")
    body = client.get("/api/v1/reputation", headers=auth(token)).json
    assert body["tier"] == "watch", body
    assert "12" in body["rule"]
    # Watch: every complaint is reviewed, even when all listings pass.
    record(client, session, token, mark, reviewer, 10, "reject")
    body = client.get("/api/v1/reputation?lang=de", headers=auth(token)).json
    assert body["tier"] == "suspended" and body["review_on"], body
    before = session.exec(select(func.count()).select_from(Complaint)).one()
    refused = file(client, token, mark, listings(session, 1))
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "forbidden"
    review_on = utcnow().date() + timedelta(days=90)
    message = refused.json["error"]["message"]
    assert str(review_on.year) in message and "refused" in message, message
    assert session.exec(select(func.count()).select_from(Complaint)).one() == before
    changes = session.exec(select(AuditEntry.after).where(
        AuditEntry.entity == "org_reputation", AuditEntry.action == "tier")
        .order_by(AuditEntry.id)).all()
    assert [c["tier"] for c in changes] == ["watch", "suspended"]


def test_admin_override_is_audited_and_lifts_a_suspension(client, session):
    owner, mark, token = brand(session)
    admin = make_user(session, role="admin")
    admin_token = make_token(session, admin)
    session.add(OrgReputation(org_id=owner.org_id, tier="suspended", computed_at=utcnow(),
                              tier_since=utcnow(), review_on=utcnow().date() + timedelta(days=30)))
    session.flush()
    assert file(client, token, mark, listings(session, 1)).status_code == 403
    url = f"/api/v1/admin/reputation/{owner.org_id}/override"
    before = session.exec(select(func.count()).select_from(AuditEntry)).one()
    for body, field in [({"tier": "standard"}, "reason"),
                        ({"tier": "golden", "reason": "x"}, "tier"),
                        ({"tier": "standard", "reason": "x", "expires_on": "2001-01-01"},
                         "expires_on"),
                        ({"tier": "standard", "reason": "x", "expires_on": "soon"}, "expires_on")]:
        response = client.post(url, headers=auth(admin_token), json=body)
        assert response.status_code == 422 and field in response.json["error"]["fields"]
    assert client.post(url, headers=auth(admin_token), data="nope",
                       content_type="application/json").status_code == 400
    assert session.exec(select(func.count()).select_from(AuditEntry)).one() == before
    assert client.post(url, headers=auth(token), json={"tier": "standard", "reason": "x"}
                       ).status_code == 403
    assert client.post("/api/v1/admin/reputation/999999/override", headers=auth(admin_token),
                       json={"tier": "standard", "reason": "x"}).status_code == 404
    assert client.post(f"/api/v1/admin/reputation/{admin.org_id}/override",
                       headers=auth(admin_token),
                       json={"tier": "standard", "reason": "x"}).status_code == 404

    lifted = client.post(url, headers=auth(admin_token),
                         json={"tier": "standard", "reason": "Appeal granted after review"})
    assert lifted.status_code == 200 and lifted.json["tier"] == "standard"
    assert lifted.json["override"]["reason"] == "Appeal granted after review"
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "override")).one()
    assert entry.actor_id == admin.id and entry.entity_id == str(owner.org_id)
    assert entry.before["tier"] == "suspended" and entry.after["tier"] == "standard"
    assert entry.after["override_reason"] == "Appeal granted after review"
    assert file(client, token, mark, listings(session, 1)).status_code == 201
    cleared = client.post(url, headers=auth(admin_token),
                          json={"tier": "automatic", "reason": "Back to the rules"})
    assert cleared.status_code == 200 and cleared.json["override"] is None


def test_reputation_is_the_callers_own(client, session):
    owner, mark, token = brand(session)
    reviewer = make_token(session, make_user(session, role="reviewer"))
    record(client, session, token, mark, reviewer, 3, "takedown")
    other = make_token(session, make_user(session, role="rights_holder"))
    theirs = client.get("/api/v1/reputation", headers=auth(other)).json
    assert theirs["decided_listings"] == 0 and theirs["takedown_rate"] is None
    assert client.get("/api/v1/reputation", headers=auth(reviewer)).status_code == 403
    assert client.get("/api/v1/reputation").status_code == 401
    mine = client.get("/api/v1/reputation", headers=auth(token)).json
    assert mine["decided_listings"] == 3 and org_of(session, owner).id == owner.org_id


def test_fast_lane_sample_is_recorded(client, session, monkeypatch):
    from ipp.complaints import operations

    owner, mark, token = brand(session)
    session.add(OrgReputation(org_id=owner.org_id, tier="trusted", computed_at=utcnow(),
                              tier_since=utcnow()))
    session.flush()
    monkeypatch.setattr(operations, "in_audit_sample", lambda complaint_id: True)
    filed = file(client, token, mark, listings(session, 1))
    assert filed.json["lane"] == "fast"
    assert session.get(FastLaneAudit, filed.json["id"]) is not None
