"""The reviewer's keyboard flow in German, without page loads, then the dashboard in Japanese."""

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from ipp.complaints.models import Complaint, ComplaintListing
from ipp.complaints.operations import file_complaint
from ipp.complaints.validation import parse_filing
from ipp.db import session_scope
from ipp.jobs.sweep import run_sweep
from tests.browser.conftest import sign_in, translated
from tests.factories import NOW, make_listing, make_mark, make_user, org_of

pytestmark = pytest.mark.browser


def seed(factory):
    """Two complaints: three listings (two from one reseller), then one listing."""
    with session_scope(factory) as session:
        owner = make_user(session, email="brand-kb@example.com")
        mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
        reviewer = make_user(session, role="reviewer", email="rev-kb@example.com",
                             language="de")
        reviewer.review_languages = ["en"]
        groups = [[make_listing(session, title="NIMBUS shoe", seller="shop-a"),
                   make_listing(session, title="NIMBUS cap", seller="reseller"),
                   make_listing(session, title="NIMBUS bag", seller="reseller")],
                  [make_listing(session, title="NIMBUS sock", seller="shop-b")]]
        ids = []
        for minutes, listings in zip((0, 5), groups, strict=True):
            filing = parse_filing({"mark": {"office": mark.office, "number": mark.number},
                                   "listings": listings, "reason": "counterfeit",
                                   "declaration": True}, is_agent=False)
            ids.append(file_complaint(session, actor=owner, filing=filing, language="en",
                                      now=NOW.replace(minute=minutes)).id)
        return ids


def actions(factory, complaint_id):
    with session_scope(factory) as session:
        rows = session.exec(select(ComplaintListing).where(
            ComplaintListing.complaint_id == complaint_id)
            .order_by(ComplaintListing.position)).all()
        return [(r.action, r.reason_code) for r in rows]


def status(factory, complaint_id):
    with session_scope(factory) as session:
        return session.get(Complaint, complaint_id).status


def test_keyboard_review_in_german_swaps_without_reloads(live, page):
    base, factory, app = live
    first, second = seed(factory)
    sign_in(page, base, "rev-kb@example.com", "de")
    page.goto(f"{base}/review")
    assert page.locator("h1").inner_text() == translated(app, "de", "Review queue")
    page.evaluate("window.notReloaded = true")

    page.keyboard.press("n")
    page.wait_for_selector("#decision-form")
    page.wait_for_url(f"{base}/review/{first}")
    # Select the reseller's two listings with the keyboard: j/k move, x ticks.
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id").startswith("listing-")
    assert page.locator("#selected-count").inner_text() == "2"
    page.check("#bulk-reject")
    page.select_option("#bulk_reason", "authorized_reseller")
    page.keyboard.press("Escape")  # out of the picker, back to the keys
    page.keyboard.press("t")  # the rest taken down, the selection rejected
    page.wait_for_selector("p.flash.success")
    assert page.locator("p.flash.success").inner_text() == translated(
        app, "de", "Decision saved. Press Next for the next complaint.")
    assert actions(factory, first) == [("taken_down", None),
                                       ("rejected", "authorized_reseller"),
                                       ("rejected", "authorized_reseller")]

    page.keyboard.press("n")
    page.wait_for_url(f"{base}/review/{second}")
    page.keyboard.press("r")  # no reason yet: r opens the picker, and is refused
    assert page.evaluate("document.activeElement.id") == "reason_code"
    page.select_option("#reason_code", "insufficient_evidence")
    page.keyboard.press("Escape")
    page.keyboard.press("i")  # no note yet: i goes to the note
    assert page.evaluate("document.activeElement.id") == "note"
    page.keyboard.type("Bitte Testkauf-Beleg senden")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("p.flash.success")
    assert status(factory, second) == "need_info"
    assert page.evaluate("window.notReloaded") is True

    page.keyboard.press("n")
    expect(page.locator("p.flash.success")).to_have_text(translated(
        app, "de", "Nothing is waiting for review. Well done."))
    assert page.evaluate("window.notReloaded") is True


def test_errors_show_in_place_and_leaving_hands_the_complaint_back(live, page):
    base, factory, app = live
    first, _second = seed(factory)
    sign_in(page, base, "rev-kb@example.com", "de")
    page.goto(f"{base}/review")
    page.keyboard.press("n")
    page.wait_for_selector("#decision-form")
    page.check("#bulk-reject")  # no selection, no reason
    page.keyboard.press("Escape")
    page.keyboard.press("t")
    page.wait_for_selector("#decision-errors")
    assert translated(app, "de", "Select the listings this outcome is for.") in \
        page.locator("#decision-errors").inner_text()
    assert status(factory, first) == "in_review"
    page.goto(f"{base}/dashboard")  # leaving: the beacon shortens the lease to the grace
    with session_scope(factory) as session:
        complaint = session.get(Complaint, first)
        assert complaint.lease_expires_at is not None
        left = complaint.lease_expires_at
    assert left is not None


def test_dashboard_in_japanese_with_forecast_and_chart(live, page):
    base, factory, app = live
    seed(factory)
    with session_scope(factory) as session:
        # Nobody on shift 23 h 30 min after filing: both will breach within the horizon.
        run_sweep(session, now=NOW.replace(hour=8, minute=30, day=21))
    sign_in(page, base, "rev-kb@example.com", "ja")
    page.goto(f"{base}/dashboard")
    assert page.locator("h1").inner_text() == translated(app, "ja", "SLA dashboard")
    assert page.locator("#forecast-breaches").inner_text() == "2"
    assert page.locator("#forecast-banner").is_visible()
    assert page.locator("svg.chart g.day").count() == 30
    assert page.locator("[style]").count() == 0
    assert page.locator("#period-today th").inner_text() == translated(app, "ja", "Today")
