"""The suspected-listings page in a real browser, in Japanese: select two hits, forget the
declaration, then file them in one step."""

import pytest
from sqlmodel import select

from ipp.db import session_scope
from ipp.listings.models import Listing
from ipp.verification import index
from ipp.verification.suspected import scan_and_record
from tests.browser.conftest import sign_in, translated
from tests.factories import NOW, make_listing, make_mark, make_user, org_of

pytestmark = pytest.mark.browser


def seed(factory):
    index.invalidate()
    with session_scope(factory) as session:
        owner = make_user(session, email="sus-brand@example.com", language="ja")
        make_mark(session, org_of(session, owner).name, text="NIMBUS")
        refs = [make_listing(session, title=t) for t in
                ("N1MBUS トレーナー", "ＮＩＭＢＵＳ シューズ", "plain socks")]
        ids = list(session.exec(select(Listing.id).where(Listing.external_id.in_(refs))))
        scan_and_record(session, ids, now=NOW)
    index.invalidate()
    return refs


def test_select_and_file_in_japanese(live, page):
    base, factory, app = live
    refs = seed(factory)
    sign_in(page, base, "sus-brand@example.com", "ja")
    page.goto(f"{base}/suspected")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1").inner_text() == translated(app, "ja", "Suspected listings")
    assert page.locator("#suspects tbody tr").count() == 2
    assert page.locator(f'tr[data-listing="{refs[2]}"]').count() == 0
    assert "N1MBUS" in page.locator(f'tr[data-listing="{refs[0]}"] .evidence').inner_text()
    page.check("#select-all")
    page.click("#file-selected")
    page.wait_for_selector("#declaration-error")
    assert page.locator("#declaration-error").inner_text() == translated(
        app, "ja", "You must declare in good faith that the complaint is accurate.")
    page.check("#select-all")
    page.check("#declaration")
    page.click("#file-selected")
    page.wait_for_selector("p.flash.success")
    assert page.locator("p.flash.success").inner_text() == translated(
        app, "ja", "%(num)d complaint filed; each listing has been verified.", num=1)
    assert page.locator("#no-suspects").inner_text() == translated(
        app, "ja", "No suspected listings.")
