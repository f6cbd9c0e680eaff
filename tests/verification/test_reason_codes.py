"""Through the API, each failing check gives its own reason code, first in api.md's order."""

from datetime import date

from tests.factories import (
    make_authorisation,
    make_listing,
    make_mark,
    make_token,
    make_user,
    org_of,
)
from tests.web.helpers import auth


def file(client, token, mark, refs, **extra):
    body = {"mark": {"office": mark.office, "number": mark.number}, "listings": refs,
            "reason": "counterfeit", "declaration": True, **extra}
    response = client.post("/api/v1/complaints", headers=auth(token), json=body)
    assert response.status_code == 201, response.json
    return {item["ref"]: item for item in response.json["listings"]}


def test_listing_level_reason_codes(client, session):
    owner = make_user(session)
    name = org_of(session, owner).name
    mark = make_mark(session, name, text="NIMBUS", classes=[25], territories=["US", "EU"])
    token = make_token(session, owner)
    cases = {
        "listing_not_found": "NOPE-404",
        "listing_inactive": make_listing(session, status="removed"),
        "mark_not_found_in_listing": make_listing(session, title="Plain running shoes"),
        "class_mismatch": make_listing(session, title="NIMBUS phone case", classes=[9]),
        "territory_mismatch": make_listing(session, market="JP"),
    }
    results = file(client, token, mark, list(cases.values()))
    for code, ref in cases.items():
        assert results[ref]["verification"]["verdict"] == "fail"
        assert results[ref]["reason_code"] == code, (code, results[ref])
    in_eu = file(client, token, mark, [make_listing(session, market="DE")])
    assert next(iter(in_eu.values()))["verification"]["verdict"] == "pass"


def test_duplicate_and_first_failure_wins(client, session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    token = make_token(session, owner)
    listing = make_listing(session)
    file(client, token, mark, [listing])
    again = file(client, token, mark, [listing, make_listing(session, title="other", market="JP")])
    codes = [item["reason_code"] for item in again.values()]
    # The second listing fails both mark_in_listing and territory: the earlier check wins.
    assert codes == ["duplicate", "mark_not_found_in_listing"]


def test_mark_status_codes(client, session):
    owner = make_user(session)
    name = org_of(session, owner).name
    token = make_token(session, owner)
    expired = make_mark(session, name, text="NIMBUS", expires_on="2020-01-01")
    pending = make_mark(session, name, text="NIMBUS", status="pending")
    listing = make_listing(session)
    assert next(iter(file(client, token, expired, [listing]).values()))["reason_code"] == \
        "mark_expired"
    assert next(iter(file(client, token, pending, [listing]).values()))["reason_code"] == \
        "mark_not_registered"


def test_agent_outside_authorised_marks(client, session):
    owner = make_user(session)
    name = org_of(session, owner).name
    covered = make_mark(session, name, text="NIMBUS")
    other = make_mark(session, name, text="NIMBUS")
    agent = make_user(session, role="agent")
    make_authorisation(session, agent, owner, mark_ids=[covered.id])
    token = make_token(session, agent)
    listing = make_listing(session)
    ok = file(client, token, covered, [listing], on_behalf_of=name)
    assert next(iter(ok.values()))["verification"]["verdict"] == "pass"
    refused = file(client, token, other, [make_listing(session)], on_behalf_of=name)
    assert next(iter(refused.values()))["reason_code"] == "not_owner_or_unauthorized"


def test_expired_authorisation_stops_the_agent(client, session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    agent = make_user(session, role="agent")
    make_authorisation(session, agent, owner, until=date(2026, 2, 1))
    response = client.post("/api/v1/complaints", headers=auth(make_token(session, agent)), json={
        "mark": {"office": mark.office, "number": mark.number},
        "listings": [make_listing(session)], "reason": "counterfeit", "declaration": True,
        "on_behalf_of": org_of(session, owner).name})
    assert response.status_code == 403


def test_authorised_reseller_fails_with_its_code(client, session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    token = make_token(session, owner)
    added = client.post("/api/v1/resellers", headers=auth(token),
                        json={"seller_id": "official-shop"})
    assert added.status_code == 201
    theirs = make_listing(session, seller="official-shop")
    results = file(client, token, mark, [theirs, make_listing(session, seller="other-shop")])
    codes = [item["reason_code"] for item in results.values()]
    assert codes == ["authorized_reseller", None]
    check = next(c for c in results[theirs]["verification"]["checks"]
                 if c["name"] == "not_authorised_reseller")
    assert not check["passed"]
    assert check["detail"] == ("Seller official-shop is on the brand's list of authorised "
                               "resellers.")
