"""The proactive scan in the app: hits stored as suspected listings, shown only to the mark's
owner (and its agents), filed in one step or dismissed."""

import json

import pytest
from click.testing import CliRunner
from sqlmodel import func, select

from ipp.complaints.models import Complaint
from ipp.listings.models import Listing
from ipp.verification import index
from ipp.verification.jobs import SCAN_BATCH, enqueue_scans, scan_listings
from ipp.verification.models import SuspectedListing
from tests.factories import (
    NOW,
    make_authorisation,
    make_listing,
    make_mark,
    make_token,
    make_user,
    org_of,
)
from tests.web.helpers import csrf_from, sign_in


@pytest.fixture(autouse=True)
def fresh_index():
    # Rolled-back marks of another test may leave the same stamp behind.
    index.invalidate()
    yield
    index.invalidate()


def ids_of(session, *external_ids):
    return [session.exec(select(Listing.id).where(Listing.external_id == e)).one()
            for e in external_ids]


def suspects(session):
    return session.exec(select(SuspectedListing).order_by(SuspectedListing.id)).all()


def test_job_stores_hits_with_evidence(session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    hit = make_listing(session, title="N1MBUS running shoes")
    miss = make_listing(session, title="Plain running shoes")
    resold = make_listing(session, title="NIMBUS original", seller="official")
    session.flush()
    from ipp.verification.resellers import add_reseller

    add_reseller(session, actor=owner, seller_id="official", note="", now=NOW)
    session.flush()
    assert scan_listings(*ids_of(session, hit, miss, resold)) == 1
    [row] = suspects(session)
    assert (row.mark_id, row.matched, row.kind, row.field, row.status) == \
        (mark.id, "N1MBUS", "variant", "title", "new")
    assert "leetspeak" in row.explanation and row.span == [0, 6]
    # Scanning again keeps one row per listing and mark.
    scan_listings(*ids_of(session, hit))
    assert len(suspects(session)) == 1


def test_index_is_shared_and_rebuilt_when_marks_change(session):
    owner = make_user(session)
    make_mark(session, org_of(session, owner).name, text="NIMBUS")
    first, _ = index.live_index(session)
    assert index.live_index(session)[0] is first
    make_mark(session, org_of(session, owner).name, text="ZEPHYRA")
    second, _ = index.live_index(session)
    assert second is not first and len(second) == len(first) + 1


def test_enqueue_in_batches_run_after_commit(session):
    ids = list(range(1, SCAN_BATCH * 2 + 2))
    enqueue_scans(session, ids)
    # Waiting for the commit, one job per batch of ids.
    assert [(job[0], len(job[1])) for job in session.info["ipp_jobs"]] == \
        [(scan_listings, SCAN_BATCH), (scan_listings, SCAN_BATCH), (scan_listings, 1)]
    session.info.pop("ipp_jobs")


def test_listings_import_scans_new_listings(tmp_path, monkeypatch):
    monkeypatch.setenv("IPP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("IPP_DATABASE_URL", raising=False)
    monkeypatch.delenv("IPP_REDIS_URL", raising=False)
    from ipp.cli import main

    marks = tmp_path / "marks.jsonl"
    marks.write_text(json.dumps({"office": "USPTO", "number": "77", "text": "ZEPHYRA",
                                 "owner": "Zeph Co", "nice_classes": [25],
                                 "status": "registered"}) + "\n")
    rows = [{"id": "S1", "title": "Z E P H Y R A sneakers", "seller": "s", "status": "active"},
            {"id": "S2", "title": "plain socks", "seller": "s", "status": "active"}]
    listings = tmp_path / "listings.jsonl"
    listings.write_text("".join(json.dumps(r) + "\n" for r in rows))
    runner = CliRunner()
    assert runner.invoke(main, ["marks", "import", str(marks)]).exit_code == 0
    result = runner.invoke(main, ["listings", "import", str(listings)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    from ipp.runtime import command_runtime

    with command_runtime().session_factory() as session:
        [row] = suspects(session)
        assert row.matched == "Z E P H Y R A" and "separator" in row.explanation


def _scanned(session, owner, *titles):
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    refs = [make_listing(session, title=t) for t in titles]
    session.flush()
    scan_listings(*ids_of(session, *refs))
    return mark, refs


def test_api_lists_own_marks_only(client, session):
    owner, stranger = make_user(session), make_user(session)
    _scanned(session, owner, "NIMBUS shoes", "ΝΙΜΒUS bag")
    items = client.get("/api/v1/suspected-listings",
                       headers={"Authorization": f"Bearer {make_token(session, owner)}"}).json
    assert len(items["items"]) == 2
    assert {i["kind"] for i in items["items"]} == {"exact", "variant"}
    other = client.get("/api/v1/suspected-listings",
                       headers={"Authorization": f"Bearer {make_token(session, stranger)}"})
    assert other.json["items"] == []
    bad = client.get("/api/v1/suspected-listings?status=zzz",
                     headers={"Authorization": f"Bearer {make_token(session, owner)}"})
    assert bad.status_code == 422
    seller = make_token(session, make_user(session, role="seller"))
    assert client.get("/api/v1/suspected-listings",
                      headers={"Authorization": f"Bearer {seller}"}).status_code == 403


def test_page_files_grouped_complaint_and_dismisses(client, session):
    owner = make_user(session, email="sus-owner@example.com")
    mark, refs = _scanned(session, owner, "NIMBUS shoes", "N.I.M.B.U.S cap", "nimbus socks")
    sign_in(client, "sus-owner@example.com")
    page = client.get("/suspected")
    assert page.status_code == 200 and all(f'data-listing="{r}"' in page.text for r in refs)
    rows = {s.listing_id: s.id for s in suspects(session)}
    chosen = [str(rows[i]) for i in ids_of(session, *refs[:2])]
    no_declaration = client.post("/suspected", data={
        "csrf_token": csrf_from(page.text), "suspect": chosen, "reason": "counterfeit",
        "action": "file"})
    assert no_declaration.status_code == 422 and 'id="declaration-error"' in no_declaration.text
    assert session.exec(select(func.count()).select_from(Complaint)).one() == 0
    filed = client.post("/suspected", data={
        "csrf_token": csrf_from(page.text), "suspect": chosen, "reason": "counterfeit",
        "declaration": "y", "action": "file"})
    assert filed.status_code == 302
    [complaint] = session.exec(select(Complaint)).all()
    assert complaint.mark_id == mark.id
    statuses = {s.listing_id: (s.status, s.complaint_id) for s in suspects(session)}
    assert [statuses[i] for i in ids_of(session, *refs)] == \
        [("filed", complaint.id), ("filed", complaint.id), ("new", None)]
    last = str(rows[ids_of(session, refs[2])[0]])
    dismissed = client.post("/suspected", data={"csrf_token": csrf_from(page.text),
                                                "suspect": [last], "action": "dismiss"})
    assert dismissed.status_code == 302
    assert 'id="no-suspects"' in client.get("/suspected").text


def test_page_refuses_other_orgs_rows(client, session):
    owner = make_user(session)
    _scanned(session, owner, "NIMBUS shoes")
    make_user(session, email="sus-stranger@example.com")
    sign_in(client, "sus-stranger@example.com")
    page = client.get("/suspected")
    assert 'id="no-suspects"' in page.text
    [row] = suspects(session)
    response = client.post("/suspected", data={"csrf_token": csrf_from(page.text),
                                               "suspect": [str(row.id)], "action": "dismiss"})
    assert response.status_code == 404 and suspects(session)[0].status == "new"


def test_agent_files_for_principal(client, session):
    owner = make_user(session)
    mark, refs = _scanned(session, owner, "NIMBUS shoes")
    agent = make_user(session, role="agent", email="sus-agent@example.com")
    make_authorisation(session, agent, owner)
    session.flush()
    sign_in(client, "sus-agent@example.com")
    page = client.get("/suspected")
    assert f'data-listing="{refs[0]}"' in page.text
    [row] = suspects(session)
    filed = client.post("/suspected", data={
        "csrf_token": csrf_from(page.text), "suspect": [str(row.id)], "reason": "counterfeit",
        "declaration": "y", "action": "file"})
    assert filed.status_code == 302
    [complaint] = session.exec(select(Complaint)).all()
    assert complaint.principal_org_id == owner.org_id and complaint.filed_by_org_id == agent.org_id
