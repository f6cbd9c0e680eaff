"""verify_refs gathers the facts for a whole filing at once: each ref gets exactly the verdict
it gets when verified on its own, and every kind of reference resolves to its listing."""

from sqlmodel import select

from ipp.complaints.models import Complaint, ComplaintListing
from ipp.listings.models import Listing
from ipp.listings.queries import resolve_listings
from ipp.verification.queries import verify_refs
from ipp.verification.resellers import add_reseller
from tests.factories import NOW, make_listing, make_mark, make_user, org_of


def _verdicts(results):
    return [(ref, listing.id if listing else None, v.verdict, v.reason_code,
             [c.as_json() for c in v.checks]) for ref, listing, v in results]


def test_a_filing_verified_at_once_equals_each_listing_verified_alone(session):
    owner = make_user(session, role="rights_holder")
    principal = org_of(session, owner)
    mark = make_mark(session, principal.name, text="NIMBUS", aliases=["宁步"])
    good = make_listing(session, title="Nimbus running shoes, cheap")
    variant = make_listing(session, title="宁步 运动鞋", seller="shop-2")
    wrong_class = make_listing(session, title="NIMBUS phone case", category="Electronics > Phones")
    plain = make_listing(session, title="Plain shoes", seller="reseller-9")
    removed = make_listing(session, title="NIMBUS shoes", status="removed")
    already = make_listing(session, title="NIMBUS boots")
    add_reseller(session, actor=owner, seller_id="reseller-9", note="", now=NOW)
    already_id = session.exec(select(Listing.id).where(Listing.external_id == already)).one()
    open_complaint = Complaint(id="c" * 32, principal_org_id=principal.id,
                               filed_by_org_id=principal.id, filed_by_id=owner.id,
                               mark_id=mark.id, reason="counterfeit", status="queued",
                               received_at=NOW, due_at=NOW)
    session.add(open_complaint)
    session.flush()
    session.add(ComplaintListing(complaint_id=open_complaint.id, listing_ref=already,
                                 listing_id=already_id, verdict="pass"))
    session.flush()
    refs = (good, f"https://market.example/item/{variant}", f" {wrong_class} ", plain, removed,
            already, "NOPE-1", "https://elsewhere.example/x/NOPE-2/", "", good,
            f"https://other.example/listing/{plain}?ref=1")
    kwargs = dict(mark=mark, principal=principal, filer_org_id=principal.id, today=NOW.date())
    batched = verify_refs(session, refs=refs, **kwargs)
    alone = [row for ref in refs for row in verify_refs(session, refs=(ref,), **kwargs)]
    assert _verdicts(batched) == _verdicts(alone)
    verdicts = {ref: v.verdict for ref, _l, v in batched}
    assert verdicts[good] == "pass" and verdicts["NOPE-1"] == "fail"
    assert batched[5][2].reason_code == "duplicate"  # the open complaint is found
    resolved = {ref: listing.external_id for ref, listing in resolve_listings(session, refs).items()}
    assert resolved == {
        good: good, f"https://market.example/item/{variant}": variant, wrong_class: wrong_class,
        plain: plain, removed: removed, already: already,
        f"https://other.example/listing/{plain}?ref=1": plain}
