"""Evidence files on a complaint: filed with the form or the API, shown to those who may see
the complaint, and the same file behind unrelated complaints raises a reputation signal."""

import io

from sqlmodel import func, select

from ipp.clock import utcnow
from ipp.counter_notices.models import Attachment
from ipp.reputation.operations import recompute
from tests.factories import make_listing, make_mark, make_token, make_user, org_of
from tests.web.helpers import auth, csrf_from, sign_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64



def file_json(client, token, mark, listing):
    response = client.post("/api/v1/complaints", headers=auth(token), json={
        "mark": {"office": mark.office, "number": mark.number}, "listings": [listing],
        "reason": "counterfeit", "declaration": True})
    assert response.status_code == 201, response.json
    return response.json["id"]


def count_files(session):
    return session.exec(select(func.count()).select_from(Attachment)).one()


def test_form_filing_keeps_evidence_for_those_who_may_see_it(client, session):
    owner = make_user(session, email="ev-owner@example.com")
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    sign_in(client, "ev-owner@example.com")
    form = client.get("/complaints/new")
    created = client.post("/complaints/new", content_type="multipart/form-data", data={
        "csrf_token": csrf_from(form.text), "mark_id": str(mark.id),
        "listings": make_listing(session), "reason": "counterfeit", "declaration": "y",
        "evidence": [(io.BytesIO(PNG), "test-buy.png", "image/png")]})
    assert created.status_code == 302, created.text
    page = client.get(created.headers["Location"])
    assert 'id="evidence"' in page.text and "test-buy.png" in page.text
    row = session.exec(select(Attachment)).one()
    assert client.get(f"/attachments/{row.id}").data == PNG
    client.post("/logout", data={"csrf_token": csrf_from(page.text)})
    make_user(session, email="ev-other@example.com")
    sign_in(client, "ev-other@example.com")
    assert client.get(f"/attachments/{row.id}").status_code == 404


def test_api_evidence_and_its_bad_input(client, session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    token = make_token(session, owner)
    complaint_id = file_json(client, token, mark, make_listing(session))
    url = f"/api/v1/complaints/{complaint_id}/evidence"
    added = client.post(url, headers=auth(token), content_type="multipart/form-data",
                        data={"evidence": [(io.BytesIO(PNG), "a.png", "image/png")]})
    assert added.status_code == 201 and added.json["evidence"][0]["filename"] == "a.png"
    before = count_files(session)
    assert client.post(url, headers=auth(token), content_type="multipart/form-data",
                       data={}).status_code == 422
    too_many = [(io.BytesIO(PNG), f"{i}.png", "image/png") for i in range(11)]
    response = client.post(url, headers=auth(token), content_type="multipart/form-data",
                           data={"evidence": too_many})
    assert response.status_code == 422 and "evidence" in response.json["error"]["fields"]
    other = make_token(session, make_user(session))
    assert client.post(url, headers=auth(other), content_type="multipart/form-data",
                       data={"evidence": [(io.BytesIO(PNG), "a.png", "image/png")]}
                       ).status_code == 404
    assert count_files(session) == before


def test_same_evidence_behind_unrelated_complaints_is_a_signal(client, session):
    owner = make_user(session)
    name = org_of(session, owner).name
    token = make_token(session, owner)
    for i in range(3):
        mark = make_mark(session, name, text=f"BRAND{i}X")
        complaint_id = file_json(client, token, mark,
                                 make_listing(session, title=f"BRAND{i}X shoe", seller=f"s{i}"))
        client.post(f"/api/v1/complaints/{complaint_id}/evidence", headers=auth(token),
                    content_type="multipart/form-data",
                    data={"evidence": [(io.BytesIO(PNG), "same.png", "image/png")]})
    reputation = recompute(session, org_id=owner.org_id, now=utcnow())
    assert "evidence_reuse" in {s["code"] for s in reputation.signals}
