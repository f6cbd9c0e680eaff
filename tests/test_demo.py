"""`ipp demo`: a realistic world built through the real operations, loaded once."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from ipp.accounts.models import AgentAuthorisation, Organisation, User
from ipp.audit import AuditEntry
from ipp.clock import utcnow
from ipp.complaints.models import Complaint, ComplaintListing
from ipp.db import session_scope
from ipp.demo import load_demo
from ipp.listings.models import Listing, Seller
from ipp.marks.models import Mark
from ipp.runtime import command_runtime

MODELS = {"orgs": Organisation, "users": User, "letters": AgentAuthorisation, "marks": Mark,
          "listings": Listing, "sellers": Seller, "complaints": Complaint,
          "complaint_listings": ComplaintListing, "audit": AuditEntry}


def make_runtime(tmp_path, monkeypatch):
    monkeypatch.setenv("IPP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("IPP_DATABASE_URL", raising=False)
    monkeypatch.delenv("IPP_REDIS_URL", raising=False)
    return command_runtime()


def load(runtime, now):
    with session_scope(runtime.session_factory) as session:
        return load_demo(session, now=now)


def counts(runtime) -> dict[str, int]:
    with session_scope(runtime.session_factory) as session:
        return {name: session.exec(select(sa.func.count()).select_from(model)).one()
                for name, model in MODELS.items()}


def test_demo_has_people_marks_and_about_200_listings(tmp_path, monkeypatch):
    runtime = make_runtime(tmp_path, monkeypatch)
    logins = load(runtime, utcnow())
    assert {role for role, _ in logins} == {"admin", "reviewer", "rights_holder", "agent",
                                            "seller"}
    assert ("rights_holder", "brand@nimbus.example") in logins
    got = counts(runtime)
    assert got["users"] == len(logins) == 9
    assert got["orgs"] == 6  # four brands, the law firm, the seller with a login
    assert got["letters"] == 2 and got["marks"] == 11
    assert 190 <= got["listings"] <= 220 and got["sellers"] >= 20
    with session_scope(runtime.session_factory) as session:
        marks = session.exec(select(Mark)).all()
        assert {m.office for m in marks} >= {"CNIPA", "USPTO", "EUIPO", "JPO", "KIPO", "WIPO"}
        assert any(m.status == "expired" for m in marks)
        assert all(m.territories for m in marks if m.office == "WIPO")
        listings = session.exec(select(Listing)).all()
        assert len({listing.market for listing in listings}) >= 10
        assert sum(listing.status == "removed" for listing in listings) >= 10  # in the file and taken down
        seller = session.exec(select(User).where(User.role == "seller")).one()
        org = session.get(Organisation, seller.org_id)
        assert session.exec(select(Seller).where(Seller.external_id == org.name)).one().org_id \
            == org.id


def test_demo_complaints_cover_every_state_lane_and_evasion(tmp_path, monkeypatch):
    runtime = make_runtime(tmp_path, monkeypatch)
    now = utcnow()
    load(runtime, now)
    with session_scope(runtime.session_factory) as session:
        complaints = session.exec(select(Complaint)).all()
        rows = session.exec(select(ComplaintListing)).all()
    assert 10 <= len(complaints) <= 15
    assert {c.status for c in complaints} >= {"queued", "in_review", "need_info", "decided",
                                              "withdrawn"}
    assert {c.language for c in complaints} >= {"en", "fr", "de", "ja", "zh_Hans", "ru"}
    assert max(c.received_at for c in complaints) - min(c.received_at for c in complaints) \
        > timedelta(hours=60)
    by_complaint = {c.id: [r for r in rows if r.complaint_id == c.id] for c in complaints}
    rejected = [c for c in complaints if c.lane == "rejected"]
    assert rejected and all(r.verdict == "fail" for c in rejected for r in by_complaint[c.id])
    assert any(c.principal_org_id != c.filed_by_org_id for c in complaints)
    in_review = next(c for c in complaints if c.status == "in_review")
    assert in_review.reviewer_id is not None and in_review.lease_expires_at > now
    assert any(c.status == "queued" and c.due_at - now < timedelta(hours=6) for c in complaints)
    # A reviewer overruled one listing of an otherwise upheld complaint.
    assert any(r.action == "rejected" and r.reason_code == "insufficient_evidence"
               and r.decided_by_id is not None for r in rows)
    assert any(r.action == "taken_down" for r in rows)
    matches = [check["params"] for r in rows for check in r.checks
               if check["name"] == "mark_in_listing" and check["passed"]]
    evasions = {e for m in matches if m["kind"] == "variant" for e in m["evasions"]}
    assert evasions >= {"leetspeak", "homoglyph", "separator", "script_conversion"}
    assert {m["kind"] for m in matches} >= {"exact", "alias", "variant"}


def test_loading_twice_changes_nothing(tmp_path, monkeypatch):
    runtime = make_runtime(tmp_path, monkeypatch)
    first = load(runtime, utcnow())
    before = counts(runtime)
    assert load(runtime, utcnow()) == first
    assert counts(runtime) == before


def test_cli_demo_prints_the_logins(tmp_path):
    script = Path(sys.executable).with_name("ipp")
    command = [str(script), "demo"] if script.exists() else [sys.executable, "-m", "ipp.cli",
                                                             "demo"]
    env = {k: v for k, v in os.environ.items() if k not in ("IPP_DATABASE_URL", "IPP_REDIS_URL")}
    env["IPP_DATA_DIR"] = str(tmp_path)
    for _ in range(2):  # the second run finds the demo loaded and prints the same logins
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60,
                              check=False)
        assert done.returncode == 0, done.stderr
        assert "demo-password" in done.stdout
        assert "brand@nimbus.example" in done.stdout
        assert "reviewer.ja@ipp.example" in done.stdout
        assert "seller@bluecrane.example" in done.stdout
