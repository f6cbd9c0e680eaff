"""The data of `ipp bench load`: a throwaway database, people with tokens, listings and a
large open queue (bulk-inserted, not through the API)."""

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa


def create_database(admin_url: str, name: str) -> str:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(admin_url: str, name: str) -> None:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def seed_people(factory, *, reviewers: int, now: datetime) -> dict:
    """An owner with a mark and a token, and reviewers with tokens (real operations)."""
    from ipp.accounts.operations import create_token, create_user
    from ipp.db import session_scope
    from ipp.marks.models import Mark
    from ipp.marks.operations import upsert_mark

    tag = uuid.uuid4().hex[:8]
    with session_scope(factory) as session:
        owner = create_user(session, actor=None, email=f"owner-{tag}@bench.example",
                            password="bench-password", role="rights_holder",
                            org_name=f"Bench Brand {tag}", now=now)
        upsert_mark(session, {"office": "USPTO", "number": f"B{tag}", "text": "NIMBUS",
                              "aliases": [], "nice_classes": [25], "owner": f"Bench Brand {tag}",
                              "status": "registered", "registered_on": "2015-01-01",
                              "expires_on": "2099-01-01"}, now=now)
        session.flush()
        mark = session.execute(sa.select(Mark).where(Mark.number == f"B{tag}")).scalar_one()
        people = {"owner_id": owner.id, "org_id": owner.org_id, "mark_id": mark.id,
                  "mark": {"office": "USPTO", "number": f"B{tag}"},
                  "owner_token": create_token(session, actor=None, user=owner, now=now)[1],
                  "reviewer_tokens": []}
        for k in range(reviewers):
            reviewer = create_user(session, actor=None, email=f"rev{k}-{tag}@bench.example",
                                   password="bench-password", role="reviewer",
                                   org_name=None, now=now)
            people["reviewer_tokens"].append(
                create_token(session, actor=None, user=reviewer, now=now)[1])
    return people


def bulk_listings(engine, count: int, *, now: datetime) -> list[str]:
    """Active NIMBUS listings of one seller, inserted with executemany (not the API)."""
    tag = uuid.uuid4().hex[:8]
    ids = [f"BL{tag}-{i}" for i in range(count)]
    if not ids:
        return ids
    with engine.begin() as connection:
        seller_id = connection.execute(sa.text(
            "INSERT INTO seller (external_id, created_at) VALUES (:e, :t) RETURNING id"),
            {"e": f"bench-seller-{tag}", "t": now}).scalar_one()
        connection.execute(sa.text(
            "INSERT INTO listing (external_id, url, title, description, seller_id, category, "
            "status, created_at, updated_at) VALUES (:e, :u, :title, '', :s, 'Shoes', "
            "'active', :t, :t)"),
            [{"e": e, "u": f"https://market.example/item/{e}", "title": f"NIMBUS shoe {e}",
              "s": seller_id, "t": now} for e in ids])
    return ids


def bulk_open_complaints(engine, count: int, people: dict, *, now: datetime) -> None:
    """`count` queued complaints (COPY), received over the last 20 hours."""
    columns = ("id, principal_org_id, filed_by_org_id, filed_by_id, mark_id, reason, "
               "description, declaration, language, status, lane, health_priority, "
               "received_at, due_at")
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cursor, cursor.copy(f"COPY complaint ({columns}) FROM STDIN") as copy:
            for i in range(count):
                received = now - timedelta(seconds=(i * 72_000) // max(count, 1))
                copy.write_row((uuid.uuid4().hex, people["org_id"], people["org_id"],
                                people["owner_id"], people["mark_id"], "counterfeit", "", True,
                                "en", "queued", "standard", i % 50 == 0, received,
                                received + timedelta(hours=24)))
        raw.commit()
        with raw.cursor() as cursor:
            cursor.execute("ANALYZE complaint")
        raw.commit()
    finally:
        raw.close()
