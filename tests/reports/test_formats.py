"""XLSX and PDF takedown reports, read back by openpyxl and pdftotext, in Japanese and Arabic."""

from datetime import datetime

from sqlmodel import func, select

from ipp.reports.columns import HEADERS
from ipp.reports.models import ReportJob
from ipp.reports.translate import translator
from tests.factories import make_token, make_user
from tests.reports.helpers import auth, pdf_text, two_brands, xlsx_rows


def test_xlsx_in_japanese_typed_own_rows(client, session):
    owner, token, filed, listings, others = two_brands(client, session)
    owner.timezone = "Asia/Tokyo"
    session.flush()
    response = client.get("/api/v1/reports/takedowns?format=xlsx", headers=auth(token))
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet, rows = xlsx_rows(response.data)
    tr = translator("ja")
    assert rows[0] == [tr(h) for h in HEADERS] and rows[0][0] != "Complaint"
    body = rows[1:]
    assert {r[3] for r in body} == set(listings) and not {r[3] for r in body} & set(others)
    assert all(isinstance(r[1], datetime) and isinstance(r[10], float) for r in body)
    filed_at = datetime.fromisoformat(filed["received_at"].replace("Z", "+00:00"))
    assert body[0][1] == filed_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo")) \
        .replace(tzinfo=None, second=0, microsecond=0) or body[0][1].hour != filed_at.hour
    assert {r[7] for r in body} == {tr("Taken down")}
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:L{len(rows)}"


def test_pdf_in_arabic_and_japanese(client, session, tmp_path):
    _owner, token, filed, listings, others = two_brands(client, session, language="ar")
    response = client.get("/api/v1/reports/takedowns?format=pdf", headers=auth(token))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    tr = translator("ar")
    # Lam-alef ligatures come back from pdftotext in visual order, so check other headers.
    for msgid in ("Seller", "Reason", "Outcome", "Lane"):
        assert tr(msgid) in text, msgid
    assert all(lid in text for lid in listings) and not any(o in text for o in others)
    assert filed["id"] in text
    ja = client.get("/api/v1/reports/takedowns?format=pdf&lang=ja", headers=auth(token))
    text = pdf_text(ja.data, tmp_path)
    assert translator("ja")("Takedown report") in text
    assert all(translator("ja")(h) in text for h in ("Complaint", "Seller", "Outcome"))
    # pdftotext lays out the footer with its own spacing; compare without white space.
    footer = translator("ja")("Page %(page)s of %(pages)s", page="2", pages="2")
    assert "".join(footer.split()) in "".join(text.split())


def test_large_report_becomes_job(app, client, session, tmp_path):
    app.config["IPP_REPORT_INLINE_ROWS"] = 1
    owner, token, _filed, listings, _ = two_brands(client, session)
    response = client.get("/api/v1/reports/takedowns?format=xlsx", headers=auth(token))
    assert response.status_code == 202
    job_url = response.json["job"]
    # Without IPP_REDIS_URL the job ran in-process right after the commit.
    status = client.get(job_url, headers=auth(token)).json
    assert status["status"] == "finished" and status["rows"] == len(listings)
    assert status["progress"] == 1.0
    got = client.get(status["download_url"], headers=auth(token))
    assert got.status_code == 200
    assert {r[3] for r in xlsx_rows(got.data)[1][1:]} == set(listings)
    stranger = make_token(session, make_user(session))
    assert client.get(job_url, headers=auth(stranger)).status_code == 404
    assert client.get(status["download_url"], headers=auth(stranger)).status_code == 404
    csv_ = client.get("/api/v1/reports/takedowns?format=csv", headers=auth(token))
    assert csv_.status_code == 200  # CSV always streams


def test_bad_filters_write_nothing(client, session):
    owner, token, *_ = two_brands(client, session)
    before = session.exec(select(func.count()).select_from(ReportJob)).one()
    for query, field in [("format=xlsx&reason=bogus", "reason"), ("format=pdf&outcome=x", "outcome"),
                         ("format=xlsx&lane=slow", "lane"), ("format=xlsx&mark=999999", "mark"),
                         ("format=pdf&mark=abc", "mark")]:
        response = client.get(f"/api/v1/reports/takedowns?{query}", headers=auth(token))
        assert response.status_code == 422 and field in response.json["error"]["fields"], query
    assert session.exec(select(func.count()).select_from(ReportJob)).one() == before
    assert client.get("/api/v1/jobs/nope", headers=auth(token)).status_code == 404


def test_filters_narrow_the_rows(client, session):
    owner, token, filed, listings, _ = two_brands(client, session)
    rows = xlsx_rows(client.get("/api/v1/reports/takedowns?format=xlsx&outcome=rejected",
                                headers=auth(token)).data)[1]
    assert len(rows) == 1
    rows = xlsx_rows(client.get("/api/v1/reports/takedowns?format=xlsx&reason=counterfeit"
                                "&lane=standard&outcome=taken_down", headers=auth(token)).data)[1]
    assert len(rows) == 1 + len(listings)
