"""The CSV takedown report: columns, own organisation only, period filter, bad input."""

import csv
import io

from tests.factories import (
    make_authorisation,
    make_listing,
    make_mark,
    make_token,
    make_user,
    org_of,
)
from tests.web.helpers import auth


def read_csv(response):
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def file_and_decide(client, session, owner_token, mark, titles):
    listings = [make_listing(session, title=t) for t in titles]
    filed = client.post("/api/v1/complaints", headers=auth(owner_token), json={
        "mark": {"office": mark.office, "number": mark.number}, "listings": listings,
        "reason": "counterfeit", "declaration": True}).json
    reviewer = make_token(session, make_user(session, role="reviewer"))
    client.post("/api/v1/review/claim", headers=auth(reviewer))
    client.post(f"/api/v1/complaints/{filed['id']}/decision", headers=auth(reviewer),
                json={"outcome": "takedown"})
    return filed, listings


def test_report_has_own_rows_only(client, session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    token = make_token(session, owner)
    filed, listings = file_and_decide(client, session, token, mark, ["NIMBUS shoes", "NIMBUS cap"])
    stranger = make_user(session)
    other_mark = make_mark(session, org_of(session, stranger).name, text="ZEPHYR")
    file_and_decide(client, session, make_token(session, stranger), other_mark, ["ZEPHYR shoe"])

    response = client.get("/api/v1/reports/takedowns?format=csv", headers=auth(token))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Complaint", "Filed at", "Mark", "Listing"] and len(header) == 12
    assert {r[3] for r in body} == set(listings)
    assert all(r[0] == filed["id"] and r[2] == f"{mark.office} {mark.number}" for r in body)
    assert {r[7] for r in body} == {"Taken down"} and all(r[10] for r in body)
    assert {r[11] for r in body} == {"Standard"}


def test_agent_reports_on_principals_and_period_filters(client, session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    file_and_decide(client, session, make_token(session, owner), mark, ["NIMBUS shoes"])
    agent = make_user(session, role="agent")
    agent_token = make_token(session, agent)
    empty = read_csv(client.get("/api/v1/reports/takedowns", headers=auth(agent_token)))
    assert len(empty) == 1
    make_authorisation(session, agent, owner)
    rows = read_csv(client.get("/api/v1/reports/takedowns", headers=auth(agent_token)))
    assert len(rows) == 2
    old = read_csv(client.get("/api/v1/reports/takedowns?from=2001-01-01&to=2001-12-31",
                              headers=auth(agent_token)))
    assert len(old) == 1


def test_report_bad_input(client, session):
    token = make_token(session, make_user(session))
    for query, field in [("format=doc", "format"), ("from=yesterday", "from"),
                         ("from=2026-05-02&to=2026-05-01", "to"), ("lang=xx", "lang")]:
        response = client.get(f"/api/v1/reports/takedowns?{query}", headers=auth(token))
        assert response.status_code == 422 and field in response.json["error"]["fields"], query
    reviewer = make_token(session, make_user(session, role="reviewer"))
    assert client.get("/api/v1/reports/takedowns", headers=auth(reviewer)).status_code == 403
