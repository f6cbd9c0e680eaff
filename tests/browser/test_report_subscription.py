"""The monthly report e-mail from the report page in Japanese: subscribe through the form, the
sweep mails the report (real SMTP server), and the mail's unsubscribe link works signed out."""

import re
from datetime import datetime, time, timedelta

import openpyxl
import pytest
from sqlmodel import select

from ipp.clock import utcnow
from ipp.db import session_scope
from ipp.jobs.scheduler import sweep_once
from ipp.reports.models import ReportSubscription
from ipp.reports.monthly import current_month, zone_of
from tests.browser.conftest import file_from_page, sign_in, translated
from tests.factories import make_listing, make_mark, make_user, org_of
from tests.notifications.smtp import smtp  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def seed(factory):
    with session_scope(factory) as session:
        owner = make_user(session, email="monthly@example.com", language="ja")
        owner.timezone = "Asia/Tokyo"
        mark = make_mark(session, org_of(session, owner).name, text="NIMBUS", number="779")
        ids = [make_listing(session, title=f"NIMBUS {k}", listing_id=f"MO-{k}") for k in range(2)]
        return mark, ids


def _subscription(factory):
    with session_scope(factory) as session:
        row = session.exec(select(ReportSubscription)).first()
        return None if row is None else (row.active, row.format, row.language, row.mark_id)


def test_subscribe_from_the_report_page(live, page, browser, smtp, monkeypatch,  # noqa: F811
                                        tmp_path):
    base, factory, app = live
    monkeypatch.setenv("IPP_DATA_DIR", str(tmp_path))  # the job reads the app's data dir
    mark, ids = seed(factory)
    sign_in(page, base, "monthly@example.com", "ja")
    file_from_page(page, base, mark.id, ids)

    page.goto(f"{base}/reports")
    page.click("#monthly-link")
    page.wait_for_url(f"{base}/reports/monthly")
    assert page.locator("h1").inner_text() == translated(app, "ja", "Monthly e-mail")
    assert page.locator("#monthly-state").get_attribute("data-active") == "false"
    assert _subscription(factory) is None

    # A value the form does not offer (as a tampered page would send): refused, nothing kept.
    page.evaluate("""() => { const o = document.createElement('option');
        o.value = 'doc'; document.querySelector('#monthly-format').appendChild(o); }""")
    page.select_option("#monthly-format", "doc")
    page.click("#monthly-save")
    page.wait_for_selector("#format-error")
    assert page.locator("#format-error").inner_text() == translated(app, "ja",
                                                                   "Unsupported format.")
    assert _subscription(factory) is None

    page.select_option("#monthly-format", "xlsx")
    page.select_option("#monthly-language", "ja")
    page.select_option("#monthly-mark", str(mark.id))
    page.click("#monthly-save")
    page.wait_for_selector("#monthly-state[data-active=true]")
    assert _subscription(factory) == (True, "xlsx", "ja", mark.id)
    assert page.locator("#monthly-stop").is_visible()

    month = current_month(utcnow(), "Asia/Tokyo")
    send_at = datetime.combine(month.last + timedelta(days=1), time(0, 30), zone_of("Asia/Tokyo"))
    sweep_once(factory, now=send_at)
    sweep_once(factory, now=send_at + timedelta(hours=1))
    mails = [m for m in smtp.to("monthly@example.com") if m["List-Unsubscribe"]]
    assert len(mails) == 1
    [attachment] = list(mails[0].iter_attachments())
    path = tmp_path / "mailed.xlsx"
    path.write_bytes(attachment.get_content())
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == translated(app, "ja", "Complaint")
    assert {r[3] for r in rows[1:]} == set(ids)

    text = mails[0].get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https://ipp\.example(/reports/unsubscribe/\S+)", text).group(1)
    signed_out = browser.new_context()
    try:
        other = signed_out.new_page()
        other.goto(base + link)
        # A new browser with no session opens the page in the mail's language (Japanese).
        assert other.locator("#confirm-unsubscribe").inner_text() == translated(
            app, "ja", "Unsubscribe")
        other.click("#confirm-unsubscribe")
        other.wait_for_selector("#unsubscribed")
    finally:
        signed_out.close()
    assert _subscription(factory)[0] is False
    page.goto(f"{base}/reports/monthly")
    assert page.locator("#monthly-state").get_attribute("data-active") == "false"
