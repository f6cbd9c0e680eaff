"""The authorised-resellers page in a real browser, in Spanish: add one, then remove it."""

import pytest

from ipp.db import session_scope
from tests.browser.conftest import sign_in, translated
from tests.factories import make_user

pytestmark = pytest.mark.browser


def test_add_and_remove_in_spanish(live, page):
    base, factory, app = live
    with session_scope(factory) as session:
        make_user(session, email="res-brand@example.com", language="es")
    sign_in(page, base, "res-brand@example.com", "es")
    page.goto(f"{base}/resellers")
    assert page.locator("h1").inner_text() == translated(app, "es", "Authorised resellers")
    page.click("#reseller-form button[type=submit]")
    page.wait_for_selector("#seller_id-error")
    assert page.locator("#seller_id-error").inner_text() == translated(
        app, "es", "Give the seller's id as it appears in listings.")
    page.fill("#seller_id", "tienda-oficial")
    page.fill("#note", "Distribuidor")
    page.click("#reseller-form button[type=submit]")
    page.wait_for_selector("p.flash.success")
    assert page.locator("p.flash.success").inner_text() == translated(
        app, "es", "Seller %(seller)s added to your authorised resellers.",
        seller="tienda-oficial")
    assert "Distribuidor" in page.locator('tr[data-seller="tienda-oficial"]').inner_text()
    page.click('tr[data-seller="tienda-oficial"] button[type=submit]')
    page.wait_for_selector("#no-resellers")
