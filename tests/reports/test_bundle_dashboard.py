"""Evidence bundle (own complaints only), the platform dashboard (reviewers/admins), file expiry."""

from datetime import timedelta

from ipp.clock import utcnow
from ipp.reports.figures import handling_summary, percentile
from ipp.reports.models import ReportJob
from ipp.reports.sweep import sweep_reports
from ipp.reports.translate import translator
from tests.factories import make_mark, make_token, make_user, org_of
from tests.reports.helpers import auth, file_and_decide, pdf_text


def test_bundle_pdf_in_japanese_and_scoped(client, session, tmp_path):
    owner = make_user(session, language="ja")
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    token = make_token(session, owner)
    filed, listings = file_and_decide(client, session, token, mark, ["NIMBUS shoes"])
    response = client.get(f"/api/v1/complaints/{filed['id']}/bundle.pdf", headers=auth(token))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    tr = translator("ja")
    assert filed["id"] in text and listings[0] in text and mark.number in text
    assert tr("Timeline") in text and tr("Listings and verification") in text
    stranger = make_token(session, make_user(session))
    assert client.get(f"/api/v1/complaints/{filed['id']}/bundle.pdf",
                      headers=auth(stranger)).status_code == 404
    assert client.get(f"/api/v1/complaints/{filed['id']}/bundle.pdf?lang=xx",
                      headers=auth(token)).status_code == 422


def _figures(client, since) -> dict:
    exported = client.get(f"/dashboard/platform.csv?from={since}")
    lines = exported.get_data(as_text=True).lstrip("\ufeff").splitlines()[1:]
    return {tuple(line.split(",")[:2]): line.split(",")[2] for line in lines}


def test_platform_dashboard_roles_and_csv(client, session):
    reviewer = make_user(session, role="reviewer", password="pw-reviewer-1")
    client.post("/login", data={"email": reviewer.email, "password": "pw-reviewer-1",
                                "csrf_token": _csrf(client)})
    since = utcnow().date() - timedelta(days=400)
    before = _figures(client, since)  # platform-wide: count what this test adds
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    file_and_decide(client, session, make_token(session, owner), mark, ["NIMBUS a", "NIMBUS b"])
    page = client.get(f"/dashboard/platform?from={since}")
    assert page.status_code == 200 and b'id="chart-outcome"' in page.data and b"<svg" in page.data
    after = _figures(client, since)
    key = ("outcome", "taken_down")
    assert int(after[key]) - int(before.get(key, 0)) == 2
    assert client.get("/dashboard/platform?from=nope").status_code == 422
    client.get("/logout")
    rights = make_user(session, password="pw-owner-12")
    client.post("/login", data={"email": rights.email, "password": "pw-owner-12",
                                "csrf_token": _csrf(client)})
    assert client.get("/dashboard/platform").status_code == 403


def _csrf(client) -> str:
    import re

    html = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1) \
        if 'name="csrf_token" type="hidden"' in html else \
        re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_sweep_deletes_expired_files(session, tmp_path):
    user = make_user(session)
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"x")
    now = utcnow()
    session.add(ReportJob(id="expiredjob", user_id=user.id, org_ids=[user.org_id],
                          format="xlsx", params={}, status="finished", created_at=now,
                          heartbeat_at=now, file_path=str(path), expires_at=now + timedelta(days=7)))
    session.flush()
    assert sweep_reports(session, now + timedelta(days=6)) == 0 and path.exists()
    assert sweep_reports(session, now + timedelta(days=8)) == 1 and not path.exists()
    assert session.get(ReportJob, "expiredjob").file_path is None


def test_figures():
    assert percentile([], 0.5) is None and percentile([1.0, 2.0, 3.0], 0.5) == 2.0
    summary = handling_summary([1.0, 30.0], breached=1, open_past_due=1)
    assert summary["within_24h"] == 1 / 3 and summary["p99_hours"] == 30.0
