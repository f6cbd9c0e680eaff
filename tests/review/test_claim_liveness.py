"""Whatever reviewers do (decide, ask for information, vanish), every complaint is claimed
by one reviewer at a time and is eventually decided."""

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from ipp.complaints.models import Complaint
from ipp.complaints.operations import answer_info
from ipp.complaints.states import DecisionOutcome
from ipp.review.operations import LEASE, claim_next, decide, release_expired_leases
from tests.factories import NOW, make_mark, make_user, org_of
from tests.review.test_claim_routing import LANGS, SKILLS, _insert

STEP = timedelta(minutes=3)


def _act(session, rng, reviewer, holding, away, tries, now):
    """One reviewer's turn: claim, then decide, ask for information, or walk away (each
    complaint is walked away from or sent back for information a bounded number of times,
    so the run must end)."""
    complaint = claim_next(session, reviewer=reviewer, now=now)
    if complaint is None:
        return
    other = {cid for rid, cid in holding.items() if rid != reviewer.id}
    assert complaint.id not in other, "two reviewers on one complaint"
    holding[reviewer.id] = complaint.id
    walks, asks = tries.setdefault(complaint.id, [0, 0])
    roll = rng.random()
    if roll < 0.2 and walks < 2:
        tries[complaint.id][0] += 1
        away[reviewer.id] = now + LEASE + STEP  # gone: the lease must run out by itself
        return
    outcome = DecisionOutcome.TAKEDOWN
    if roll < 0.35 and asks < 1:
        tries[complaint.id][1] += 1
        outcome = DecisionOutcome.NEED_INFO
    decide(session, reviewer=reviewer, complaint=complaint, outcome=outcome, reason_code=None,
           note="why", per_listing={}, now=now)
    del holding[reviewer.id]


def test_every_complaint_is_eventually_decided(session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name)

    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.fixed_dictionaries({
               "language": st.sampled_from(LANGS), "health": st.booleans(),
               "age_minutes": st.integers(0, 23 * 60), "paused_minutes": st.just(0),
               "status": st.just("queued")}), min_size=1, max_size=12),
           st.lists(st.tuples(st.lists(st.sampled_from(LANGS), max_size=2),
                              st.sampled_from(SKILLS)), min_size=1, max_size=4),
           st.randoms(use_true_random=False))
    def check(specs, staff, rng):
        nested = session.begin_nested()
        try:
            complaints = [_insert(session, owner, mark, s, n) for n, s in enumerate(specs)]
            reviewers = []
            for languages, skills in staff:
                reviewer = make_user(session, role="reviewer")
                reviewer.review_languages, reviewer.review_skills = languages, skills
                reviewers.append(reviewer)
            session.flush()
            holding: dict[int, str] = {}
            away: dict[int, object] = {}
            tries: dict[str, list[int]] = {}
            now = NOW
            for step in range(30 * len(specs)):
                now += STEP
                for c in complaints:
                    # Complainants answer sooner or later (at the latest on every third step).
                    if c.status == "need_info" and (step % 3 == 0 or rng.random() < 0.5):
                        answer_info(session, actor=owner, complaint=c, note="here", now=now)
                for rid, cid in list(holding.items()):
                    if session.get(Complaint, cid).lease_expires_at < now:
                        del holding[rid]  # their lease ran out
                release_expired_leases(session, now)
                present = [r for r in reviewers if away.get(r.id, now) <= now]
                if present:
                    _act(session, rng, rng.choice(present), holding, away, tries, now)
                session.flush()
                if all(c.status == "decided" for c in complaints):
                    break
            statuses = session.exec(select(Complaint.status).where(
                Complaint.id.in_([c.id for c in complaints]))).all()
            assert set(statuses) == {"decided"}, statuses
        finally:
            nested.rollback()

    check()


def test_a_vanished_reviewers_complaint_returns_at_its_place(session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name)
    spec = {"language": "en", "health": False, "paused_minutes": 0, "status": "queued"}
    first = _insert(session, owner, mark, spec | {"age_minutes": 120}, 1)
    _insert(session, owner, mark, spec | {"age_minutes": 60}, 2)
    session.flush()
    gone, next_one = make_user(session, role="reviewer"), make_user(session, role="reviewer")
    assert claim_next(session, reviewer=gone, now=NOW).id == first.id
    later = NOW + LEASE + timedelta(seconds=1)
    assert release_expired_leases(session, later) == 1
    assert claim_next(session, reviewer=next_one, now=later).id == first.id
