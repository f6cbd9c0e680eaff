"""Many reviewers claiming at once never get the same complaint, and none is lost."""

import itertools
import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from ipp.complaints.models import Complaint
from ipp.complaints.states import DecisionOutcome
from ipp.db import session_scope
from ipp.review.operations import claim_next, decide
from tests.factories import NOW, make_listing, make_mark, make_user, org_of

COMPLAINTS = 40
REVIEWERS = 8


@pytest.fixture
def committed_factory(committed_database):
    return committed_database[0]


LANGUAGES = ["en", "de", "ja"]
# Half the reviewers read English only, half German and Japanese.
REVIEWER_LANGUAGES = [["en"], ["de", "ja"]]


def _file(session: Session, count: int, *, languages=("en",)) -> list:
    from ipp.complaints.operations import file_complaint
    from ipp.complaints.validation import parse_filing

    owner = make_user(session)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    reviewers = [make_user(session, role="reviewer") for _ in range(REVIEWERS)]
    for k, reviewer in enumerate(reviewers):
        reviewer.review_languages = REVIEWER_LANGUAGES[k % 2]
    for i in range(count):
        filing = parse_filing({"mark": {"office": mark.office, "number": mark.number},
                               "listings": [make_listing(session, title="NIMBUS shoe")],
                               "reason": "counterfeit", "declaration": True}, is_agent=False)
        file_complaint(session, actor=owner, filing=filing,
                       language=languages[i % len(languages)], now=NOW + timedelta(seconds=i))
    return [r.id for r in reviewers]


@pytest.mark.parametrize("languages", [("en",), tuple(LANGUAGES)], ids=["one", "routed"])
def test_parallel_claims_hand_out_each_complaint_once(committed_factory, languages):
    with session_scope(committed_factory) as session:
        reviewer_ids = _file(session, COMPLAINTS, languages=languages)
    claimed: list[tuple[int, str, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    # Everyone takes a first complaint before anyone takes a second: the first claims then
    # race each other, and each must still find one in a language its reviewer reads.
    first_round = threading.Barrier(len(reviewer_ids), timeout=60)

    def work(reviewer_id: int) -> None:
        from ipp.accounts.models import User

        try:
            for round_ in itertools.count():
                if round_ == 1:
                    first_round.wait()
                now = NOW + timedelta(minutes=5)
                with session_scope(committed_factory) as session:
                    reviewer = session.get(User, reviewer_id)
                    complaint = claim_next(session, reviewer=reviewer, now=now)
                    if complaint is None:
                        return
                    with lock:
                        claimed.append((reviewer_id, complaint.id, complaint.language))
                    decide(session, reviewer=reviewer, complaint=complaint,
                           outcome=DecisionOutcome.TAKEDOWN, reason_code=None, note="",
                           per_listing={}, now=now)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
            first_round.abort()

    threads = [threading.Thread(target=work, args=(rid,)) for rid in reviewer_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    counts = Counter(cid for _rid, cid, _lang in claimed)
    assert len(counts) == COMPLAINTS and max(counts.values()) == 1
    assert len({rid for rid, _cid, _lang in claimed}) > 1
    if len(languages) > 1:
        # Routing under contention: every reviewer's first complaint is one they can read
        # (the first round leaves plenty of each language, all of it fresh).
        speaks = {rid: REVIEWER_LANGUAGES[k % 2] for k, rid in enumerate(reviewer_ids)}
        first = {}
        for rid, _cid, lang in claimed:
            first.setdefault(rid, lang)
        assert all(lang in speaks[rid] for rid, lang in first.items()), first
    with session_scope(committed_factory) as session:
        statuses = session.exec(select(Complaint.status)).all()
    assert statuses.count("decided") == COMPLAINTS
