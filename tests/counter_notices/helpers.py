"""A listing taken down through the real API (file, claim, decide), with its seller signed up."""

from types import SimpleNamespace

from tests.factories import make_token, make_user
from tests.reputation.helpers import auth, brand, file, listings


def decide(client, session, complaint_id, reviewer, reviewer_token, outcome="takedown", **extra):
    """Claims this very complaint (not whatever the queue offers) and decides it."""
    from datetime import timedelta

    from ipp.clock import utcnow
    from ipp.complaints.models import Complaint

    complaint = session.get(Complaint, complaint_id)
    session.refresh(complaint)
    complaint.status, complaint.reviewer_id = "in_review", reviewer.id
    complaint.lease_expires_at = utcnow() + timedelta(minutes=15)
    session.commit()
    body = {"outcome": outcome, "note": "checked", **extra}
    decided = client.post(f"/api/v1/complaints/{complaint_id}/decision",
                          headers=auth(reviewer_token), json=body)
    assert decided.status_code == 200, decided.text
    return decided.json


def taken_down(client, session, *, seller=None, count=1, owner_language="en",
               seller_language="en"):
    from tests.factories import unique

    seller = seller or unique("shop-")
    owner, mark, token = brand(session, language=owner_language)
    refs = listings(session, count, seller=seller)
    seller_user = make_user(session, role="seller", org=seller, language=seller_language)
    reviewer = make_user(session, role="reviewer")
    reviewer_token = make_token(session, reviewer)
    seller_token = make_token(session, seller_user)
    session.commit()
    filed = file(client, token, mark, refs)
    assert filed.status_code == 201, filed.text
    decide(client, session, filed.json["id"], reviewer, reviewer_token)
    return SimpleNamespace(owner=owner, mark=mark, token=token, refs=refs, seller=seller_user,
                           seller_token=seller_token, reviewer=reviewer,
                           reviewer_token=reviewer_token, complaint_id=filed.json["id"])


def counter_notice(client, case, ref=None, **body):
    payload = {"complaint_id": case.complaint_id, "reason": "genuine",
               "statement": "Bought from the brand's distributor; invoice attached."}
    payload.update(body)
    return client.post(f"/api/v1/listings/{ref or case.refs[0]}/counter-notice",
                       headers=auth(case.seller_token), json=payload)


def respond(client, case, notice_id, **body):
    return client.post(f"/api/v1/counter-notices/{notice_id}/response",
                       headers=auth(case.token), json=body)
