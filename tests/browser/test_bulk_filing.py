"""Bulk filing in a real browser (French): upload a CSV, see each verdict, then file."""

import pytest

from ipp.db import session_scope
from tests.browser.conftest import sign_in, translated
from tests.factories import make_listing, make_mark, make_user, org_of

pytestmark = pytest.mark.browser


def test_bulk_preview_then_file_in_french(live, page, tmp_path):
    base, factory, app = live
    with session_scope(factory) as session:
        user = make_user(session, email="bulk@example.com", language="fr")
        mark = make_mark(session, org_of(session, user).name, text="NIMBUS", number="6200001")
        ids = [make_listing(session, title=f"NIMBUS sneakers {i}", listing_id=f"FR-{i}")
               for i in range(3)]
        mark_id = mark.id
    csv = tmp_path / "listings.csv"
    csv.write_text("listing\n" + "\n".join(ids + ["NOPE-1"]) + "\n", encoding="utf-8")
    sign_in(page, base, "bulk@example.com", "fr")
    page.goto(f"{base}/complaints/bulk")
    assert page.locator("h1").inner_text() == translated(app, "fr", "Bulk filing")
    page.select_option("#mark_id", str(mark_id))
    page.set_input_files("#file", str(csv))
    page.click("#bulk-preview")
    page.wait_for_selector("#bulk-rows")
    verdicts = page.locator("tr.preview-row").evaluate_all(
        "rows => rows.map(r => [r.dataset.ref, r.dataset.verdict])")
    assert dict(verdicts)["NOPE-1"] == "fail" and len(verdicts) == 4
    assert all(v != "fail" for ref, v in verdicts if ref != "NOPE-1")
    page.check("#declaration")
    page.click("#bulk-file")
    page.wait_for_selector("p.flash.success")
    assert page.url.endswith("/complaints")
