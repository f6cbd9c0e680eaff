"""A PDF stops at PDF_MAX_ROWS rows: the PDF's cover, the API's answer and the pages say so.

The cap is lowered to 1 for the test (the real one is 20,000 rows): every reader of it looks
it up on ipp.reports.pdf_report at the time."""

import pytest

from ipp.reports import pdf_report
from tests.reports.helpers import pdf_text, two_brands
from tests.web.helpers import auth, sign_in


@pytest.fixture
def cap(monkeypatch):
    monkeypatch.setattr(pdf_report, "PDF_MAX_ROWS", 1)
    return 1


def _flat(text: str) -> str:
    return "".join(text.split())


def test_job_answer_and_pdf_state_the_cap(app, client, session, tmp_path, cap):
    app.config["IPP_REPORT_INLINE_ROWS"] = 1
    owner, token, _filed, listings, _ = two_brands(client, session, language="en")
    response = client.get("/api/v1/reports/takedowns?format=pdf", headers=auth(token))
    assert response.status_code == 202
    status = client.get(response.json["job"], headers=auth(token)).json
    total = len(listings)
    assert status["status"] == "finished" and status["truncated"] is True
    assert (status["rows"], status["total"], status["row_limit"]) == (cap, total, cap)
    note = (f"The PDF shows the first {cap} of {total} listings; choose CSV or XLSX for all "
            "of them.")
    assert status["note"] == note
    text = pdf_text(client.get(status["download_url"], headers=auth(token)).data, tmp_path)
    cover = text.split("\f")[0]
    assert _flat(note) in _flat(cover)  # on the first page, not only where the table stops
    assert _flat(f"Only the first {cap} rows are shown") in _flat(text)

    # XLSX of the same rows is whole, and says nothing of a cap.
    xlsx = client.get("/api/v1/reports/takedowns?format=xlsx", headers=auth(token))
    xlsx_job = client.get(xlsx.json["job"], headers=auth(token)).json
    assert xlsx_job["truncated"] is False and xlsx_job["rows"] == total

    # The pages: the report page before asking, the job page after.
    sign_in(client, owner.email)
    page = client.get("/reports")
    assert 'id="pdf-cap"' in page.text and note in page.text
    job_page = client.get(f"/reports/jobs/{status['id']}")
    assert 'id="job-truncated"' in job_page.text and note in job_page.text


def test_inline_pdf_headers_count_the_rows(app, client, session, cap):
    app.config["IPP_REPORT_INLINE_ROWS"] = 1000
    _owner, token, _filed, listings, _ = two_brands(client, session, language="en")
    response = client.get("/api/v1/reports/takedowns?format=pdf", headers=auth(token))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["X-Report-Rows"] == str(cap)
    assert response.headers["X-Report-Total-Rows"] == str(len(listings))


def test_under_the_cap_nothing_is_said(client, session, tmp_path):
    owner, token, *_ = two_brands(client, session, language="en")
    response = client.get("/api/v1/reports/takedowns?format=pdf", headers=auth(token))
    assert response.headers["X-Report-Rows"] == response.headers["X-Report-Total-Rows"]
    assert "The PDF shows the first" not in pdf_text(response.data, tmp_path)
    sign_in(client, owner.email)
    assert 'id="pdf-cap"' not in client.get("/reports").text
