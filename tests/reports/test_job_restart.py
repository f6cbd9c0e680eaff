"""A report job survives its worker dying mid-way: real Redis, real rq workers, a real SQLite file."""

import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest

from ipp.clock import utcnow
from ipp.db import make_engine, make_sessionmaker, session_scope
from ipp.migrate import upgrade
from ipp.reports.models import ReportJob
from ipp.settings import load_settings
from tests.factories import make_listing, make_mark, make_token, make_user, org_of
from tests.reports.helpers import auth, own_redis, xlsx_rows

DYING_WORKER = """
import os, signal
import redis
from rq import Queue, SimpleWorker
import ipp.reports.jobs as report_jobs
from ipp.runtime import command_runtime

def die(job_id, attempt):
    os.kill(os.getpid(), signal.SIGKILL)  # the worker dies after claiming, before the file

report_jobs._produce = die
runtime = command_runtime()
connection = redis.Redis.from_url(runtime.settings.redis_url)
SimpleWorker([Queue("ipp", connection=connection)], connection=connection).work(burst=True)
"""


@pytest.fixture
def redis_url(tmp_path):
    with own_redis(tmp_path) as url:
        yield url


def test_job_survives_a_dead_worker(tmp_path, redis_url):
    from redis import Redis
    from rq import Queue, SimpleWorker

    from ipp.app import create_app
    from ipp.reports.jobs import run_report_job
    from ipp.reports.sweep import sweep_reports

    db_url = f"sqlite:///{tmp_path / 'ipp.db'}"
    engine = make_engine(db_url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    settings = load_settings(env={"IPP_DATA_DIR": str(tmp_path)}, database_url=db_url,
                             redis_url=redis_url, scheduler=False)
    app = create_app(settings, engine=engine, session_factory=factory)
    app.config["IPP_REPORT_INLINE_ROWS"] = 0
    client = app.test_client()
    with session_scope(factory) as session:
        owner = make_user(session)
        mark = make_mark(session, org_of(session, owner).name, text="NIMBUS")
        token = make_token(session, owner)
        listings = [make_listing(session, title=t) for t in ("NIMBUS a", "NIMBUS b")]
        reviewer = make_token(session, make_user(session, role="reviewer"))
    filed = client.post("/api/v1/complaints", headers=auth(token), json={
        "mark": {"office": mark.office, "number": mark.number}, "listings": listings,
        "reason": "counterfeit", "declaration": True}).json
    client.post("/api/v1/review/claim", headers=auth(reviewer))
    client.post(f"/api/v1/complaints/{filed['id']}/decision", headers=auth(reviewer),
                json={"outcome": "takedown"})

    response = client.get("/api/v1/reports/takedowns?format=xlsx", headers=auth(token))
    assert response.status_code == 202
    job_id = response.json["job"].rsplit("/", 1)[1]

    env = {**os.environ, "IPP_DATABASE_URL": db_url, "IPP_DATA_DIR": str(tmp_path),
           "IPP_REDIS_URL": redis_url, "IPP_SCHEDULER": "0"}
    dying = subprocess.run([sys.executable, "-c", DYING_WORKER], env=env, timeout=60)
    assert dying.returncode == -signal.SIGKILL
    with session_scope(factory) as session:
        job = session.get(ReportJob, job_id)
        assert (job.status, job.attempts, job.file_path) == ("running", 1, None)

    # The sweep a few minutes later finds the silent job and queues it again.
    with session_scope(factory) as session:
        assert sweep_reports(session, utcnow() + timedelta(minutes=6)) == 1
    connection = Redis.from_url(redis_url)
    SimpleWorker([Queue("ipp", connection=connection)], connection=connection).work(burst=True)
    run_report_job(job_id)  # rq retrying the first delivery later changes nothing

    with session_scope(factory) as session:
        job = session.get(ReportJob, job_id)
        assert (job.status, job.attempts, job.rows) == ("finished", 2, len(listings))
    files = [p.name for p in (tmp_path / "reports").iterdir()]
    assert files == [f"{job_id}-2.xlsx"]
    status = client.get(f"/api/v1/jobs/{job_id}", headers=auth(token)).json
    got = client.get(status["download_url"], headers=auth(token))
    assert {r[3] for r in xlsx_rows(got.data)[1][1:]} == set(listings)
    engine.dispose()
