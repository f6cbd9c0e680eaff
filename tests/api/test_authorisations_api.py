"""Letters of authorisation over the API: granted by the principal, revoked at once, scoped."""

import io

from ipp.accounts.models import AgentAuthorisation
from tests.api.helpers import PDF, bearer
from tests.factories import make_listing, make_mark, make_token, make_user, org_of


def _setup(session):
    principal = make_user(session)
    mark = make_mark(session, org_of(session, principal).name, text="NIMBUS")
    agent = make_user(session, role="agent")
    return principal, mark, agent


def _filing(principal_name, mark, listing):
    return {"mark": {"office": mark.office, "number": mark.number}, "listings": [listing],
            "reason": "counterfeit", "on_behalf_of": principal_name, "declaration": True}


def test_grant_then_revoke_stops_the_agent_at_once(session, client):
    principal, mark, agent = _setup(session)
    p_token, a_token = make_token(session, principal), make_token(session, agent)
    name = org_of(session, principal).name
    listing = make_listing(session)
    granted = client.post("/api/v1/authorisations", headers=bearer(p_token), json={
        "agent": org_of(session, agent).name, "mark_ids": [mark.id], "valid_from": "2020-01-01"})
    assert granted.status_code == 201, granted.json
    letter_id = granted.json["id"]
    assert granted.json["live"] and not granted.json["all_marks"]
    assert [m["id"] for m in client.get("/api/v1/marks", headers=bearer(a_token)).json["items"]] \
        == [mark.id]
    held = client.get("/api/v1/authorisations", headers=bearer(a_token)).json["items"]
    assert [h["id"] for h in held] == [letter_id]
    doc = client.post(f"/api/v1/authorisations/{letter_id}/document", headers=bearer(p_token),
                      data={"file": (io.BytesIO(PDF), "letter.pdf", "application/pdf")})
    assert doc.status_code == 200 and doc.json["has_document"]
    filed = client.post("/api/v1/complaints", json=_filing(name, mark, listing),
                        headers=bearer(a_token))
    assert filed.status_code == 201, filed.json
    revoked = client.post(f"/api/v1/authorisations/{letter_id}/revoke", headers=bearer(p_token))
    assert revoked.status_code == 200 and not revoked.json["live"]
    again = client.post("/api/v1/complaints", json=_filing(name, mark, make_listing(session)),
                        headers=bearer(a_token))
    assert again.status_code == 403
    assert client.get("/api/v1/marks", headers=bearer(a_token)).json["items"] == []
    twice = client.post(f"/api/v1/authorisations/{letter_id}/revoke", headers=bearer(p_token))
    assert twice.status_code == 409


def test_invalid_letters_are_refused_and_nothing_written(session, client):
    principal, mark, agent = _setup(session)
    other_mark = make_mark(session, org_of(session, make_user(session)).name)
    token = make_token(session, principal)
    before = len(session.exec(AgentAuthorisation.__table__.select()).all())
    for body, field in [({"agent": "nobody"}, "agent"),
                        ({"agent": org_of(session, agent).name, "mark_ids": [other_mark.id]},
                         "mark_ids"),
                        ({"agent": org_of(session, agent).name, "valid_from": "2026-02-01",
                          "valid_until": "2026-01-01"}, "valid_until"),
                        ({"agent": org_of(session, principal).name}, "agent")]:
        response = client.post("/api/v1/authorisations", json=body, headers=bearer(token))
        assert response.status_code == 422 and field in response.json["error"]["fields"], body
    assert len(session.exec(AgentAuthorisation.__table__.select()).all()) == before


def test_cross_tenant_and_roles(session, client):
    principal, mark, agent = _setup(session)
    p_token, a_token = make_token(session, principal), make_token(session, agent)
    stranger_token = make_token(session, make_user(session))
    letter_id = client.post("/api/v1/authorisations", headers=bearer(p_token), json={
        "agent": org_of(session, agent).name}).json["id"]
    assert client.post(f"/api/v1/authorisations/{letter_id}/revoke",
                       headers=bearer(stranger_token)).status_code == 404
    assert client.post(f"/api/v1/authorisations/{letter_id}/document", headers=bearer(
        stranger_token), data={"file": (io.BytesIO(PDF), "x.pdf")}).status_code == 404
    assert client.post(f"/api/v1/authorisations/{letter_id}/revoke",
                       headers=bearer(a_token)).status_code == 403
    assert client.post("/api/v1/authorisations", json={"agent": "x"},
                       headers=bearer(a_token)).status_code == 403
    assert client.get("/api/v1/authorisations",
                      headers=bearer(stranger_token)).json["items"] == []
    seller_token = make_token(session, make_user(session, role="seller"))
    assert client.get("/api/v1/authorisations", headers=bearer(seller_token)).status_code == 403
