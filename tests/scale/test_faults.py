"""Faults against real services: a worker killed mid-job, Redis down while complaints are
filed, PostgreSQL restarted under `ipp serve` — nothing acknowledged is lost."""

import os
import signal
import subprocess
import threading
import time
import uuid
from datetime import UTC, datetime

import pytest
import redis
import sqlalchemy as sa
from rq import Queue
from rq.registry import StartedJobRegistry

from ipp.audit import AuditEntry, verify_chain
from ipp.bench_http import Http
from ipp.bench_seed import bulk_listings, seed_people
from ipp.complaints.models import Complaint
from ipp.db import make_engine, make_sessionmaker, session_scope
from ipp.jobs import queue as jobs
from ipp.jobs.models import JobOutbox
from ipp.jobs.scheduler import sweep_once
from ipp.migrate import upgrade
from ipp.reputation.models import OrgReputation
from tests.scale.services import (
    IPP,
    ROOT,
    PrivatePostgres,
    PrivateRedis,
    Serve,
    children_of,
    ipp_env,
    wait_for,
)


@pytest.fixture
def private_redis():
    server = PrivateRedis().start()
    yield server
    server.close()


@pytest.fixture
def sqlite_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'ipp.db'}"
    engine = make_engine(url)
    upgrade(engine)
    yield url, engine, make_sessionmaker(engine)
    jobs.configure(None, None)
    engine.dispose()


@pytest.mark.slow
def test_killed_worker_job_is_retried_and_done_once(private_redis, sqlite_db, tmp_path):
    from tests.scale.jobs_for_tests import slow_mark_done

    url, _engine, factory = sqlite_db
    jobs.configure(factory, private_redis.url, retry_intervals=(1,))
    key = uuid.uuid4().hex
    with session_scope(factory) as session:
        jobs.enqueue(session, slow_mark_done, key)
    connection = redis.Redis.from_url(private_redis.url)
    env = ipp_env(IPP_DATABASE_URL=url, IPP_REDIS_URL=private_redis.url,
                  IPP_DATA_DIR=str(tmp_path))

    log = open(tmp_path / "worker.log", "ab")  # noqa: SIM115 - closed with the test

    def start_worker():
        return subprocess.Popen([IPP, "worker"], env=env, cwd=ROOT, start_new_session=True,
                                stdout=log, stderr=log)

    first = start_worker()
    wait_for(lambda: connection.get(f"test:attempts:{key}") == b"1", what="the job to start")
    # kill -9 the worker and its work horse (rq puts the horse in a session of its own).
    for pid in [*children_of(first.pid), first.pid]:
        os.kill(pid, signal.SIGKILL)
    first.wait(10)
    queue = Queue("ipp", connection=connection)
    # rq's abandoned-job handling, as if the dead worker's heartbeat had run out.
    StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + 3600)
    # Likewise the dead worker's scheduler lock (its TTL is a minute or more).
    connection.delete("rq:scheduler-lock:ipp")
    second = start_worker()
    try:
        wait_for(lambda: _done_count(factory, key) == 1, timeout=30, what="the retried job")
        time.sleep(1)
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(15)
        log.close()
        # pytest shows captured output only for a failing test: the workers' own account
        worker_log = (tmp_path / "worker.log").read_text(errors="replace")
        print("--- ipp worker log ---\n" + worker_log[-6000:])
    assert connection.get(f"test:attempts:{key}") == b"2"
    assert _done_count(factory, key) == 1


def _done_count(factory, key: str) -> int:
    with session_scope(factory) as session:
        return session.execute(sa.select(sa.func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "test_job", AuditEntry.entity_id == key)).scalar_one()


def _filing(people, ref):
    # An unknown listing fails verification: the complaint is rejected at once, and its
    # outcome enqueues the complainant's reputation job.
    return {"mark": people["mark"], "listings": [ref], "reason": "counterfeit",
            "declaration": True}


