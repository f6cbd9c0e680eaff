"""The journey in a real browser: file in Japanese, review in Arabic with the keyboard,
download the CSV report."""

import csv
import io

import pytest

from ipp.db import session_scope
from tests.browser.conftest import sign_in, translated
from tests.factories import make_listing, make_mark, make_user, org_of

pytestmark = pytest.mark.browser


def seed(factory):
    with session_scope(factory) as session:
        owner = make_user(session, email="brand@example.com", language="ja")
        mark = make_mark(session, org_of(session, owner).name, text="NIMBUS",
                         aliases=["ニンバス"], number="777")
        make_user(session, role="reviewer", email="reviewer@example.com")
        ids = [make_listing(session, title="NIMBUS ランニングシューズ", listing_id="JP-1"),
               make_listing(session, title="ニンバス スニーカー", listing_id="JP-2")]
        return mark.id, ids


def test_file_in_japanese_then_review_in_arabic_then_download(live, page):
    base, factory, app = live
    mark_id, listing_ids = seed(factory)

    sign_in(page, base, "brand@example.com", "ja")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.goto(f"{base}/complaints/new")
    assert page.locator("h1").inner_text() == translated(app, "ja", "File a complaint")
    assert translated(app, "ja", "File a complaint") != "File a complaint"
    page.select_option("#mark_id", str(mark_id))
    page.fill("#listings", f"{listing_ids[0]}\nhttps://market.example/item/{listing_ids[1]}")
    page.set_input_files("#evidence", files=[{"name": "test-buy.png", "mimeType": "image/png",
                                              "buffer": b"\x89PNG\r\n\x1a\n" + bytes(32)}])
    page.check("#declaration")
    page.click("#filing-form button[type=submit]")
    page.wait_for_selector("#due-at")
    assert page.locator("#evidence a").inner_text() == "test-buy.png"
    assert page.locator("article.listing").count() == 2
    assert page.locator('li[data-check="mark_in_listing"].pass').count() == 2
    assert page.locator("#status").inner_text() == translated(app, "ja", "Queued")

    context = page.context
    context.clear_cookies()
    sign_in(page, base, "reviewer@example.com", "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto(f"{base}/review")
    page.keyboard.press("n")
    page.wait_for_selector("#decision-form")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id").startswith("listing-")
    page.keyboard.press("t")
    page.wait_for_selector("p.flash.success")
    assert page.locator("p.flash.success").inner_text() == translated(
        app, "ar", "Decision saved. Press Next for the next complaint.")

    context.clear_cookies()
    sign_in(page, base, "brand@example.com", "ja")
    page.goto(f"{base}/reports")
    with page.expect_download() as download_info:
        page.click("#download-csv")
    text = open(download_info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == translated(app, "ja", "Complaint")
    taken = translated(app, "ja", "Taken down")
    assert [r[3] for r in rows[1:]] == listing_ids and {r[7] for r in rows[1:]} == {taken}
