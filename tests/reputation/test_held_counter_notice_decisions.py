"""A reviewer decides a restricted seller's held counter-notice; the seller sees its restriction."""

from datetime import timedelta

from sqlmodel import select

from ipp.audit import AuditEntry
from ipp.clock import utcnow
from ipp.counter_notices.models import CounterNotice
from ipp.counter_notices.operations import lapse_unanswered
from ipp.listings.models import Listing
from ipp.reputation.models import SellerStanding
from ipp.reputation.strikes import REPEAT_INFRINGER_RESTRICT_STRIKES as LIMIT
from tests.counter_notices.helpers import counter_notice, taken_down
from tests.factories import make_user
from tests.reputation.test_restrictions import _strikes
from tests.web.helpers import auth, csrf_from, sign_in


def _held(client, session, seller):
    """A restricted seller's counter-notice, past the complainant's window and kept by the sweep."""
    case = taken_down(client, session, seller=seller)
    filed = counter_notice(client, case)
    assert filed.status_code == 201, filed.text
    restricted = _strikes(client, session, LIMIT - 1, seller=seller)
    assert session.get(SellerStanding, restricted.id).restricted
    notice = session.get(CounterNotice, filed.json["id"])
    return case, notice


def _decide(client, token, notice_id, **body):
    return client.post(f"/api/v1/admin/counter-notices/{notice_id}/decision",
                       headers=auth(token), json=body)


def _past_window(session, notice):
    notice.respond_by = utcnow() - timedelta(minutes=1)
    session.commit()
    assert lapse_unanswered(session, utcnow()) == 0
    session.commit()


def test_reviewer_keeps_the_takedown_once_the_window_has_passed(client, session):
    case, notice = _held(client, session, "held-keep")
    early = _decide(client, case.reviewer_token, notice.id, decision="maintain")
    assert early.status_code == 409
    assert notice.respond_by.strftime("%Y-%m-%dT%H:%M:%SZ") in early.json["error"]["message"]
    session.refresh(notice)
    assert notice.status == "open"

    _past_window(session, notice)
    kept = _decide(client, case.reviewer_token, notice.id, decision="maintain", note="Fake invoice")
    assert kept.status_code == 200, kept.text
    assert kept.json["status"] == "maintained"
    session.refresh(notice)
    assert notice.status == "maintained" and notice.closed_at is not None
    assert session.get(Listing, notice.listing_id).status == "removed"
    entry = session.exec(select(AuditEntry).where(AuditEntry.entity == "counter_notice",
                                                  AuditEntry.entity_id == notice.id,
                                                  AuditEntry.action == "held_maintain")).one()
    assert entry.actor_id == case.reviewer.id and entry.after["note"] == "Fake invoice"
    again = _decide(client, case.reviewer_token, notice.id, decision="reinstate")
    assert again.status_code == 409


def test_reviewer_reinstates_and_bad_input_changes_nothing(client, session):
    case, notice = _held(client, session, "held-back")
    _past_window(session, notice)
    for body in ({"decision": "approve"}, {}, {"decision": "reinstate", "note": 5},
                 {"decision": "reinstate", "note": "x" * 2001}):
        answer = _decide(client, case.reviewer_token, notice.id, **body)
        assert answer.status_code == 422, (body, answer.text)
    assert _decide(client, case.token, notice.id, decision="reinstate").status_code == 403
    assert _decide(client, case.seller_token, notice.id, decision="reinstate").status_code == 403
    session.refresh(notice)
    assert notice.status == "open"
    assert session.get(Listing, notice.listing_id).status == "removed"

    back = _decide(client, case.reviewer_token, notice.id, decision="reinstate")
    assert back.status_code == 200, back.text
    session.refresh(notice)
    assert notice.status == "lapsed"
    assert session.get(Listing, notice.listing_id).status == "active"


def test_reviewer_decides_from_the_seller_page_but_cannot_lift(client, session):
    case, notice = _held(client, session, "held-web")
    _past_window(session, notice)
    reviewer = make_user(session, role="reviewer", email="held-web-reviewer@example.test")
    session.commit()
    sign_in(client, reviewer.email)
    page = client.get("/admin/sellers/held-web")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'data-notice="{notice.id}"' in html and 'id="lift-form"' not in html
    refused = client.post("/admin/sellers/held-web", data={"csrf_token": csrf_from(html),
                                                           "reason": "Appeal"})
    assert refused.status_code == 403
    done = client.post(f"/admin/sellers/held-web/counter-notices/{notice.id}/decision",
                       data={"csrf_token": csrf_from(html), "decision": "maintain"},
                       follow_redirects=True)
    assert done.status_code == 200
    session.refresh(notice)
    assert notice.status == "maintained"
    assert f'data-notice="{notice.id}"' not in done.get_data(as_text=True)


def test_the_seller_sees_its_restriction_and_held_listings(client, session):
    case, _notice = _held(client, session, "held-own")
    from tests.reputation.test_restrictions import _import

    _import(session, "held-own-new", "held-own")
    session.commit()
    sign_in(client, case.seller.email)
    html = client.get("/seller").get_data(as_text=True)
    assert 'data-seller="held-own"' in html
    assert 'class="restriction"' in html and "held-own-new" in html
    other = make_user(session, role="seller", org="someone-else")
    session.commit()
    sign_in(client, other.email)
    assert 'data-seller="held-own"' not in client.get("/seller").get_data(as_text=True)
