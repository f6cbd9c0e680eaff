"""8 reviewers claiming and deciding over HTTP against `ipp serve --workers 4` on a fresh
PostgreSQL database: no complaint is claimed twice, none is lost."""

import os
import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from ipp.audit import verify_chain
from ipp.bench_http import Http
from ipp.bench_seed import bulk_listings, seed_people
from ipp.complaints.models import Complaint
from ipp.db import make_engine, make_sessionmaker, session_scope
from ipp.jobs import queue as jobs
from ipp.migrate import upgrade
from tests.conftest import _create_pg_database, _drop_pg_database, _pg_available
from tests.scale.services import Serve, ipp_env, unavailable

COMPLAINTS = 48
REVIEWERS = 8


@pytest.fixture
def fresh_pg():
    if not _pg_available():
        unavailable("PostgreSQL is not reachable")
    name = f"ipp_cluster_{os.getpid()}"
    url = _create_pg_database(name)
    engine = make_engine(url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    jobs.configure(factory, None)
    yield url, engine, factory
    jobs.configure(None, None)
    engine.dispose()
    _drop_pg_database(name)


@pytest.mark.slow
def test_eight_reviewers_against_four_workers(fresh_pg, tmp_path):
    url, engine, factory = fresh_pg
    now = datetime.now(UTC)
    people = seed_people(factory, reviewers=REVIEWERS, now=now)
    listing_ids = bulk_listings(engine, COMPLAINTS, now=now)
    server = Serve(ipp_env(IPP_DATABASE_URL=url, IPP_DATA_DIR=str(tmp_path),
                           IPP_API_RATE_LIMIT="100000"), workers=4)
    try:
        owner = Http(server.base, people["owner_token"])
        filed = []
        for ref in listing_ids:
            status, body = owner.call("POST", "/api/v1/complaints", {
                "mark": people["mark"], "listings": [ref], "reason": "counterfeit",
                "declaration": True})
            assert status == 201 and body["status"] == "queued", body
            filed.append(body["id"])
        claimed, problems = [], []

        def review(k: int) -> None:
            client = Http(server.base, people["reviewer_tokens"][k])
            while True:
                status, body = client.call("POST", "/api/v1/review/claim")
                if status == 204:
                    return
                if status != 200:
                    problems.append(("claim", status, body))
                    return
                claimed.append(body["id"])
                status, body = client.call("POST", f"/api/v1/complaints/{body['id']}/decision",
                                           {"outcome": "takedown"})
                if status != 200:
                    problems.append(("decide", status, body))

        threads = [threading.Thread(target=review, args=(k,)) for k in range(REVIEWERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=240)
    finally:
        server.close()
    assert not problems, problems[:5]
    counts = Counter(claimed)
    assert max(counts.values()) == 1, [cid for cid, n in counts.items() if n > 1]
    assert set(counts) == set(filed)
    with engine.connect() as connection:
        statuses = Counter(connection.execute(sa.select(Complaint.status)).scalars())
    assert statuses == {"decided": COMPLAINTS}
    with session_scope(factory) as session:
        assert verify_chain(session)[1] is None
