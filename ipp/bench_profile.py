"""`ipp bench load --profile`: a claim, a decision and a queue page, end to end in the app
(Flask's test client, the real PostgreSQL database and Redis of the load run), with the SQL
statements, commits and connection check-outs each request makes, and pyinstrument's top
costs."""

import time
from collections import Counter

import click
import sqlalchemy as sa


class StatementCounter:
    """Counts what one request sends to the database: statements (by their first words),
    commits, and pool check-outs (no `SELECT 1` ping any more: ipp.db checks the socket). The
    audit chain's lock and INSERT go as one psycopg pipeline beside SQLAlchemy: not counted."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: Counter = Counter()
        self.commits = 0
        self.checkouts = 0

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._statement)
        sa.event.listen(self.engine, "commit", self._commit)
        sa.event.listen(self.engine.pool, "checkout", self._checkout)
        return self

    def __exit__(self, *_exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._statement)
        sa.event.remove(self.engine, "commit", self._commit)
        sa.event.remove(self.engine.pool, "checkout", self._checkout)

    def _statement(self, _conn, _cursor, statement, _params, _context, _many):
        words = " ".join(statement.split()[:3])
        if statement.lstrip().upper().startswith("WITH"):
            words = "WITH … (claim)"
        self.statements[words] += 1

    def _commit(self, _conn):
        self.commits += 1

    def _checkout(self, *_args):
        self.checkouts += 1

    def summary(self) -> str:
        total = sum(self.statements.values())
        kinds = ", ".join(f"{n}× {words}" for words, n in self.statements.most_common())
        return (f"{total} statements + {self.commits} commit(s), {self.checkouts} pool "
                f"check-out(s): {kinds}")


def profile_requests(url: str, redis_url: str, people: dict, *, repeat: int = 40,
                     lines_shown: int = 25) -> None:
    """Claims (each followed by its decision, so the queue moves on), decisions (each after
    its untimed claim) and queue pages, in this process: statements per request, mean
    in-process time and CPU time, and a pyinstrument profile."""
    from pyinstrument import Profiler

    from ipp.app import create_app
    from ipp.settings import load_settings

    app = create_app(load_settings(database_url=url, redis_url=redis_url or None,
                                   scheduler=False, api_rate_limit=1_000_000))
    engine = app.extensions["ipp"].engine
    client = app.test_client()
    token = people["reviewer_tokens"][0]
    headers = {"Authorization": f"Bearer {token}"}

    def claim():
        response = client.post("/api/v1/review/claim", headers=headers)
        assert response.status_code == 200, response.status_code
        return response.get_json()["id"]

    def decide(cid):
        response = client.post(f"/api/v1/complaints/{cid}/decision", headers=headers,
                               json={"outcome": "takedown"})
        assert response.status_code == 200, response.status_code

    def page():
        response = client.get("/api/v1/complaints?status=queued", headers=headers)
        assert response.status_code == 200, response.status_code

    # Warm up: imports, the first connections, translations.
    for _ in range(3):
        decide(claim())
        page()
    # (name, untimed set-up, the timed request, untimed follow-up): a claim is followed by
    # its decision so the queue moves on; a decision needs a claim first.
    kinds = (("claim", lambda: None, lambda _: claim(), decide),
             ("decision", claim, decide, lambda _: None),
             ("queue page", lambda: None, lambda _: page(), lambda _: None))
    for name, before, run, after in kinds:
        arg = before()
        with StatementCounter(engine) as counter:
            result = run(arg)
        after(result)
        click.echo(f"{name}: {counter.summary()}")
        profiler, spent, cpu = Profiler(interval=0.0005), [], []
        for _ in range(repeat):
            arg = before()
            start, start_cpu = time.perf_counter(), time.thread_time()
            profiler.start()
            result = run(arg)
            profiler.stop()
            spent.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            after(result)
        spent.sort()
        cpu.sort()
        click.echo(f"{name}: in-process mean {sum(spent) / len(spent):.2f} ms, median "
                   f"{spent[len(spent) // 2]:.2f} ms, CPU median {cpu[len(cpu) // 2]:.2f} ms "
                   f"(profiler included) over {repeat} requests (one client)")
        for mode in ("total", "self"):
            text = profiler.output_text(unicode=True, flat=True, flat_time=mode,
                                        time="percent_of_total")
            lines = [line for line in text.splitlines() if "%" in line][:lines_shown]
            click.echo(f"  top {mode} time:\n" + "\n".join(lines))
    engine.dispose()
