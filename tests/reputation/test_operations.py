"""Recomputation from the database: figures, signals, linked sellers' strikes, sweep, reviewer panel."""

from datetime import timedelta

from sqlmodel import select

from ipp.audit import AuditEntry
from ipp.clock import utcnow
from ipp.complaints.models import Complaint
from ipp.complaints.operations import withdraw
from ipp.jobs.sweep import run_sweep
from ipp.listings.models import Seller
from ipp.listings.operations import upsert_listing
from ipp.reputation.models import OrgReputation, SellerStanding
from ipp.reputation.operations import recompute
from ipp.reputation.queries import reviewer_panel_context
from tests.factories import make_token, make_user
from tests.reputation.helpers import brand, file, listings, record


def test_withdrawals_and_failed_verifications_count_and_signal(client, session):
    owner, mark, token = brand(session)
    for _ in range(6):
        file(client, token, mark, ["NO-SUCH-LISTING"])  # rejected lane: failed verification
    for _ in range(5):
        filed = file(client, token, mark, listings(session, 1, seller="s-w"))
        complaint = session.get(Complaint, filed.json["id"])
        withdraw(session, actor=owner, complaint=complaint, now=utcnow())
    row = recompute(session, org_id=owner.org_id, now=utcnow() + timedelta(seconds=1))
    assert (row.complaints_filed, row.withdrawals, row.failed_verifications) == (11, 5, 6)
    assert row.decided_listings == 0  # unreviewed failures are not rejections
    codes = {s["code"] for s in row.signals}
    assert {"many_withdrawals", "failed_verifications"} <= codes
    assert row.tier == "watch"  # two medium signals
    assert row.by_reason["counterfeit"]["withdrawals"] == 5
    signal = next(s for s in row.signals if s["code"] == "many_withdrawals")
    assert signal["evidence"][1] == {"count": 5, "total": 11, "percent": 45}


def test_window_drops_old_outcomes(client, session):
    owner, mark, token = brand(session)
    reviewer = make_token(session, make_user(session, role="reviewer"))
    record(client, session, token, mark, reviewer, 2, "takedown")
    later = recompute(session, org_id=owner.org_id, now=utcnow() + timedelta(days=91))
    assert later.decided_listings == 0 and later.takedown_rate is None


def test_strikes_follow_linked_accounts_and_flag_repeat_infringers(client, session):
    owner, mark, token = brand(session)
    reviewer_user = make_user(session, role="reviewer")
    reviewer = make_token(session, reviewer_user)
    now = utcnow()
    for seller, payee in (("acct-a", "DE89 3704 0044 0532 0130 00"),
                          ("acct-b", "de89370400440532013000")):
        upsert_listing(session, {"id": f"ID-{seller}", "title": "NIMBUS shoes", "seller": seller,
                                 "status": "active", "seller_payee": payee}, now=now)
    session.flush()
    assert session.exec(select(Seller).where(Seller.external_id == "acct-a")).one().payee
    record(client, session, token, mark, reviewer, 1, "takedown", seller="acct-a")
    record(client, session, token, mark, reviewer, 1, "takedown", seller="acct-b")
    record(client, session, token, mark, reviewer, 1, "takedown", seller="acct-b")
    record(client, session, token, mark, reviewer, 1, "reject", seller="acct-a")
    standings = {s.external_id: session.get(SellerStanding, s.id)
                 for s in session.exec(select(Seller).where(
                     Seller.external_id.in_(["acct-a", "acct-b"])))}
    assert standings["acct-a"].strikes == 1 and standings["acct-b"].strikes == 2
    assert standings["acct-a"].group_strikes == 3 == standings["acct-b"].group_strikes
    assert standings["acct-a"].group_id == standings["acct-b"].group_id == "acct-a"
    assert standings["acct-a"].level == "flagged"
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "strike_level")).all()

    filed = file(client, token, mark, listings(session, 1, seller="acct-b"))
    panel = reviewer_panel_context(session, session.get(Complaint, filed.json["id"]), utcnow())
    assert panel["tier"] == "standard" and not panel["watch"]
    assert panel["sellers"] == [{"seller_id": "acct-b", "strikes": 2, "group_strikes": 3,
                                 "level": "flagged", "linked": ["acct-a"]}]


def test_sweep_recomputes_active_organisations(client, session):
    owner, mark, token = brand(session)
    file(client, token, mark, listings(session, 1))
    assert session.get(OrgReputation, owner.org_id) is None
    done = run_sweep(session, now=utcnow() + timedelta(minutes=1))
    assert done["reputation"] >= 1
    row = session.get(OrgReputation, owner.org_id)
    assert row.complaints_filed == 1 and row.computed_at is not None
    assert run_sweep(session, now=utcnow() + timedelta(minutes=2))["reputation"] == 0


def test_reviewer_panel_shows_watch_banner_and_signals(app, session):
    from flask import render_template_string

    owner, mark, token = brand(session)
    session.add(OrgReputation(
        org_id=owner.org_id, tier="watch", computed_at=utcnow(), tier_since=utcnow(),
        rule=["Recent complaints show patterns that need extra checks.", {}],
        signals=[{"code": "burst_against_seller", "severity": "medium",
                  "evidence": ["%(count)d complaints against seller %(seller_id)s within "
                               "%(hours)d hours.", {"count": 12, "seller_id": "s-9", "hours": 24}],
                  "data": {}}]))
    session.flush()
    with app.test_request_context("/"):
        from ipp.clock import utcnow as now
        complaint = Complaint(id="c" * 32, principal_org_id=owner.org_id,
                              filed_by_org_id=owner.org_id, filed_by_id=owner.id,
                              mark_id=mark.id, reason="counterfeit", received_at=now(),
                              due_at=now())
        session.add(complaint)
        session.flush()
        panel = reviewer_panel_context(session, complaint, now())
        html = render_template_string(
            '{% include "reputation/_reviewer_panel.html" %}', panel=panel)
    assert 'id="watch-banner"' in html and "12 complaints against seller s-9" in html


def test_seller_identity_keys_are_optional_and_checked(session):
    import pytest

    from ipp.importing import LineError

    now = utcnow()
    line = {"id": "ID-x1", "title": "shoes", "seller": "acct-x", "status": "active"}
    upsert_listing(session, {**line, "seller_contact": "+49 30 1234567"}, now=now)
    upsert_listing(session, line, now=now)  # keys left out: what was said stays
    seller = session.exec(select(Seller).where(Seller.external_id == "acct-x")).one()
    assert seller.contact == "+49 30 1234567" and seller.payee is None
    with pytest.raises(LineError, match="seller_payee"):
        upsert_listing(session, {**line, "seller_payee": 42}, now=now)
