"""`ipp bench load`: filing, queue browsing and claiming against `ipp serve --workers N` on
PostgreSQL with a large open queue; prints requests/s and p50/p95/p99 against the targets."""

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import click
import sqlalchemy as sa

# The speed targets of issue 9 (milliseconds): what each figure is compared with.
TARGETS = {"file": 1000.0, "queue_page": 50.0, "claim": 20.0}
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


class Http:
    """One keep-alive HTTP/1.1 connection (per thread) speaking JSON with a bearer token."""

    def __init__(self, base: str, token: str | None = None, timeout: float = 30.0):
        host, port = base.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
        self.token = token

    def call(self, method: str, path: str, body=None) -> tuple[int, dict | None]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        payload = None if body is None else json.dumps(body)
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=payload, headers=headers)
                response = self.conn.getresponse()
                raw = response.read()
                break
            except (ConnectionError, http.client.HTTPException):
                # The server closed an idle keep-alive connection: reconnect once.
                self.conn.close()
                if attempt == 2:
                    raise
        data = json.loads(raw) if raw and response.headers.get_content_type() == \
            "application/json" else None
        return response.status, data


def percentiles(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)

    def at(share):
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]

    return {"n": len(ordered), "p50": at(0.50), "p95": at(0.95), "p99": at(0.99),
            "mean": statistics.fmean(ordered)} if ordered else {"n": 0}


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


def _timed(samples: list, fn):
    start = time.perf_counter()
    result = fn()
    samples.append((time.perf_counter() - start) * 1000)
    return result


