"""The reports page in Japanese: filters and preview, then an XLSX made by a background job
whose progress bar the page polls (htmx) until the download appears."""

import openpyxl
import pytest

from ipp.db import session_scope
from ipp.jobs import queue as jobs
from tests.browser.conftest import file_from_page, sign_in, translated
from tests.factories import make_listing, make_mark, make_user, org_of
from tests.reports.helpers import own_redis

pytestmark = pytest.mark.browser


def seed(factory):
    with session_scope(factory) as session:
        owner = make_user(session, email="brand@example.com", language="ja")
        mark = make_mark(session, org_of(session, owner).name, text="NIMBUS", number="778")
        ids = [make_listing(session, title=f"NIMBUS {k}", listing_id=f"RP-{k}") for k in range(3)]
        return mark, ids


def test_report_page_progress_and_download(live, page, tmp_path):
    base, factory, app = live
    mark, ids = seed(factory)
    app.config["IPP_REPORT_INLINE_ROWS"] = 0
    sign_in(page, base, "brand@example.com", "ja")
    file_from_page(page, base, mark.id, ids)

    page.goto(f"{base}/reports")
    assert page.locator("h1").inner_text() == translated(app, "ja", "Takedown reports")
    page.click("#preview-report")
    page.wait_for_selector("#report-preview")
    assert page.locator("#report-preview tbody tr").count() == 3

    with own_redis(tmp_path) as redis_url:
        jobs.configure(factory, redis_url)  # jobs now wait in Redis for a worker
        try:
            page.click("#download-xlsx")
            page.wait_for_selector("#job-progress")
            assert page.locator("#job-status").get_attribute("data-status") == "queued"
            assert page.locator("#job-progress").get_attribute("value") == "0"
            _work(redis_url)  # the worker (rq wants the main thread); the page keeps polling
            page.wait_for_selector("#job-download", timeout=20_000)
        finally:
            jobs.configure(factory, None)
    assert page.locator("#job-progress").get_attribute("value") == "100"
    with page.expect_download() as download_info:
        page.click("#job-download")
    assert download_info.value.suggested_filename.endswith(".xlsx")
    with open(download_info.value.path(), "rb") as handle:
        book = openpyxl.load_workbook(handle)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == translated(app, "ja", "Complaint")
    assert {r[3] for r in rows[1:]} == set(ids)


def _work(redis_url: str) -> None:
    from redis import Redis
    from rq import Queue, SimpleWorker

    connection = Redis.from_url(redis_url)
    SimpleWorker([Queue("ipp", connection=connection)], connection=connection).work(burst=True)
