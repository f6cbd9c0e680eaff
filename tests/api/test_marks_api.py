"""The library over the API: add (pending), edit, certificates, admin verification, and scoping."""

import io

from sqlmodel import select

from ipp.audit import AuditEntry
from ipp.marks.models import Mark, MarkCertificate
from tests.api.helpers import MARK, PDF, bearer, png, zip_bomb
from tests.factories import make_mark, make_token, make_user, org_of


def _holder(session):
    user = make_user(session)
    return user, make_token(session, user)


def test_added_mark_waits_for_verification_then_becomes_usable(session, client):
    user, token = _holder(session)
    admin = make_user(session, role="admin")
    admin_token = make_token(session, admin)
    created = client.post("/api/v1/marks", json=MARK, headers=bearer(token))
    assert created.status_code == 201, created.json
    body = created.json
    assert body["status"] == "pending" and body["territories"] == ["US"]
    mark_id = body["id"]
    # Not yet usable: the complaint form's marks come from registered ones only.
    listed = client.get("/api/v1/marks", headers=bearer(token)).json["items"]
    assert [m["status"] for m in listed] == ["pending"]
    early = client.post(f"/api/v1/marks/{mark_id}/verify", headers=bearer(admin_token))
    assert early.status_code == 409  # no certificate yet
    upload = client.post(f"/api/v1/marks/{mark_id}/certificates", headers=bearer(token),
                         data={"file": (io.BytesIO(PDF), "../../etc/cert.pdf",
                                        "application/pdf")})
    assert upload.status_code == 201, upload.json
    assert upload.json["filename"] == "cert.pdf" and upload.json["content_type"] == "application/pdf"
    verified = client.post(f"/api/v1/marks/{mark_id}/verify", headers=bearer(admin_token))
    assert verified.status_code == 200 and verified.json["status"] == "registered"
    actions = session.exec(select(AuditEntry.action).where(AuditEntry.entity == "mark",
                                                           AuditEntry.entity_id == str(mark_id)))
    assert {"create", "certificate", "verify"} <= set(actions)
    # An edit sends it back for verification.
    edited = client.patch(f"/api/v1/marks/{mark_id}", json={"nice_classes": [25, 18]},
                          headers=bearer(token))
    assert edited.status_code == 200 and edited.json["status"] == "pending"
    assert edited.json["nice_classes"] == [18, 25]


def test_reject_needs_a_reason_and_is_shown(session, client):
    user, token = _holder(session)
    admin_token = make_token(session, make_user(session, role="admin"))
    mark_id = client.post("/api/v1/marks", json=MARK, headers=bearer(token)).json["id"]
    empty = client.post(f"/api/v1/marks/{mark_id}/reject", json={"reason": " "},
                        headers=bearer(admin_token))
    assert empty.status_code == 422 and "reason" in empty.json["error"]["fields"]
    done = client.post(f"/api/v1/marks/{mark_id}/reject", json={"reason": "Certificate unreadable"},
                       headers=bearer(admin_token))
    assert done.status_code == 200
    assert done.json["status"] == "cancelled" and done.json["review_note"] == "Certificate unreadable"


def test_invalid_mark_is_refused_and_nothing_written(session, client):
    _user, token = _holder(session)
    bad = dict(MARK, nice_classes=[99], expires_on="2001-01-01", office="u s")
    response = client.post("/api/v1/marks", json=bad, headers=bearer(token))
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) >= {"nice_classes", "expires_on", "office"}
    assert session.exec(select(Mark).where(Mark.number == MARK["number"])).first() is None


def test_another_organisations_registration_conflicts(session, client):
    other = make_user(session)
    make_mark(session, org_of(session, other).name, number=MARK["number"])
    _user, token = _holder(session)
    response = client.post("/api/v1/marks", json=MARK, headers=bearer(token))
    assert response.status_code == 409


def test_cross_tenant_and_roles(session, client):
    owner, owner_token = _holder(session)
    mark = make_mark(session, org_of(session, owner).name)
    stranger, stranger_token = _holder(session)
    agent = make_user(session, role="agent")
    agent_token = make_token(session, agent)
    admin_token = make_token(session, make_user(session, role="admin"))
    file = lambda: {"file": (io.BytesIO(PDF), "c.pdf", "application/pdf")}  # noqa: E731
    assert client.patch(f"/api/v1/marks/{mark.id}", json={"text": "X"},
                        headers=bearer(stranger_token)).status_code == 404
    assert client.post(f"/api/v1/marks/{mark.id}/certificates", data=file(),
                       headers=bearer(stranger_token)).status_code == 404
    assert client.patch(f"/api/v1/marks/{mark.id}", json={"text": "X"},
                        headers=bearer(agent_token)).status_code == 403
    assert client.post(f"/api/v1/marks/{mark.id}/certificates", data=file(),
                       headers=bearer(agent_token)).status_code == 403
    assert client.post("/api/v1/marks", json=MARK, headers=bearer(admin_token)).status_code == 403
    assert client.post(f"/api/v1/marks/{mark.id}/verify",
                       headers=bearer(owner_token)).status_code == 403
    assert client.post(f"/api/v1/marks/{mark.id}/reject", json={"reason": "x"},
                       headers=bearer(owner_token)).status_code == 403
    assert client.post("/api/v1/marks/999999/verify", headers=bearer(admin_token)).status_code == 404
    seen = client.get("/api/v1/marks", headers=bearer(stranger_token)).json["items"]
    assert seen == []
    assert client.get("/api/v1/marks", headers=bearer(admin_token)).status_code == 403
    session.refresh(mark)
    assert mark.text == "NIMBUS"


def test_upload_abuse_is_refused_and_nothing_stored(session, client, app):
    user, token = _holder(session)
    mark = make_mark(session, org_of(session, user).name)
    store = app.extensions["ipp"].settings.data_dir / "evidence"
    cases = [
        (b"%PDF-" + b"0" * (20 * 1024 * 1024), "big.pdf", "application/pdf", 413),
        (b"MZ\x90\x00 not a pdf", "cert.pdf", "application/pdf", 415),
        (zip_bomb(), "cert.zip", "application/zip", 415),
        (PDF, "cert.png", "image/png", 415),
        (png(100_000, 100_000), "huge.png", "image/png", 422),
        (b"", "empty.pdf", "application/pdf", 422),
    ]
    for data, name, kind, status in cases:
        response = client.post(f"/api/v1/marks/{mark.id}/certificates", headers=bearer(token),
                               data={"file": (io.BytesIO(data), name, kind)})
        assert response.status_code == status, (name, response.json)
        assert response.json["error"]["message"]
    missing = client.post(f"/api/v1/marks/{mark.id}/certificates", headers=bearer(token), data={})
    assert missing.status_code == 422
    assert not store.exists() or not any(p.is_file() for p in store.rglob("*"))
    assert session.exec(select(MarkCertificate)).all() == []