def _in_threads(threads: int, work, errors: list) -> float:
    def guarded(k):
        try:
            work(k)
        except OSError as error:  # a timeout: counted, the other threads carry on
            errors.append(f"{type(error).__name__}: {error}")

    started = time.perf_counter()
    pool = [threading.Thread(target=guarded, args=(k,)) for k in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started


def _browse(base, tokens, samples, errors, *, pages, threads) -> float:
    def work(k):
        client, cursor = Http(base, tokens[k % len(tokens)]), None
        for _ in range(pages // threads):
            path = "/api/v1/complaints?status=queued" + (f"&cursor={cursor}" if cursor else "")
            status, body = _timed(samples, lambda path=path: client.call("GET", path))
            cursor = (body or {}).get("next") if status == 200 else None
            if status != 200:
                errors.append(f"queue page answered {status}")

    return _in_threads(threads, work, errors)


def _review(base, tokens, samples, errors, *, claims, threads) -> float:
    def work(k):
        client = Http(base, tokens[k % len(tokens)])
        for _ in range(claims // threads):
            status, body = _timed(samples["claim"],
                                  lambda: client.call("POST", "/api/v1/review/claim"))
            if status != 200:
                errors.append(f"claim answered {status}")
                return
            _timed(samples["decide"], lambda body=body: client.call(
                "POST", f"/api/v1/complaints/{body['id']}/decision", {"outcome": "takedown"}))

    return _in_threads(threads, work, errors)


def _file(base, people, listing_ids, samples, errors, *, filings, per_filing) -> float:
    owner = Http(base, people["owner_token"])
    for n in range(filings):
        refs = listing_ids[n * per_filing:(n + 1) * per_filing]
        status, body = _timed(samples, lambda refs=refs: owner.call(
            "POST", "/api/v1/complaints", {"mark": people["mark"], "listings": refs,
                                           "reason": "counterfeit", "declaration": True}))
        if status != 201 or len(body["listings"]) != len(refs):
            errors.append(f"filing answered {status}")
    return sum(samples) / 1000


def run_phases(base: str, people: dict, listing_ids: list[str], *, filings: int,
               per_filing: int, pages: int, claims: int, threads: int) -> dict:
    """Browse the queue, then claim and decide, then file (so filed complaints, with their
    300 listings each, do not sit on the browsed pages)."""
    errors, samples = [], {"file": [], "queue_page": [], "claim": [], "decide": []}
    tokens = people["reviewer_tokens"]
    seconds = {"queue_page": _browse(base, tokens, samples["queue_page"], errors, pages=pages,
                                     threads=threads)}
    seconds["claim"] = seconds["decide"] = _review(base, tokens, samples, errors,
                                                   claims=claims, threads=threads)
    seconds["file"] = _file(base, people, listing_ids, samples["file"], errors,
                            filings=filings, per_filing=per_filing)
    return {name: {**percentiles(values), "seconds": seconds[name],
                   "rps": len(values) / seconds[name] if seconds[name] else 0.0}
            for name, values in samples.items()} | {"errors": errors[:10]}


def _print(figures: dict, config: dict) -> None:
    click.echo(f"ipp bench load — {config}")
    click.echo(f"{'operation':12} {'n':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
               f"{'p99 ms':>8}  target")
    for name in ("file", "queue_page", "claim", "decide"):
        f = figures[name]
        if not f.get("n"):
            continue
        key = "p99" if name == "file" else "p95"
        target = TARGETS.get(name)
        verdict = "" if target is None else \
            f"{key} < {target:.0f} ms: {'met' if f[key] < target else 'MISSED'}"
        click.echo(f"{name:12} {f['n']:>6} {f['rps']:>8.1f} {f['p50']:>8.1f} {f['p95']:>8.1f} "
                   f"{f['p99']:>8.1f}  {verdict}")
    if figures["errors"]:
        click.echo(f"errors: {figures['errors']}", err=True)


@click.command("load")
@click.option("--open", "open_count", default=100_000, show_default=True,
              help="Open complaints bulk-inserted before browsing.")
@click.option("--filings", default=20, show_default=True)
@click.option("--listings", "per_filing", default=300, show_default=True)
@click.option("--pages", default=400, show_default=True)
@click.option("--claims", default=400, show_default=True)
@click.option("--threads", default=8, show_default=True)
@click.option("--workers", default=4, show_default=True)
@click.option("--admin-url", default=lambda: os.environ.get("IPP_BENCH_PG_URL", PG_ADMIN),
              help="PostgreSQL server where a throwaway database is created.")
@click.option("--redis-url", default=lambda: os.environ.get("IPP_BENCH_REDIS_URL",
                                                           "redis://127.0.0.1:6379/13"),
              help="Scale mode: jobs go to rq here (emptied afterwards); '' for inline jobs.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--explain", is_flag=True,
              help="Print the EXPLAIN ANALYZE plans of the hot queries (rolled back).")
def bench_load_command(open_count, filings, per_filing, pages, claims, threads, workers,
                       admin_url, redis_url, as_json, explain) -> None:
    """Load benchmark on loopback: a fresh PostgreSQL database, `ipp serve --workers N`."""
    from ipp.db import make_engine, make_sessionmaker
    from ipp.jobs.queue import configure
    from ipp.migrate import upgrade

    name = f"ipp_bench_load_{os.getpid()}"
    url = create_database(admin_url, name)
    engine = make_engine(url)
    server = None
    try:
        upgrade(engine)
        factory = make_sessionmaker(engine)
        configure(factory, None)
        now = datetime.now(UTC)
        people = seed_people(factory, reviewers=threads, now=now)
        listing_ids = bulk_listings(engine, filings * per_filing, now=now)
        click.echo(f"inserting {open_count} open complaints …", err=True)
        bulk_open_complaints(engine, open_count, people, now=now)
        if explain:
            print_plans(engine, people, now=now)
        server, base = _serve(url, redis_url, workers)
        figures = run_phases(base, people, listing_ids, filings=filings, per_filing=per_filing,
                             pages=pages, claims=claims, threads=threads)
        config = {"open": open_count, "filings": filings, "listings": per_filing,
                  "workers": workers, "threads": threads}
        if as_json:
            click.echo(json.dumps({"config": config, "figures": figures, "targets": TARGETS}))
        else:
            _print(figures, config)
    finally:
        if server is not None:
            server.terminate()
            server.wait(20)
        engine.dispose()
        drop_database(admin_url, name)
        if redis_url:
            _empty_queue(redis_url)


def _empty_queue(redis_url: str) -> None:
    """The reputation jobs the run enqueued: no worker ran them, nothing is left behind."""
    import redis
    from rq import Queue

    from ipp.jobs.queue import QUEUE_NAME

    Queue(QUEUE_NAME, connection=redis.Redis.from_url(redis_url)).empty()


def _plans(people: dict, now: datetime) -> dict:
    from ipp.complaints.models import Complaint as C
    from ipp.complaints.models import ComplaintEvent as E
    from ipp.complaints.models import ComplaintListing as CL
    from ipp.review.claim_sql import claim_statement
    from ipp.review.priority import reviewer_of

    claim, params = claim_statement("postgresql", reviewer_of(1, ["en"], [], "en"),
                                    reviewer_id=1, now=now, lease_until=now)
    from ipp.complaints.queries import keyset_before, row_query

    newest = (C.received_at.desc(), C.id.desc())
    page = row_query().where(C.status == "queued")
    return {
        # The light rows of GET /api/v1/complaints?status=queued (queries.list_rows): the
        # first page and one further on (keyset cursor).
        "queue page (reviewer, status=queued)": page.order_by(*newest).limit(51),
        "queue page after a cursor": page.where(keyset_before(now - timedelta(hours=10),
                                                              "8" * 32))
            .order_by(*newest).limit(51),
        "rights holder's list": sa.select(C).where(C.principal_org_id == people["org_id"])
            .order_by(*newest).limit(51),
        "agent's list": sa.select(C).where(C.filed_by_org_id == people["org_id"])
            .order_by(*newest).limit(51),
        "takedown report (one org, a month)": sa.select(CL.id).join(C, C.id == CL.complaint_id)
            .where(C.principal_org_id.in_([people["org_id"]]),
                   C.received_at >= now - timedelta(days=30)).order_by(C.received_at, C.id),
        "reputation window": sa.select(CL.id).join(C, C.id == CL.complaint_id)
            .where(C.principal_org_id == people["org_id"],
                   CL.decided_at > now - timedelta(days=90), CL.decided_at <= now),
        "SLA clock events": sa.select(E.complaint_id).where(E.kind.in_(["paused", "resumed"])),
        "claim": (claim, params),
    }


def print_plans(engine, people: dict, *, now: datetime) -> None:
    dialect = engine.dialect
    with engine.connect() as connection:
        for name, query in _plans(people, now).items():
            statement, params = query if isinstance(query, tuple) else (query, None)
            if params:
                statement = statement.bindparams(**params)
            compiled = statement.compile(dialect=dialect,
                                         compile_kwargs={"render_postcompile": True})
            bound = compiled.construct_params()
            # ANALYZE runs the statement: the claim's UPDATE too, in this transaction, which
            # is rolled back when the connection closes.
            plan = connection.exec_driver_sql("EXPLAIN ANALYZE " + str(compiled),
                                              bound).scalars()
            click.echo(f"-- {name}\n" + "\n".join(plan) + "\n")
        connection.rollback()


def _serve(url: str, redis_url: str, workers: int):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPP_")}
    env.update(IPP_DATABASE_URL=url, IPP_REDIS_URL=redis_url or "", IPP_SCHEDULER="0",
               IPP_API_RATE_LIMIT="1000000",
               IPP_DATA_DIR=os.environ.get("IPP_DATA_DIR", "./instance"))
    server = subprocess.Popen([sys.executable, "-m", "ipp.cli", "serve", "--port", str(port),
                               "--workers", str(workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Http(base).call("GET", "/api/v1/openapi.json")[0] == 200:
                return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise click.ClickException("ipp serve did not start")
