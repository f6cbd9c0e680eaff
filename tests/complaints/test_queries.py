"""The light list rows: keyset pages, newest first, no listings or checks in a row."""

from datetime import timedelta

from ipp.clock import iso
from ipp.complaints.models import Complaint, ComplaintListing
from ipp.complaints.queries import list_complaints, list_rows
from ipp.complaints.serialize import complaint_row_json
from tests.factories import NOW, make_mark, make_token, make_user, org_of
from tests.web.helpers import auth


def _complaints(session, owner, mark, n, *, status="queued"):
    made = []
    for k in range(n):
        at = NOW - timedelta(minutes=k // 2)  # pairs share received_at: the id breaks ties
        complaint = Complaint(id=f"{k:02d}".ljust(32, "x"), principal_org_id=owner.org_id,
                              filed_by_org_id=owner.org_id, filed_by_id=owner.id,
                              mark_id=mark.id, reason="counterfeit", status=status,
                              received_at=at, due_at=at + timedelta(hours=24))
        session.add(complaint)
        made.append(complaint)
    session.flush()
    return made


def test_keyset_pages_cover_the_list_once_newest_first(session):
    owner = make_user(session, role="rights_holder")
    mark = make_mark(session, org_of(session, owner).name)
    made = _complaints(session, owner, mark, 7)
    session.add(ComplaintListing(complaint_id=made[3].id, listing_ref="L1", verdict="pass"))
    session.add(ComplaintListing(complaint_id=made[3].id, listing_ref="L2", verdict="review"))
    session.flush()
    seen, before = [], None
    while True:
        rows, last = list_rows(session, owner, status="queued", before=before, limit=3)
        seen += rows
        if last is None:
            break
        before = (iso(last.received_at), last.id)
    full, _ = list_complaints(session, owner, status="queued", limit=50)
    assert [row.id for row, _count in seen] == [c.id for c in full]  # same order, no gaps
    assert len(seen) == 7 and len({row.id for row, _c in seen}) == 7
    counts = {row.id: count for row, count in seen}
    assert counts[made[3].id] == 2 and counts[made[0].id] == 0
    row = next(row for row, _c in seen if row.id == made[3].id)
    item = complaint_row_json(row, 2)
    assert item["mark"] == {"office": mark.office, "number": mark.number, "text": mark.text}
    assert item["principal"] == item["filed_by"] == org_of(session, owner).name
    assert "listings" not in item and item["listing_count"] == 2


def test_others_see_nothing_and_the_api_serves_light_rows(client, session):
    owner = make_user(session, role="rights_holder")
    mark = make_mark(session, org_of(session, owner).name)
    _complaints(session, owner, mark, 3)
    stranger = make_user(session, role="rights_holder")
    assert list_rows(session, stranger, status="queued") == ([], None)
    listed = client.get("/api/v1/complaints?status=queued",
                        headers=auth(make_token(session, owner))).json
    assert len(listed["items"]) == 3 and listed["next"] is None
    assert all("listings" not in item and item["listing_count"] == 0
               for item in listed["items"])
    assert listed["items"][0]["url"] == f"/api/v1/complaints/{listed['items'][0]['id']}"


def test_expand_listings_gives_full_complaints_and_a_bad_expand_is_refused(client, session):
    owner = make_user(session, role="rights_holder")
    mark = make_mark(session, org_of(session, owner).name)
    made = _complaints(session, owner, mark, 2)
    session.add(ComplaintListing(complaint_id=made[0].id, listing_ref="L1", verdict="pass"))
    session.flush()
    token = make_token(session, owner)
    full = client.get("/api/v1/complaints?expand=listings", headers=auth(token)).json
    item = next(i for i in full["items"] if i["id"] == made[0].id)
    assert [row["listing_id"] for row in item["listings"]] == ["L1"]
    assert item["listing_count"] == 1 and item["description"] == made[0].description
    bad = client.get("/api/v1/complaints?expand=checks", headers=auth(token))
    assert bad.status_code == 422 and "expand" in bad.json["error"]["fields"]
