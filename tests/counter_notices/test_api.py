"""The counter-notice path through the API, with time moved by the sweep."""

from datetime import timedelta

from sqlmodel import select

from ipp.clock import parse_utc
from ipp.complaints.models import ComplaintEvent, ComplaintListing
from ipp.counter_notices.models import CounterNotice
from ipp.jobs.scheduler import sweep_once
from ipp.listings.models import Listing
from ipp.notifications.models import Notification
from ipp.reputation.models import OrgReputation
from tests.counter_notices.helpers import counter_notice, respond, taken_down
from tests.factories import make_token, make_user
from tests.reputation.helpers import auth


def _state(session, case, ref=None):
    listing = session.exec(select(Listing).where(
        Listing.external_id == (ref or case.refs[0]))).one()
    row = session.exec(select(ComplaintListing).where(
        ComplaintListing.listing_id == listing.id)).one()
    session.refresh(listing)
    session.refresh(row)
    return listing.status, row.action


def _kinds(session, complaint_id):
    return [e.kind for e in session.exec(select(ComplaintEvent).where(
        ComplaintEvent.complaint_id == complaint_id).order_by(ComplaintEvent.id)).all()]


def test_silence_reinstates_after_the_window(client, session, session_factory):
    case = taken_down(client, session)
    assert _state(session, case) == ("removed", "taken_down")
    filed = counter_notice(client, case)
    assert filed.status_code == 201, filed.text
    notice = filed.json
    assert notice["status"] == "open" and notice["listing_id"] == case.refs[0]
    again = counter_notice(client, case, reason="other", statement="again")
    assert again.status_code == 409
    assert len(session.exec(select(CounterNotice).where(
        CounterNotice.complaint_id == case.complaint_id)).all()) == 1

    seen = client.get(f"/api/v1/counter-notices/{notice['id']}", headers=auth(case.token))
    assert seen.status_code == 200 and seen.json["statement"].startswith("Bought")

    respond_by = parse_utc(notice["respond_by"])
    sweep_once(session_factory, now=respond_by - timedelta(seconds=1))
    assert _state(session, case) == ("removed", "taken_down")
    after = sweep_once(session_factory, now=respond_by + timedelta(seconds=1))
    assert after["counter_notices"] >= 1
    assert _state(session, case) == ("active", "reinstated")
    kinds = _kinds(session, case.complaint_id)
    assert kinds.index("counter_notice") < kinds.index("reinstated")
    late = respond(client, case, notice["id"], action="maintain", evidence_note="Court case 12")
    assert late.status_code == 409

    # The reputation job ran at the real time; the next sweep recomputes as of its own time.
    sweep_once(session_factory, now=respond_by + timedelta(minutes=2))
    reputation = session.get(OrgReputation, case.owner.org_id)
    session.refresh(reputation)
    assert reputation.reinstatements == 1
    kinds = {(n.user_id, n.kind) for n in session.exec(select(Notification).where(
        Notification.complaint_id == case.complaint_id)).all()}
    assert (case.owner.id, "counter_notice") in kinds
    assert (case.owner.id, "reinstated") in kinds
    assert (case.seller.id, "listing_taken_down") in kinds
    assert (case.seller.id, "reinstated") in kinds


def test_maintained_takedown_stays(client, session, session_factory):
    case = taken_down(client, session)
    filed = counter_notice(client, case)
    assert filed.status_code == 201, filed.text
    notice = filed.json
    missing = respond(client, case, notice["id"], action="maintain")
    assert missing.status_code == 422 and "evidence_note" in missing.json["error"]["fields"]
    assert session.get(CounterNotice, notice["id"]).status == "open"
    kept = respond(client, case, notice["id"], action="maintain",
                   evidence_note="Proceedings filed at the Tokyo District Court, case 2026-77")
    assert kept.status_code == 200 and kept.json["status"] == "maintained"
    sweep_once(session_factory, now=parse_utc(notice["respond_by"]) + timedelta(days=1))
    assert _state(session, case) == ("removed", "taken_down")
    again = respond(client, case, notice["id"], action="withdraw")
    assert again.status_code == 409


