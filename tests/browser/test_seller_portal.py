"""The seller portal in Japanese: see the takedown, file a counter-notice with evidence."""

import pytest
from sqlmodel import select

from ipp.counter_notices.models import Attachment, CounterNotice
from tests.browser.conftest import sign_in, translated
from tests.counter_notices.helpers import taken_down

pytestmark = pytest.mark.browser


def test_seller_files_a_counter_notice_in_japanese(live, page, tmp_path):
    base, factory, app = live
    with factory() as session:
        case = taken_down(app.test_client(), session, seller_language="ja")
        seller_email, ref, complaint_id = case.seller.email, case.refs[0], case.complaint_id

    sign_in(page, base, seller_email, "ja")
    page.goto(f"{base}/seller")
    assert page.locator("h1").inner_text() == translated(
        app, "ja", "Listings taken down after a complaint")
    card = page.locator(f'article[data-listing="{ref}"]')
    assert "Fake logo" in card.inner_text()
    card.locator("a.file-cn").click()
    page.wait_for_selector("#counter-notice-form")
    assert page.locator("h1").inner_text() == translated(app, "ja", "File a counter-notice")
    page.check("#reason-genuine")
    page.fill("#statement", "正規代理店から仕入れた本物です。")
    evidence = tmp_path / "invoice.pdf"
    evidence.write_bytes(b"%PDF-1.4 invoice")
    page.set_input_files("#files", str(evidence))
    page.click("#counter-notice-form button[type=submit]")
    page.wait_for_selector("#cn-status")
    assert page.locator("#cn-status").inner_text() == translated(
        app, "ja", "Waiting for the complainant")
    assert page.locator("#cn-reason").inner_text() == translated(app, "ja",
                                                                 "The goods are genuine")
    assert page.locator("a", has_text="invoice.pdf").count() == 1
    assert page.locator('#cn-timeline li[data-kind="counter_notice"]').count() == 1

    with factory() as session:
        notice = session.exec(select(CounterNotice).where(
            CounterNotice.complaint_id == complaint_id)).one()
        assert notice.statement == "正規代理店から仕入れた本物です。" and notice.language == "ja"
        assert len(session.exec(select(Attachment).where(
            Attachment.counter_notice_id == notice.id)).all()) == 1

    page.goto(f"{base}/seller")
    assert page.locator(f'article[data-listing="{ref}"] .cn-status').inner_text() == \
        translated(app, "ja", "Waiting for the complainant")
