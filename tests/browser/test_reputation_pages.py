"""The reputation pages in a real browser: a brand reads its tier in German; an admin
overrides it in French, first forgetting the reason."""

import pytest

from ipp.clock import utcnow
from ipp.db import session_scope
from ipp.reputation.models import OrgReputation
from ipp.reputation.tiers import I_MORE, R_FEW
from tests.browser.conftest import sign_in, translated
from tests.factories import make_user

pytestmark = pytest.mark.browser


def seed(factory):
    with session_scope(factory) as session:
        owner = make_user(session, email="rep-brand@example.com", language="de")
        make_user(session, role="admin", email="rep-admin@example.com", language="fr")
        now = utcnow()
        session.add(OrgReputation(
            org_id=owner.org_id, tier="standard", decided_listings=3, takedowns=3,
            takedown_rate=1.0, takedown_lower=0.52, takedown_upper=1.0, complaints_filed=1,
            computed_at=now, tier_since=now, rule=[R_FEW, {"decided": 3, "minimum": 20}],
            how_to_improve=[I_MORE, {"minimum": 20, "percent": 90}],
            by_reason={"counterfeit": {"decided_listings": 3, "takedown_rate": 1.0}}))
        return owner.org_id


def test_brand_reads_its_reputation_in_german(live, page):
    base, factory, app = live
    seed(factory)
    sign_in(page, base, "rep-brand@example.com", "de")
    page.goto(f"{base}/reputation")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == translated(app, "de", "Your reputation")
    assert page.locator("#tier").inner_text() == translated(app, "de", "Standard")
    assert page.locator("#rule").inner_text() == translated(app, "de", R_FEW, decided=3,
                                                            minimum=20)
    assert page.locator("#how-to-improve").inner_text() == translated(
        app, "de", I_MORE, minimum=20, percent=90)
    assert page.locator('#by-reason tr[data-reason="counterfeit"]').count() == 1


def test_admin_overrides_in_french(live, page):
    base, factory, app = live
    org_id = seed(factory)
    sign_in(page, base, "rep-admin@example.com", "fr")
    page.goto(f"{base}/admin/reputation")
    page.click(f'tr[data-org="{org_id}"] a')
    page.wait_for_selector("#override-form")
    page.select_option("#tier-select", "trusted")
    page.click("#override-form button[type=submit]")
    page.wait_for_selector("#reason-error")
    assert page.locator("#reason-error").inner_text() == translated(
        app, "fr", "Give the reason for this override; it is kept in the audit log.")
    page.select_option("#tier-select", "trusted")
    page.fill("#reason", "Partenaire vérifié")
    page.click("#override-form button[type=submit]")
    page.wait_for_selector("p.flash.success")
    assert page.locator("p.flash.success").inner_text() == translated(
        app, "fr", "Override saved and the tier recomputed.")
    assert page.locator("#tier").inner_text() == translated(app, "fr", "Trusted")
    assert "Partenaire vérifié" in page.locator("#history").inner_text()