def test_withdrawal_reinstates_at_once(client, session):
    case = taken_down(client, session)
    notice = counter_notice(client, case).json
    withdrawn = respond(client, case, notice["id"], action="withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json["status"] == "withdrawn"
    assert _state(session, case) == ("active", "reinstated")
    assert "counter_notice_withdrawn" in _kinds(session, case.complaint_id)


def test_filing_window_edges(client, session):
    case = taken_down(client, session, count=2)
    rows = session.exec(select(ComplaintListing).where(
        ComplaintListing.complaint_id == case.complaint_id)).all()
    from ipp.clock import utcnow

    now = utcnow()
    # One listing taken down exactly 3 days ago less a minute, the other 3 days and a minute.
    rows[0].decided_at = now - timedelta(days=3) + timedelta(minutes=1)
    rows[1].decided_at = now - timedelta(days=3) - timedelta(minutes=1)
    session.commit()
    refs = {r.listing_id: r for r in rows}
    listings = {lst.id: lst.external_id for lst in session.exec(select(Listing)).all()
                if lst.id in refs}
    just_in = counter_notice(client, case, ref=listings[rows[0].listing_id])
    assert just_in.status_code == 201, just_in.text
    too_late = counter_notice(client, case, ref=listings[rows[1].listing_id])
    assert too_late.status_code == 422
    deadline = (rows[1].decided_at + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert deadline in too_late.json["error"]["message"]
    assert session.exec(select(CounterNotice).where(
        CounterNotice.listing_id == rows[1].listing_id)).first() is None


def test_answer_window_edges(session):
    from ipp.complaints.operations import Refused
    from ipp.counter_notices import operations
    from ipp.counter_notices.rules import Response

    notice = CounterNotice(id="x" * 32, complaint_id="c", complaint_listing_id=1, listing_id=1,
                           seller_org_id=1, filed_by_id=1, reason="genuine", statement="s",
                           filed_at=parse_utc("2026-11-20T09:00:00Z"),
                           respond_by=parse_utc("2026-11-23T09:00:00Z"))
    late = parse_utc("2026-11-23T09:00:01Z")
    try:
        operations.respond(session, actor=make_user(session), notice=notice,
                           response=Response("withdraw", ""), language="en", now=late)
        raise AssertionError("answered after the window")
    except Refused as error:
        assert error.status == 422 and error.deadline == notice.respond_by


def test_other_sellers_and_roles_are_refused(client, session):
    case = taken_down(client, session)
    stranger = make_user(session, role="seller", org="someone-else")
    owner = make_user(session, role="rights_holder")
    tokens = {"stranger": make_token(session, stranger), "owner": make_token(session, owner)}
    session.commit()
    body = {"complaint_id": case.complaint_id, "reason": "genuine", "statement": "mine"}
    url = f"/api/v1/listings/{case.refs[0]}/counter-notice"
    assert client.post(url, headers=auth(tokens["stranger"]), json=body).status_code == 404
    assert client.post(url, headers=auth(tokens["owner"]), json=body).status_code == 403
    notice = counter_notice(client, case).json
    answer = {"action": "withdraw"}
    url = f"/api/v1/counter-notices/{notice['id']}/response"
    assert client.post(url, headers=auth(tokens["owner"]), json=answer).status_code == 404
    assert client.post(url, headers=auth(case.seller_token), json=answer).status_code == 403
    assert client.get(f"/api/v1/counter-notices/{notice['id']}",
                      headers=auth(tokens["stranger"])).status_code == 404
    assert session.get(CounterNotice, notice["id"]).status == "open"


def test_bad_input_writes_nothing(client, session):
    case = taken_down(client, session)
    for body, field in (({"reason": "because"}, "reason"), ({"statement": ""}, "statement"),
                        ({"statement": 5}, "statement"), ({"complaint_id": None}, "complaint_id")):
        response = counter_notice(client, case, **body)
        assert response.status_code == 422, body
        assert field in response.json["error"]["fields"]
    wrong_complaint = counter_notice(client, case, complaint_id="0" * 32)
    assert wrong_complaint.status_code == 404
    assert session.exec(select(CounterNotice).where(
        CounterNotice.complaint_id == case.complaint_id)).all() == []
