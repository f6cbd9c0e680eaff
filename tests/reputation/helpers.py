"""Builds a complainant's track record through the real API: file, claim, decide."""

from tests.factories import make_listing, make_mark, make_token, make_user, org_of
from tests.web.helpers import auth


def brand(session, *, language="en", email=None):
    owner = make_user(session, role="rights_holder", language=language, email=email)
    mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
    return owner, mark, make_token(session, owner)


def listings(session, count, *, seller="shop-1", **kw):
    return [make_listing(session, title="NIMBUS running shoes", seller=seller, **kw)
            for _ in range(count)]


def file(client, token, mark, refs, **extra):
    body = {"mark": {"office": mark.office, "number": mark.number}, "listings": refs,
            "reason": "counterfeit", "description": "Fake logo", "declaration": True}
    body.update(extra)
    return client.post("/api/v1/complaints", headers=auth(token), json=body)


def decide_next(client, reviewer_token, outcome="takedown", reason_code=None):
    claimed = client.post("/api/v1/review/claim", headers=auth(reviewer_token))
    assert claimed.status_code == 200, claimed.text
    body = {"outcome": outcome, "reason_code": reason_code, "note": "checked"}
    decided = client.post(f"/api/v1/complaints/{claimed.json['id']}/decision",
                          headers=auth(reviewer_token), json=body)
    assert decided.status_code == 200, decided.text
    return decided.json


def record(client, session, token, mark, reviewer_token, count, outcome, *, seller="shop-1"):
    """One complaint of `count` passing listings, decided whole by a reviewer."""
    filed = file(client, token, mark, listings(session, count, seller=seller))
    assert filed.status_code == 201 and filed.json["lane"] == "standard", filed.text
    code = "insufficient_evidence" if outcome == "reject" else None
    return decide_next(client, reviewer_token, outcome, code)
