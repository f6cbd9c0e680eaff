"""The IP asset library in a real browser (German): add a mark, then import a CSV with preview."""

import pytest

from ipp.db import session_scope
from tests.browser.conftest import sign_in, translated
from tests.factories import make_mark, make_user, org_of

pytestmark = pytest.mark.browser


def test_add_mark_and_csv_preview_in_german(live, page, tmp_path):
    base, factory, app = live
    with session_scope(factory) as session:
        user = make_user(session, email="lib@example.com", language="de")
        make_mark(session, org_of(session, user).name, number="6100001", text="NIMBUS",
                  aliases=["ニンバス"])
    sign_in(page, base, "lib@example.com", "de")
    page.goto(f"{base}/marks")
    assert page.locator("h1").inner_text() == translated(app, "de", "IP asset library")
    page.click("#add-mark")
    page.fill("#office", "EUIPO")
    page.fill("#number", "6100002")
    page.fill("#text", "ZEPHYR")
    page.fill("#nice_classes", "25")
    pdf = tmp_path / "cert.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.set_input_files("#certificate", str(pdf))
    page.click("#mark-form button[type=submit]")
    page.wait_for_selector("p.flash.success")
    row = page.locator('tr[data-mark="EUIPO:6100002"]')
    assert row.get_attribute("data-status") == "pending"
    assert row.locator(".status").inner_text().strip() == translated(app, "de", "pending")
    assert "cert.pdf" in row.inner_text()

    csv = tmp_path / "marks.csv"
    csv.write_text("office,number,text,nice_classes\nUSPTO,6100001,NIMBUS,25\n"
                   "JPO,6100003,SAKURA,3\nJPO,,BROKEN,3\n", encoding="utf-8")
    page.click("#import-csv")
    page.set_input_files("#file", str(csv))
    page.click("#csv-form button[type=submit]")
    page.wait_for_selector("#csv-preview")
    outcomes = page.locator("tr.csv-row").evaluate_all("rows => rows.map(r => r.dataset.outcome)")
    assert outcomes == ["update", "create", "error"]
    page.click("#confirm-import")
    page.wait_for_selector("p.flash.success")
    assert page.locator('tr[data-mark="JPO:6100003"]').get_attribute("data-status") == "pending"
