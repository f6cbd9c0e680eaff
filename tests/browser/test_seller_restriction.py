"""The admin's seller page in a real browser: a restricted seller, a held listing, the lift."""

import pytest
from sqlmodel import select

from ipp.audit import AuditEntry
from ipp.clock import utcnow
from ipp.db import session_scope
from ipp.listings.models import Listing, Seller
from ipp.reputation.models import SellerStanding
from tests.browser.conftest import sign_in, translated
from tests.factories import make_listing, make_user

pytestmark = pytest.mark.browser


def seed(factory):
    with session_scope(factory) as session:
        make_user(session, role="admin", email="seller-admin@example.com", language="en")
        make_listing(session, listing_id="held-L1", seller="rogue-web")
        seller = session.exec(select(Seller).where(Seller.external_id == "rogue-web")).one()
        listing = session.exec(select(Listing).where(Listing.external_id == "held-L1")).one()
        now = utcnow()
        listing.held_at = now
        listing.hold_reason = ["Restricted seller: the listing names the registered mark %(mark)s",
                               {"mark": "NIMBUS"}]
        session.add(SellerStanding(seller_id=seller.id, group_id="rogue-web", strikes=5,
                                   group_strikes=5, level="restricted", computed_at=now,
                                   restricted=True, restricted_at=now, restricted_strikes=5))
        return seller.id


def test_admin_lifts_a_restriction_after_giving_a_reason(live, page):
    base, factory, app = live
    seller_pk = seed(factory)
    sign_in(page, base, "seller-admin@example.com", "en")
    page.goto(f"{base}/admin/sellers/rogue-web")
    assert page.locator("#level").inner_text() == translated(app, "en", "Repeat infringer, restricted")
    assert "held-L1" in page.locator("#held-listings").inner_text()
    page.click("#lift-form button[type=submit]")
    page.wait_for_selector("#reason-error")
    assert page.locator("#reason-error").inner_text() == translated(
        app, "en", "A reason is required to lift a restriction.")
    page.fill("#reason", "Appeal granted: invoices from the brand")
    page.click("#lift-form button[type=submit]")
    page.wait_for_selector("p.flash.success")
    assert page.locator("#restriction-status").inner_text() == translated(app, "en", "Not restricted.")
    assert "Appeal granted" in page.locator("#last-lift").inner_text()
    page.click("#held-listings button[type=submit]")
    page.wait_for_selector("p.flash.success")
    assert "held-L1" not in page.locator("#held-listings").inner_text()
    with session_scope(factory) as session:
        assert not session.get(SellerStanding, seller_pk).restricted
        lifted = session.exec(select(AuditEntry).where(AuditEntry.action == "restriction_lifted")).one()
        assert lifted.after["reason"] == "Appeal granted: invoices from the brand"
        assert session.exec(select(Listing).where(Listing.external_id == "held-L1")).one().held_at is None


def test_reviewer_decides_a_held_counter_notice_and_the_seller_sees_the_restriction(live, page):
    from datetime import timedelta

    from ipp.counter_notices.models import CounterNotice
    from ipp.counter_notices.operations import lapse_unanswered
    from ipp.reputation.strikes import REPEAT_INFRINGER_RESTRICT_STRIKES as LIMIT
    from tests.counter_notices.helpers import counter_notice, taken_down
    from tests.reputation.test_restrictions import _strikes

    base, factory, app = live
    client = app.test_client()
    with factory() as session:
        case = taken_down(client, session, seller="rogue-cn-web", seller_language="ja")
        notice_id = counter_notice(client, case).json["id"]
        _strikes(client, session, LIMIT - 1, seller="rogue-cn-web")
        notice = session.get(CounterNotice, notice_id)
        notice.respond_by = utcnow() - timedelta(minutes=1)
        session.commit()
        lapse_unanswered(session, utcnow())
        session.commit()
        make_user(session, role="reviewer", email="cn-reviewer@example.com", language="de")
        session.commit()
        seller_email = case.seller.email

    sign_in(page, base, "cn-reviewer@example.com", "de")
    page.goto(f"{base}/admin/sellers/rogue-cn-web")
    assert page.locator("#lift-form").count() == 0
    row = page.locator(f'tr.held-notice[data-notice="{notice_id}"]')
    row.locator("input[name=note]").fill("Rechnung gefälscht")
    row.locator("button[value=maintain]").click()
    page.wait_for_selector("p.flash.success")
    assert page.locator("p.flash.success").inner_text() == translated(app, "de", "Takedown maintained")
    assert page.locator(f'tr.held-notice[data-notice="{notice_id}"]').count() == 0
    with session_scope(factory) as session:
        assert session.get(CounterNotice, notice_id).status == "maintained"

    page.context.clear_cookies()
    sign_in(page, base, seller_email, "ja")
    page.goto(f"{base}/seller")
    account = page.locator('article.seller-account[data-seller="rogue-cn-web"]')
    assert translated(app, "ja", "Strikes and restrictions") == page.locator("#standing h2").inner_text()
    assert account.locator("p.restriction").count() == 1