@pytest.mark.slow
def test_redis_down_while_filing_keeps_every_complaint_and_job(private_redis, sqlite_db,
                                                                tmp_path):
    from ipp.app import create_app
    from ipp.settings import load_settings

    url, engine, factory = sqlite_db
    settings = load_settings(env={"IPP_DATA_DIR": str(tmp_path)}, database_url=url,
                             redis_url=private_redis.url, scheduler=False, testing=True)
    client = create_app(settings, engine=engine).test_client()
    owners = [seed_people(factory, reviewers=0, now=datetime.now(UTC)) for _ in range(4)]

    def file(people, ref):
        return client.post("/api/v1/complaints", json=_filing(people, ref),
                           headers={"Authorization": f"Bearer {people['owner_token']}"})

    assert file(owners[0], "no-such-listing-0").status_code == 201
    queue = Queue("ipp", connection=redis.Redis.from_url(private_redis.url))
    assert queue.count >= 1
    private_redis.stop()
    acknowledged = []
    for k, people in enumerate(owners[1:], start=1):
        response = file(people, f"no-such-listing-{k}")
        assert response.status_code == 201, response.text  # no user-visible error
        acknowledged.append(response.get_json()["id"])
    with session_scope(factory) as session:
        assert session.execute(sa.select(sa.func.count()).select_from(JobOutbox)).scalar() >= 3
        assert sweep_once(factory)["job_outbox"] == 0  # still down: the rows wait
        found = session.execute(sa.select(Complaint.id).where(
            Complaint.id.in_(acknowledged))).scalars().all()
    assert sorted(found) == sorted(acknowledged)
    private_redis.start()
    assert sweep_once(factory)["job_outbox"] >= 3
    with session_scope(factory) as session:
        assert session.execute(sa.select(sa.func.count()).select_from(JobOutbox)).scalar() == 0
    worker = subprocess.run([IPP, "worker", "--burst"], cwd=ROOT, timeout=120, env=ipp_env(
        IPP_DATABASE_URL=url, IPP_REDIS_URL=private_redis.url, IPP_DATA_DIR=str(tmp_path)),
        capture_output=True)
    assert worker.returncode == 0, worker.stderr[-2000:]
    with session_scope(factory) as session:
        for people in owners:
            assert session.get(OrgReputation, people["org_id"]) is not None


@pytest.mark.slow
def test_postgres_restart_answers_503_then_recovers(tmp_path):
    pg = PrivatePostgres().start()
    server = None
    try:
        engine = make_engine(pg.url)
        upgrade(engine)
        factory = make_sessionmaker(engine)
        jobs.configure(factory, None)
        people = seed_people(factory, reviewers=0, now=datetime.now(UTC))
        refs = bulk_listings(engine, 400, now=datetime.now(UTC))
        engine.dispose()
        server = Serve(ipp_env(IPP_DATABASE_URL=pg.url, IPP_DATA_DIR=str(tmp_path)), workers=2)
        outcomes, stop = [], threading.Event()

        def filer(k: int) -> None:
            client = Http(server.base, people["owner_token"], timeout=20)
            for ref in refs[k::2]:
                if stop.is_set():
                    return
                try:
                    status, body = client.call("POST", "/api/v1/complaints", _filing(people, ref))
                except OSError as error:
                    outcomes.append(("io", str(error), None))
                    continue
                outcomes.append((status, body, ref))
                time.sleep(0.02)

        threads = [threading.Thread(target=filer, args=(k,)) for k in range(2)]
        for thread in threads:
            thread.start()
        wait_for(lambda: sum(1 for o in outcomes if o[0] == 201) >= 5, what="first filings")
        pg.stop()
        wait_for(lambda: any(o[0] == 503 for o in outcomes), what="a 503 while down")
        probe = Http(server.base, people["owner_token"]).call("GET", "/api/v1/complaints")
        pg.start()
        wait_for(lambda: outcomes[-1][0] == 201, timeout=30, what="recovery")
        count_after = sum(1 for o in outcomes if o[0] == 201)
        wait_for(lambda: sum(1 for o in outcomes if o[0] == 201) >= count_after + 5,
                 what="filings after recovery")
        stop.set()
        for thread in threads:
            thread.join(60)
    finally:
        if server is not None:
            server.close()
    try:
        assert probe[0] == 503
        assert probe[1]["error"]["code"] == "unavailable" and probe[1]["error"]["message"]
        statuses = {o[0] for o in outcomes}
        assert statuses <= {201, 503}, [o for o in outcomes if o[0] not in (201, 503)][:3]
        acknowledged = [o[1]["id"] for o in outcomes if o[0] == 201]
        engine = make_engine(pg.url)
        with session_scope(make_sessionmaker(engine)) as session:
            found = set(session.execute(sa.select(Complaint.id)).scalars())
            assert verify_chain(session)[1] is None
        engine.dispose()
        assert set(acknowledged) <= found
    finally:
        jobs.configure(None, None)
        pg.close()
