"""Small make_* factories: each test builds exactly the data it depends on."""

import itertools
from datetime import UTC, date, datetime

from sqlmodel import select

from ipp.accounts.models import Organisation
from ipp.accounts.operations import authorize_agent, create_token, create_user
from ipp.listings.operations import upsert_listing
from ipp.marks.models import Mark
from ipp.marks.operations import upsert_mark

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


def make_user(session, *, role="rights_holder", org=None, language="en", email=None,
              password="correct-horse", now=NOW):
    if org is None and role in ("rights_holder", "agent", "seller"):
        org = unique(f"{role}-org-")
    user = create_user(session, actor=None, email=email or f"{unique('u')}@example.com",
                       password=password, role=role, org_name=org, language=language, now=now)
    return user


def make_token(session, user, *, now=NOW) -> str:
    return create_token(session, actor=None, user=user, now=now)[1]


def make_mark(session, owner_name: str, *, text="NIMBUS", number=None, office="USPTO",
              aliases=(), classes=(25,), status="registered", expires_on="2030-01-01",
              territories=None, now=NOW) -> Mark:
    number = number or unique("M")
    obj = {"office": office, "number": number, "text": text, "aliases": list(aliases),
           "nice_classes": list(classes), "owner": owner_name, "status": status,
           "registered_on": "2015-01-01", "expires_on": expires_on}
    if territories is not None:
        obj["territories"] = territories
    upsert_mark(session, obj, now=now)
    session.flush()
    return session.exec(select(Mark).where(Mark.office == office, Mark.number == number)).one()


def make_listing(session, *, title="NIMBUS running shoes", listing_id=None, seller="shop-1",
                 category="Shoes", status="active", market=None, classes=None,
                 description="", now=NOW) -> str:
    listing_id = listing_id or unique("L")
    obj = {"id": listing_id, "url": f"https://market.example/item/{listing_id}",
           "title": title, "description": description, "seller": seller,
           "category": category, "status": status}
    if market:
        obj["market"] = market
    if classes is not None:
        obj["nice_classes"] = classes
    upsert_listing(session, obj, now=now)
    session.flush()
    return listing_id


def org_of(session, user) -> Organisation:
    return session.get(Organisation, user.org_id)


def make_authorisation(session, agent, principal_user, *, mark_ids=None, until=None, now=NOW):
    return authorize_agent(session, actor=None, agent_org=org_of(session, agent),
                           principal_org=org_of(session, principal_user), mark_ids=mark_ids,
                           valid_from=date(2026, 1, 1), valid_until=until, now=now)
