"""A restricted seller's counter-notice waits for a reviewer instead of lapsing into a reinstatement."""

from datetime import timedelta

from sqlmodel import select

from ipp.audit import AuditEntry
from ipp.clock import utcnow
from ipp.counter_notices.models import CounterNotice
from ipp.counter_notices.operations import lapse_unanswered
from ipp.listings.models import Listing, Seller
from ipp.reputation.models import SellerStanding
from ipp.reputation.strikes import REPEAT_INFRINGER_RESTRICT_STRIKES as LIMIT
from tests.counter_notices.helpers import counter_notice, taken_down
from tests.factories import make_token, make_user
from tests.reputation.test_restrictions import _strikes
from tests.web.helpers import auth


def _held_audits(session, notice_id):
    return session.exec(select(AuditEntry).where(AuditEntry.entity == "counter_notice",
                                                 AuditEntry.entity_id == notice_id,
                                                 AuditEntry.action == "held")).all()


def test_restricted_sellers_notice_is_held_until_the_restriction_is_lifted(client, session):
    case = taken_down(client, session, seller="rogue-cn")
    filed = counter_notice(client, case)
    assert filed.status_code == 201, filed.text
    seller = _strikes(client, session, LIMIT - 1, seller="rogue-cn")  # plus the takedown above
    assert session.get(SellerStanding, seller.id).restricted
    notice = session.get(CounterNotice, filed.json["id"])
    later = notice.respond_by + timedelta(seconds=1)

    assert lapse_unanswered(session, later) == 0
    lapse_unanswered(session, later + timedelta(hours=1))
    session.refresh(notice)
    assert notice.status == "open"
    assert session.get(Listing, notice.listing_id).status == "removed"
    assert len(_held_audits(session, notice.id)) == 1  # audited once, not every sweep

    admin = make_token(session, make_user(session, role="admin"))
    shown = client.get("/api/v1/sellers/rogue-cn", headers=auth(admin)).json
    assert shown["held_counter_notices"] == [notice.id]
    assert client.post("/api/v1/admin/sellers/rogue-cn/lift-restriction", headers=auth(admin),
                       json={"reason": "Appeal granted"}).status_code == 200
    assert lapse_unanswered(session, utcnow() + timedelta(days=30)) == 1
    session.refresh(notice)
    assert notice.status == "lapsed"
    assert session.get(Listing, notice.listing_id).status == "active"


def test_unrestricted_sellers_notice_lapses_as_before(client, session):
    case = taken_down(client, session, seller="fine-cn")
    filed = counter_notice(client, case)
    notice = session.get(CounterNotice, filed.json["id"])
    seller = session.exec(select(Seller).where(Seller.external_id == "fine-cn")).one()
    standing = session.get(SellerStanding, seller.id)
    assert standing is None or not standing.restricted
    assert lapse_unanswered(session, notice.respond_by + timedelta(seconds=1)) == 1
    session.refresh(notice)
    assert notice.status == "lapsed" and not _held_audits(session, notice.id)
