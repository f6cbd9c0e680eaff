"""The library pages: add a mark with its certificate, CSV preview then confirm, admin review."""

import io

from sqlmodel import select

from ipp.marks.models import Mark, MarkCertificate
from tests.api.helpers import PDF
from tests.factories import make_mark, make_user, org_of
from tests.web.helpers import csrf_from, sign_in

CSV = ("office,number,text,aliases,nice_classes,registered_on,expires_on\n"
       "USPTO,{same},NIMBUS,,25,2015-01-01,2030-01-01\n"
       "USPTO,{changed},NIMBUS,ニンバス,25|18,2015-01-01,2030-01-01\n"
       "USPTO,7000003,ZEPHYR,ゼファー,25,,2031-01-01\n"
       "USPTO,7000004,,,99,,\n")


def test_add_mark_with_certificate_then_admin_verifies(session, client):
    user = make_user(session, email="holder@example.com")
    sign_in(client, "holder@example.com")
    page = client.get("/marks/new")
    response = client.post("/marks/new", data={
        "csrf_token": csrf_from(page.text), "office": "USPTO", "number": "8800001",
        "text": "ZEPHYR", "aliases": "ゼファー", "nice_classes": "25, 18", "territories": "",
        "registered_on": "2015-01-01", "expires_on": "2031-01-01",
        "certificate": (io.BytesIO(PDF), "zephyr.pdf", "application/pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.text
    mark = session.exec(select(Mark).where(Mark.number == "8800001")).one()
    assert mark.status == "pending" and mark.owner_org_id == user.org_id
    cert = session.exec(select(MarkCertificate).where(MarkCertificate.mark_id == mark.id)).one()
    library = client.get("/marks")
    assert "ZEPHYR" in library.text and "zephyr.pdf" in library.text
    assert client.get(f"/marks/certificates/{cert.id}").data == PDF

    make_user(session, role="admin", email="admin@example.com")
    client.post("/logout", data={"csrf_token": csrf_from(library.text)})
    sign_in(client, "admin@example.com")
    pending = client.get("/admin/marks")
    assert "8800001" in pending.text
    client.post(f"/admin/marks/{mark.id}/verify", data={"csrf_token": csrf_from(pending.text)})
    session.refresh(mark)
    assert mark.status == "registered"


def test_bad_form_and_bad_certificate_change_nothing(session, client):
    make_user(session, email="holder2@example.com")
    sign_in(client, "holder2@example.com")
    token = csrf_from(client.get("/marks/new").text)
    bad = client.post("/marks/new", data={"csrf_token": token, "office": "USPTO",
                                          "number": "8800002", "text": "", "nice_classes": "99"})
    assert bad.status_code == 422 and "field-error" in bad.text
    wrong = client.post("/marks/new", data={
        "csrf_token": token, "office": "USPTO", "number": "8800003", "text": "X",
        "nice_classes": "25", "certificate": (io.BytesIO(b"MZ\x90"), "x.pdf", "application/pdf")},
        content_type="multipart/form-data")
    assert wrong.status_code == 422
    assert session.exec(select(Mark).where(Mark.number.in_(["8800002", "8800003"]))).all() == []


def test_csv_preview_then_confirm(session, client):
    user = make_user(session, email="csv@example.com")
    name = org_of(session, user).name
    same = make_mark(session, name, number="7000001", classes=(25,))
    changed = make_mark(session, name, number="7000002", classes=(25,))
    sign_in(client, "csv@example.com")
    page = client.get("/marks/import")
    csv = CSV.format(same=same.number, changed=changed.number).encode()
    preview = client.post("/marks/import", data={
        "csrf_token": csrf_from(page.text), "file": (io.BytesIO(csv), "marks.csv")},
        content_type="multipart/form-data")
    assert preview.status_code == 200
    for outcome, line in (("unchanged", 2), ("update", 3), ("create", 4), ("error", 5)):
        assert f'data-outcome="{outcome}" data-line="{line}"' in preview.text
    assert session.exec(select(Mark).where(Mark.number == "7000003")).first() is None
    done = client.post("/marks/import/confirm", data={
        "csrf_token": csrf_from(preview.text), "csv_text": csv.decode()})
    assert done.status_code == 302
    created = session.exec(select(Mark).where(Mark.number == "7000003")).one()
    assert created.status == "pending" and created.aliases == ["ゼファー"]
    session.refresh(changed)
    session.refresh(same)
    assert changed.nice_classes == [18, 25] and changed.status == "pending"
    assert same.status == "registered"
    broken = client.post("/marks/import", data={
        "csrf_token": csrf_from(page.text), "file": (io.BytesIO(b"\xff\xfe\x00"), "x.csv")},
        content_type="multipart/form-data")
    assert broken.status_code == 422 and 'id="csv-error"' in broken.text


def test_scoping_and_roles(session, client):
    owner = make_user(session, email="owner@example.com")
    mark = make_mark(session, org_of(session, owner).name)
    make_user(session, email="other@example.com")
    make_user(session, role="reviewer", email="rev@example.com")
    sign_in(client, "owner@example.com")
    token = csrf_from(client.get("/marks").text)
    client.post(f"/marks/{mark.id}/certificates", data={
        "csrf_token": token, "file": (io.BytesIO(PDF), "c.pdf", "application/pdf")},
        content_type="multipart/form-data")
    cert = session.exec(select(MarkCertificate).where(MarkCertificate.mark_id == mark.id)).one()
    client.post("/logout", data={"csrf_token": token})
    sign_in(client, "other@example.com")
    token = csrf_from(client.get("/marks").text)
    assert mark.number not in client.get("/marks").text
    assert client.get(f"/marks/certificates/{cert.id}").status_code == 404
    assert client.post(f"/marks/{mark.id}/certificates", data={"csrf_token": token}) \
        .status_code == 404
    assert client.get("/admin/marks").status_code == 403
    client.post("/logout", data={"csrf_token": token})
    sign_in(client, "rev@example.com")
    assert client.get("/admin/marks").status_code == 403
    assert client.get("/marks/new").status_code == 403
