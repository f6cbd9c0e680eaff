"""A seller reaching the threshold is restricted, enforcement follows the person, an admin lifts it."""

from datetime import timedelta

from sqlmodel import select

from ipp.audit import AuditEntry
from ipp.clock import utcnow
from ipp.listings.models import Listing, Seller
from ipp.reputation.models import SellerStanding
from ipp.reputation.standing import recompute_strikes
from ipp.reputation.strikes import REPEAT_INFRINGER_RESTRICT_STRIKES as LIMIT
from tests.factories import make_listing, make_token, make_user
from tests.reputation.helpers import brand, decide_next, file
from tests.web.helpers import auth

IDENTITY = {"seller_payee": "DE89 3704 0044 0532 0130 00"}


def _seller(session, external_id):
    return session.exec(select(Seller).where(Seller.external_id == external_id)).one()


def _listing(session, listing_id):
    return session.exec(select(Listing).where(Listing.external_id == listing_id)).one()


def _import(session, listing_id, seller, title="NIMBUS running shoes", **extra):
    from ipp.listings.operations import upsert_listing

    obj = {"id": listing_id, "url": f"https://m.example/{listing_id}", "title": title,
           "seller": seller, "category": "Shoes", "status": "active", **extra}
    result = upsert_listing(session, obj, now=utcnow())
    session.flush()
    return result


def _strikes(client, session, count, seller="rogue-1"):
    token_mark = brand(session)
    _owner, mark, token = token_mark
    reviewer = make_token(session, make_user(session, role="reviewer"))
    for _ in range(count):
        ref = make_listing(session, seller=seller)
        session.commit()  # visible to the app's own session in browser tests
        filed = file(client, token, mark, [ref])
        assert filed.status_code == 201, filed.text
        if filed.json["status"] in ("queued",):
            decide_next(client, reviewer)
    recompute_strikes(session, now=utcnow() + timedelta(seconds=1))
    session.commit()
    return _seller(session, seller)


def test_threshold_restricts_and_new_listings_naming_a_mark_are_held(client, session):
    _import(session, "seed", "rogue-1", **IDENTITY)
    seller = _strikes(client, session, LIMIT)
    standing = session.get(SellerStanding, seller.id)
    assert standing.group_strikes == LIMIT and standing.restricted
    assert standing.restricted_at is not None and standing.restricted_strikes == LIMIT
    assert session.exec(select(AuditEntry).where(AuditEntry.entity == "seller",
                                                 AuditEntry.action == "restricted")).first()
    _import(session, "new-1", "rogue-1")
    assert _listing(session, "new-1").held_at is not None
    _import(session, "plain-1", "rogue-1", title="Plain running shoes")
    assert _listing(session, "plain-1").held_at is None


def test_below_threshold_nothing_is_held(client, session):
    seller = _strikes(client, session, LIMIT - 1, seller="almost-1")
    assert not session.get(SellerStanding, seller.id).restricted
    _import(session, "new-2", "almost-1")
    assert _listing(session, "new-2").held_at is None


def test_a_new_linked_account_of_a_restricted_person_is_held_too(client, session):
    _import(session, "seed", "rogue-1", **IDENTITY)
    _strikes(client, session, LIMIT)
    # Same payee written differently: the same person under a fresh account.
    _import(session, "alt-1", "rogue-2", seller_payee="de89370400440532013000")
    assert _listing(session, "alt-1").held_at is not None
    assert session.get(SellerStanding, _seller(session, "rogue-2").id).restricted


def test_api_shows_the_restriction_and_admin_lifts_it_with_an_audited_reason(client, session):
    _import(session, "seed", "rogue-1", **IDENTITY)
    seller = _strikes(client, session, LIMIT)
    _import(session, "held-1", "rogue-1")
    admin = make_token(session, make_user(session, role="admin"))
    shown = client.get("/api/v1/sellers/rogue-1", headers=auth(admin))
    assert shown.status_code == 200, shown.text
    assert shown.json["restricted"] and shown.json["restriction"]["strikes"] == LIMIT
    assert [h["listing_id"] for h in shown.json["held_listings"]] == ["held-1"]

    missing = client.post("/api/v1/admin/sellers/rogue-1/lift-restriction", headers=auth(admin),
                          json={"reason": " "})
    assert missing.status_code == 422 and "reason" in missing.json["error"]["fields"]
    assert session.get(SellerStanding, seller.id).restricted

    lifted = client.post("/api/v1/admin/sellers/rogue-1/lift-restriction", headers=auth(admin),
                         json={"reason": "Brand confirmed the stock is genuine"})
    assert lifted.status_code == 200, lifted.text
    assert not lifted.json["restricted"]
    assert lifted.json["restriction"]["lift_reason"] == "Brand confirmed the stock is genuine"
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "restriction_lifted",
                                                  AuditEntry.entity_id == str(seller.id))).one()
    assert entry.after["reason"] == "Brand confirmed the stock is genuine"

    again = client.post("/api/v1/admin/sellers/rogue-1/lift-restriction", headers=auth(admin),
                        json={"reason": "twice"})
    assert again.status_code == 409
    # The sweep does not bring it back without a new strike.
    recompute_strikes(session, now=utcnow() + timedelta(seconds=2))
    assert not session.get(SellerStanding, seller.id).restricted
    _import(session, "after-lift", "rogue-1")
    assert _listing(session, "after-lift").held_at is None


def test_a_new_strike_after_the_lift_restricts_again(client, session):
    seller = _strikes(client, session, LIMIT)
    admin = make_token(session, make_user(session, role="admin"))
    assert client.post("/api/v1/admin/sellers/rogue-1/lift-restriction", headers=auth(admin),
                       json={"reason": "appeal"}).status_code == 200
    _strikes(client, session, 1)
    assert session.get(SellerStanding, seller.id).restricted


def test_only_staff_and_the_seller_itself_see_a_seller(client, session):
    _strikes(client, session, 1)
    owner = make_token(session, make_user(session, role="rights_holder"))
    assert client.get("/api/v1/sellers/rogue-1", headers=auth(owner)).status_code == 403
    other_seller = make_token(session, make_user(session, role="seller"))
    assert client.get("/api/v1/sellers/rogue-1", headers=auth(other_seller)).status_code == 404
    admin = make_token(session, make_user(session, role="admin"))
    assert client.get("/api/v1/sellers/nobody", headers=auth(admin)).status_code == 404
    assert client.post("/api/v1/admin/sellers/rogue-1/lift-restriction", headers=auth(owner),
                       json={"reason": "x"}).status_code == 403
