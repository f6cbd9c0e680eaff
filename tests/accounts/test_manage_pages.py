"""Token page, letters of authorisation page, and the agent's principal picker."""

import io
import re

from sqlmodel import select

from ipp.accounts.models import AgentAuthorisation, ApiToken
from ipp.accounts.queries import live_authorisations
from tests.api.helpers import PDF
from tests.factories import (
    NOW,
    make_authorisation,
    make_listing,
    make_mark,
    make_token,
    make_user,
    org_of,
)
from tests.web.helpers import csrf_from, sign_in


def test_token_page_create_use_revoke(session, client):
    user = make_user(session, email="tok@example.com")
    sign_in(client, "tok@example.com")
    page = client.get("/tokens")
    bad = client.post("/tokens", data={"csrf_token": csrf_from(page.text), "name": "",
                                       "expires_in_days": "0"})
    assert bad.status_code == 422
    assert session.exec(select(ApiToken).where(ApiToken.user_id == user.id)).all() == []
    made = client.post("/tokens", data={"csrf_token": csrf_from(page.text), "name": "ci",
                                        "expires_in_days": "30"})
    token = re.search(r'<code id="new-token">([^<]+)</code>', made.text).group(1)
    assert client.get("/api/v1/marks", headers={"Authorization": f"Bearer {token}"}) \
        .status_code == 200
    row = session.exec(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    session.refresh(row)
    assert row.name == "ci" and row.expires_at is not None and row.last_used_at is not None
    listed = client.get("/tokens").text
    assert 'data-name="ci" data-state="active"' in listed and token not in listed
    client.post(f"/tokens/{row.id}/revoke", data={"csrf_token": csrf_from(listed)})
    assert client.get("/api/v1/marks", headers={"Authorization": f"Bearer {token}"}) \
        .status_code == 401


def test_someone_elses_token_is_404(session, client):
    owner = make_user(session)
    row = ApiToken(user_id=owner.id, name="x", token_hash="f" * 64, prefix="ipp_x",
                   created_at=NOW)
    session.add(row)
    session.flush()
    make_user(session, email="thief@example.com")
    sign_in(client, "thief@example.com")
    token = csrf_from(client.get("/tokens").text)
    assert client.post(f"/tokens/{row.id}/revoke", data={"csrf_token": token}).status_code == 404
    session.refresh(row)
    assert row.revoked_at is None


def test_letter_page_grant_and_revoke(session, client):
    principal = make_user(session, email="p@example.com")
    mark = make_mark(session, org_of(session, principal).name)
    agent = make_user(session, role="agent")
    sign_in(client, "p@example.com")
    page = client.get("/authorisations")
    response = client.post("/authorisations", data={
        "csrf_token": csrf_from(page.text), "agent": org_of(session, agent).name,
        "mark_ids": [str(mark.id)], "valid_from": "2026-01-01", "valid_until": "2027-01-01",
        "document": (io.BytesIO(PDF), "signed.pdf", "application/pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.text
    letter = session.exec(select(AgentAuthorisation).where(
        AgentAuthorisation.agent_org_id == agent.org_id)).one()
    assert letter.mark_ids == [mark.id] and letter.document_name == "signed.pdf"
    assert client.get(f"/authorisations/{letter.id}/document").data == PDF
    listed = client.get("/authorisations").text
    client.post(f"/authorisations/{letter.id}/revoke", data={"csrf_token": csrf_from(listed)})
    assert live_authorisations(session, agent_org_id=agent.org_id, on=NOW.date()) == []


def test_letter_page_refuses_bad_input_and_other_orgs(session, client):
    principal = make_user(session, email="p2@example.com")
    agent = make_user(session, role="agent", email="a2@example.com")
    letter = make_authorisation(session, agent, make_user(session))
    sign_in(client, "p2@example.com")
    token = csrf_from(client.get("/authorisations").text)
    bad = client.post("/authorisations", data={"csrf_token": token, "agent": "nobody"})
    assert bad.status_code == 422
    wrong_file = client.post("/authorisations", data={
        "csrf_token": token, "agent": org_of(session, agent).name,
        "document": (io.BytesIO(b"<html>"), "x.pdf", "application/pdf")},
        content_type="multipart/form-data")
    assert wrong_file.status_code == 422
    assert session.exec(select(AgentAuthorisation).where(
        AgentAuthorisation.principal_org_id == principal.org_id)).all() == []
    assert client.post(f"/authorisations/{letter.id}/revoke",
                       data={"csrf_token": token}).status_code == 404
    assert client.get(f"/authorisations/{letter.id}/document").status_code == 404
    client.post("/logout", data={"csrf_token": token})
    sign_in(client, "a2@example.com")
    assert client.post("/authorisations", data={"csrf_token": token}).status_code == 403


def test_agent_switches_principal(session, client):
    agent = make_user(session, role="agent", email="ag@example.com")
    first, second = make_user(session), make_user(session)
    m1 = make_mark(session, org_of(session, first).name, text="ALPHA")
    m2 = make_mark(session, org_of(session, second).name, text="BRAVO")
    make_authorisation(session, agent, first)
    make_authorisation(session, agent, second)
    sign_in(client, "ag@example.com")
    library = client.get("/marks").text
    assert m1.number in library and m2.number in library
    client.post("/principal", data={"csrf_token": csrf_from(library),
                                    "principal": str(second.org_id), "next": "/marks"})
    scoped = client.get("/marks").text
    assert m2.number in scoped and m1.number not in scoped
    form = client.get("/complaints/new").text
    assert "BRAVO" in form and "ALPHA" not in form
    # The agent's complaint list follows the chosen principal too.
    token = make_token(session, agent)
    filed = {}
    for owner, mark, title in ((first, m1, "ALPHA shoes"), (second, m2, "BRAVO shoes")):
        filed[mark.text] = client.post(
            "/api/v1/complaints", headers={"Authorization": f"Bearer {token}"},
            json={"mark": {"office": mark.office, "number": mark.number},
                  "listings": [make_listing(session, title=title)], "reason": "counterfeit",
                  "declaration": True, "on_behalf_of": org_of(session, owner).name}).json["id"]
    listed = client.get("/complaints").text
    assert filed["BRAVO"] in listed and filed["ALPHA"] not in listed
    # A principal the agent holds no letter from is ignored.
    client.post("/principal", data={"csrf_token": csrf_from(scoped), "principal": "999999"})
    assert m1.number in client.get("/marks").text


def test_reports_follow_the_chosen_principal(session, app):
    from flask import session as web_session

    from ipp.accounts.principal import KEY
    from ipp.reports.queries import report_org_ids

    agent = make_user(session, role="agent")
    first, second = make_user(session), make_user(session)
    make_authorisation(session, agent, first)
    make_authorisation(session, agent, second)
    with app.test_request_context("/reports"):
        assert sorted(report_org_ids(session, agent, today=NOW.date())) == sorted(
            [first.org_id, second.org_id])
        web_session[KEY] = second.org_id
        assert report_org_ids(session, agent, today=NOW.date()) == [second.org_id]
        web_session[KEY] = make_user(session).org_id  # not a principal: ignored
        assert len(report_org_ids(session, agent, today=NOW.date())) == 2
