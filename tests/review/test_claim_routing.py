"""The SQL claim picks what pick_for_reviewer picks, on SQLite and PostgreSQL alike."""

import uuid
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipp.complaints.models import Complaint
from ipp.review.operations import claim_next, reviewer_profile
from ipp.review.priority import pick_for_reviewer, priority_key
from tests.factories import NOW, make_mark, make_user, org_of

LANGS = ["en", "de", "ja", "pt_BR", "pt-PT", "zh_Hans", "zh_Hant", "ar", "EN"]
SKILLS = [[], ["health"], ["health_safety"], ["fraud"]]

complaint_strategy = st.fixed_dictionaries({
    "language": st.sampled_from(LANGS),
    "health": st.booleans(),
    "age_minutes": st.integers(0, 30 * 60),
    "paused_minutes": st.sampled_from([0, 0, 0, 90, 600]),
    "status": st.sampled_from(["queued", "queued", "queued", "in_review", "in_review_expired",
                               "need_info", "decided"]),
})


def _insert(session, owner, mark, spec, n) -> Complaint:
    received = NOW - timedelta(minutes=spec["age_minutes"])
    status, lease = spec["status"], None
    if status.startswith("in_review"):
        lease = NOW + (timedelta(minutes=-1) if status.endswith("expired") else
                       timedelta(minutes=5))
        status = "in_review"
    complaint = Complaint(
        id=f"{n:04d}{uuid.uuid4().hex[:12]}", principal_org_id=owner.org_id,
        filed_by_org_id=owner.org_id, filed_by_id=owner.id, mark_id=mark.id,
        reason="counterfeit", language=spec["language"], status=status,
        health_priority=spec["health"], received_at=received,
        due_at=received + timedelta(hours=24, minutes=spec["paused_minutes"]),
        lease_expires_at=lease, reviewer_id=owner.id if lease else None)
    session.add(complaint)
    return complaint


def _pure_choice(complaints, reviewer_user):
    claimable = [c for c in complaints if c.status == "queued" or (
        c.status == "in_review" and c.lease_expires_at < NOW)]
    ordered = sorted(claimable, key=lambda c: priority_key(
        health=c.health_priority, received_at=c.received_at, due_at=c.due_at, now=NOW,
        item_id=c.id))

    class View:  # the Candidate protocol over a row
        def __init__(self, c):
            self.id, self.language, self.health = c.id, c.language, c.health_priority
            self.received_at, self.due_at = c.received_at, c.due_at

    chosen = pick_for_reviewer([View(c) for c in ordered], reviewer_profile(reviewer_user), NOW)
    return chosen.id if chosen else None


def test_sql_claim_equals_pure_choice(session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name)
    reviewer = make_user(session, role="reviewer")

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(complaint_strategy, max_size=30), st.lists(st.sampled_from(LANGS)),
           st.sampled_from(SKILLS), st.sampled_from(["en", "ja"]))
    def check(specs, languages, skills, ui_language):
        nested = session.begin_nested()
        try:
            reviewer.review_languages, reviewer.review_skills = languages, skills
            reviewer.language = ui_language
            complaints = [_insert(session, owner, mark, spec, n) for n, spec in enumerate(specs)]
            session.flush()
            expected = _pure_choice(complaints, reviewer)
            claimed = claim_next(session, reviewer=reviewer, now=NOW)
            assert (claimed.id if claimed else None) == expected
        finally:
            nested.rollback()

    check()


def test_routing_prefers_language_but_never_skips_aging_work(session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name)
    aging = _insert(session, owner, mark, {"language": "ar", "health": False,
                                           "age_minutes": 5 * 60, "paused_minutes": 0,
                                           "status": "queued"}, 1)
    fresh_de = _insert(session, owner, mark, {"language": "de", "health": False,
                                              "age_minutes": 30, "paused_minutes": 0,
                                              "status": "queued"}, 2)
    fresh_ja = _insert(session, owner, mark, {"language": "ja", "health": False,
                                              "age_minutes": 60, "paused_minutes": 0,
                                              "status": "queued"}, 3)
    session.flush()
    german = make_user(session, role="reviewer")
    german.review_languages = ["de"]
    japanese = make_user(session, role="reviewer", language="ja")
    # The Arabic complaint is 5 h old: nobody passes it over, whatever they read.
    assert claim_next(session, reviewer=german, now=NOW).id == aging.id
    assert claim_next(session, reviewer=japanese, now=NOW).id == fresh_ja.id
    other = make_user(session, role="reviewer")
    other.review_languages = ["fr"]
    assert claim_next(session, reviewer=other, now=NOW).id == fresh_de.id


def test_regional_tags_match_their_language_but_chinese_scripts_do_not(session):
    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name)

    def queued(language, age, n):
        return _insert(session, owner, mark, {"language": language, "health": False,
                                              "age_minutes": age, "paused_minutes": 0,
                                              "status": "queued"}, n)

    queued("en", 50, 1)
    hant = queued("zh_Hant", 40, 2)
    brazil = queued("pt_BR", 30, 3)
    hans = queued("zh_Hans", 20, 4)
    session.flush()
    portuguese = make_user(session, role="reviewer")
    portuguese.review_languages = ["pt-PT"]
    assert claim_next(session, reviewer=portuguese, now=NOW).id == brazil.id
    simplified = make_user(session, role="reviewer")
    simplified.review_languages = ["zh_Hans"]
    assert claim_next(session, reviewer=simplified, now=NOW).id == hans.id
    traditional = make_user(session, role="reviewer")
    traditional.review_languages = ["zh_Hant", "ZH_Hans"]
    assert claim_next(session, reviewer=traditional, now=NOW).id == hant.id
