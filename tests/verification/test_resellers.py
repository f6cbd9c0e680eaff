"""Authorised resellers: the list through the API and the page, audited, scoped, and the check."""

from sqlmodel import func, select

from ipp.audit import AuditEntry
from ipp.verification.models import AuthorisedReseller
from ipp.verification.queries import authorised_sellers
from tests.factories import make_authorisation, make_token, make_user, org_of
from tests.web.helpers import auth, csrf_from, sign_in


def count(session):
    return session.exec(select(func.count()).select_from(AuthorisedReseller)).one()


def test_api_add_list_remove_audited(client, session):
    owner = make_user(session)
    token = make_token(session, owner)
    response = client.post("/api/v1/resellers", headers=auth(token),
                           json={"seller_id": " shop-9 ", "note": "Official store"})
    assert response.status_code == 201, response.json
    assert response.json["seller_id"] == "shop-9" and response.json["note"] == "Official store"
    assert authorised_sellers(session, owner.org_id) == {"shop-9"}
    listed = client.get("/api/v1/resellers", headers=auth(token)).json["items"]
    assert [item["seller_id"] for item in listed] == ["shop-9"]
    again = client.post("/api/v1/resellers", headers=auth(token), json={"seller_id": "shop-9"})
    assert again.status_code == 409 and again.json["error"]["code"] == "conflict"
    assert client.delete("/api/v1/resellers/shop-9", headers=auth(token)).status_code == 204
    assert count(session) == 0
    actions = session.exec(select(AuditEntry.action).where(
        AuditEntry.entity == "authorised_reseller")).all()
    assert sorted(actions) == ["add", "remove"]
    gone = client.delete("/api/v1/resellers/shop-9", headers=auth(token))
    assert gone.status_code == 404 and gone.json["error"]["code"] == "not_found"


def test_bad_input_writes_nothing(client, session):
    token = make_token(session, make_user(session))
    for body in ({}, {"seller_id": ""}, {"seller_id": 5}, {"seller_id": "x" * 201},
                 {"seller_id": "ok", "note": ["no"]}):
        response = client.post("/api/v1/resellers", headers=auth(token), json=body)
        assert response.status_code == 422, body
        assert set(response.json["error"]) == {"code", "message", "fields"}
    bad = client.post("/api/v1/resellers", headers=auth(token), data="nope",
                      content_type="text/plain")
    assert bad.status_code == 400
    assert count(session) == 0


def test_scoping_agents_read_principals_only_and_roles(client, session):
    owner, stranger = make_user(session), make_user(session)
    client.post("/api/v1/resellers", headers=auth(make_token(session, owner)),
                json={"seller_id": "shop-1"})
    other = client.get("/api/v1/resellers", headers=auth(make_token(session, stranger)))
    assert other.json["items"] == []
    gone = client.delete("/api/v1/resellers/shop-1",
                         headers=auth(make_token(session, stranger)))
    assert gone.status_code == 404 and count(session) == 1
    agent = make_user(session, role="agent")
    agent_token = make_token(session, agent)
    assert client.get("/api/v1/resellers", headers=auth(agent_token)).json["items"] == []
    make_authorisation(session, agent, owner)
    items = client.get("/api/v1/resellers", headers=auth(agent_token)).json["items"]
    assert [(i["seller_id"], i["rights_holder"]) for i in items] == \
        [("shop-1", org_of(session, owner).name)]
    assert client.post("/api/v1/resellers", headers=auth(agent_token),
                       json={"seller_id": "x"}).status_code == 403
    reviewer = make_token(session, make_user(session, role="reviewer"))
    assert client.get("/api/v1/resellers", headers=auth(reviewer)).status_code == 403


def test_page_add_and_remove(client, session):
    owner = make_user(session, email="res-owner@example.com")
    sign_in(client, "res-owner@example.com")
    page = client.get("/resellers")
    assert page.status_code == 200 and 'id="no-resellers"' in page.text
    bad = client.post("/resellers", data={"csrf_token": csrf_from(page.text), "seller_id": ""})
    assert bad.status_code == 422 and 'id="seller_id-error"' in bad.text and count(session) == 0
    added = client.post("/resellers", data={"csrf_token": csrf_from(page.text),
                                            "seller_id": "shop-7", "note": "distributor"})
    assert added.status_code == 302
    listed = client.get("/resellers")
    assert 'data-seller="shop-7"' in listed.text and "distributor" in listed.text
    removed = client.post("/resellers/remove", data={"csrf_token": csrf_from(listed.text),
                                                     "seller_id": "shop-7"})
    assert removed.status_code == 302 and authorised_sellers(session, owner.org_id) == set()


def test_page_roles(client, session):
    make_user(session, role="reviewer", email="res-rev@example.com")
    sign_in(client, "res-rev@example.com")
    assert client.get("/resellers").status_code == 403
