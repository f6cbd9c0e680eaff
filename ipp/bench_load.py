"""`ipp bench load`: filing, queue browsing and claiming against `ipp serve --workers N` on
PostgreSQL with a large open queue; prints requests/s and p50/p95/p99 against the targets."""

import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import click

from ipp.bench_http import Http, percentiles, timed
from ipp.bench_report import TARGETS, print_closed, print_open, print_verdicts, verdicts
from ipp.bench_seed import (
    bulk_listings,
    bulk_open_complaints,
    create_database,
    drop_database,
    seed_people,
)

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


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
            status, body = timed(samples, lambda path=path: client.call("GET", path))
            cursor = (body or {}).get("next") if status == 200 else None
            if status != 200:
                errors.append(f"queue page answered {status}")

    return _in_threads(threads, work, errors)


def _review(base, tokens, samples, errors, *, claims, threads) -> float:
    def work(k):
        client = Http(base, tokens[k % len(tokens)])
        for _ in range(claims // threads):
            status, body = timed(samples["claim"],
                                 lambda: client.call("POST", "/api/v1/review/claim"))
            if status != 200:
                errors.append(f"claim answered {status}")
                return
            timed(samples["decide"], lambda body=body: client.call(
                "POST", f"/api/v1/complaints/{body['id']}/decision", {"outcome": "takedown"}))

    return _in_threads(threads, work, errors)


def _file(base, people, listing_ids, samples, errors, *, filings, per_filing) -> float:
    owner = Http(base, people["owner_token"])
    for n in range(filings):
        refs = listing_ids[n * per_filing:(n + 1) * per_filing]
        status, body = timed(samples, lambda refs=refs: owner.call(
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


def _open_requests(*, pages: int, claims: int, seed: int = 9):
    """The open-loop mix: queue pages (first pages, as a reviewer opening the queue) and
    claims (each decided right after by the same client) in a random order."""
    import random

    def in_server(kind, client):
        return [(f"{kind} {metric}", ms) for metric, ms in client.server_ms.items()]

    def page(client):
        status, _body = client.call("GET", "/api/v1/complaints?status=queued")
        return status == 200, time.perf_counter(), in_server("queue_page", client)

    def claim(client):
        status, body = client.call("POST", "/api/v1/review/claim")
        answered = time.perf_counter()
        if status != 200:
            return False, answered, []
        server = in_server("claim", client)
        decided = []
        status, _ = timed(decided, lambda: client.call(
            "POST", f"/api/v1/complaints/{body['id']}/decision", {"outcome": "takedown"}))
        return status == 200, answered, [("decide", decided[0]), *server,
                                         *in_server("decide", client)]

    mix = [("queue_page", page)] * pages + [("claim", claim)] * claims
    random.Random(seed).shuffle(mix)
    return mix


def run_open(base: str, people: dict, *, rate: float, pages: int, claims: int) -> dict:
    from ipp.bench_openloop import SENDERS, cpu_times, run_open_loop

    tokens = people["reviewer_tokens"]
    made = iter(range(SENDERS))
    cpu_before = cpu_times()
    result = run_open_loop(lambda: Http(base, tokens[next(made) % len(tokens)]),
                           _open_requests(pages=pages, claims=claims), rate=rate)
    busy, total = (after - before
                   for after, before in zip(cpu_times(), cpu_before, strict=True))
    figures = {name: {**percentiles(values), "seconds": result["seconds"],
                      "rps": len(values) / result["seconds"]}
               for name, values in result["samples"].items()}
    return figures | {"errors": result["errors"][:10], "offered": rate,
                      "arrived": result["arrived"], "cpu_busy": busy / total if total else None}


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
@click.option("--rate", "rates", type=float, multiple=True, default=(10.0, 30.0, 60.0),
              show_default=True,
              help="Open loop at this offered rate (arrivals/s, Poisson) after the closed-loop "
                   "phases, where the latency targets are judged; repeat for several rates.")
@click.option("--open-requests", default=600, show_default=True,
              help="Arrivals per open-loop run (half queue pages, half claims); 0: no open "
                   "loop.")
@click.option("--profile", is_flag=True,
              help="Profile a claim and a queue page in-process first (SQL statements per "
                   "request, pyinstrument's top costs).")
def bench_load_command(open_count, filings, per_filing, pages, claims, threads, workers,
                       admin_url, redis_url, as_json, explain, rates, open_requests,
                       profile) -> None:
    """Load benchmark on loopback: a fresh PostgreSQL database, `ipp serve --workers N`."""
    from ipp.db import make_engine, make_sessionmaker
    from ipp.jobs.queue import configure
    from ipp.migrate import upgrade

    if profile and importlib.util.find_spec("pyinstrument") is None:
        raise click.UsageError("--profile needs pyinstrument: pip install -e '.[bench]'")
    name = f"ipp_bench_load_{os.getpid()}"
    url = create_database(admin_url, name)
    engine = make_engine(url)
    server = None
    try:
        upgrade(engine)
        factory = make_sessionmaker(engine)
        configure(factory, None)
        now = datetime.now(UTC)
        from ipp.bench_openloop import SENDERS

        people = seed_people(factory, reviewers=max(threads, SENDERS if rates else 1), now=now)
        listing_ids = bulk_listings(engine, filings * per_filing, now=now)
        click.echo(f"inserting {open_count} open complaints …", err=True)
        bulk_open_complaints(engine, open_count, people, now=now)
        if explain:
            from ipp.bench_plans import print_plans

            print_plans(engine, people, now=now)
        if profile:
            from ipp.bench_profile import profile_requests

            profile_requests(url, redis_url, people)
        server, base = _serve(url, redis_url, workers)
        figures = run_phases(base, people, listing_ids, filings=filings, per_filing=per_filing,
                             pages=pages, claims=claims, threads=threads)
        config = {"open": open_count, "filings": filings, "listings": per_filing,
                  "workers": workers, "threads": threads}
        if not as_json:
            print_closed(figures, config)
        opened = {}
        for rate in rates if open_requests > 0 else ():
            opened[rate] = run_open(base, people, rate=rate, pages=open_requests // 2,
                                    claims=open_requests - open_requests // 2)
            if not as_json:
                print_open(opened[rate], rate)
        if as_json:
            click.echo(json.dumps({"config": config, "figures": figures, "targets": TARGETS,
                                   "open_loop": {str(r): f for r, f in opened.items()},
                                   "verdicts": verdicts(figures, opened)}))
        else:
            print_verdicts(figures, opened)
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
