"""The `ipp` command: serve, worker, demo, users, tokens, agents, imports, scan, sweep, bench."""

import importlib
import sys
from datetime import date

import click

from ipp.clock import parse_utc, utcnow

# Nothing heavy is imported at start: `ipp scan` must not pay for Flask, SQLAlchemy, Alembic
# and argon2 (0.6 s) before its first listing; each command imports what it uses.


def command_runtime():
    from ipp.runtime import command_runtime as runtime

    return runtime()


def session_scope(factory):
    from ipp.db import session_scope as scope

    return scope(factory)


class LazyGroup(click.Group):
    """A group whose listed subcommands ("module:attribute") are imported when used."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx, name):
        if name in self.lazy and name not in self.commands:
            module, _sep, attribute = self.lazy[name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, lazy={"scan": "ipp.verification.cli:scan_command"})
def main() -> None:
    """IPP: rights-holder IP complaint handling."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--access-log", is_flag=True, help="Log every request to standard output.")
def serve(host: str, port: int, workers: int, access_log: bool) -> None:
    """The web app and API (gunicorn, N processes)."""
    from ipp.jobs.scheduler import start_scheduler
    from ipp.web.server import run_server

    runtime = command_runtime()
    if runtime.settings.scheduler:
        start_scheduler(runtime.session_factory)
    jobs = f"rq on {runtime.settings.redis_url}" if runtime.settings.redis_url else "in-process jobs"
    click.echo(f"IPP serving on http://{host}:{port} ({jobs})", err=True)
    run_server(host=host, port=port, workers=workers, access_log=access_log)


@main.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool) -> None:
    """An rq worker (needs IPP_REDIS_URL)."""
    from ipp.jobs.worker import run_worker

    runtime = command_runtime()
    if not runtime.settings.redis_url:
        raise click.ClickException("IPP_REDIS_URL is not set: jobs run in-process, no worker "
                                   "is needed")
    run_worker(runtime.settings.redis_url, burst=burst, session_factory=runtime.session_factory,
               engine=runtime.engine)


@main.command()
def demo() -> None:
    """Load demo organisations, users, marks, listings and complaints; print the logins."""
    from ipp.demo import load_demo

    runtime = command_runtime()
    with session_scope(runtime.session_factory) as session:
        logins = load_demo(session, now=utcnow())
    click.echo("Demo logins (password for all: demo-password):")
    for role, email in logins:
        click.echo(f"  {role:14} {email}")


@main.group()
def users() -> None:
    """Manage users."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True,
              type=click.Choice(["rights_holder", "agent", "reviewer", "admin", "seller"]))
@click.option("--org", "org_name", default=None, help="Organisation (sellers: the seller id).")
@click.option("--language", default="en", show_default=True)
def users_create(email, password, role, org_name, language) -> None:
    from ipp.accounts.operations import AccountError, create_user

    runtime = command_runtime()
    try:
        with session_scope(runtime.session_factory) as session:
            user = create_user(session, actor=None, email=email, password=password, role=role,
                               org_name=org_name, language=language, now=utcnow())
            click.echo(f"created {user.role} {user.email} (id {user.id})")
    except AccountError as error:
        raise click.ClickException(str(error)) from None


@main.group()
def tokens() -> None:
    """Manage API tokens."""


@tokens.command("create")
@click.option("--email", required=True)
@click.option("--name", default="cli", show_default=True)
def tokens_create(email: str, name: str) -> None:
    """Print a new API token for that user as the last line of stdout."""
    from ipp.accounts.operations import create_token
    from ipp.accounts.queries import user_by_email

    runtime = command_runtime()
    with session_scope(runtime.session_factory) as session:
        user = user_by_email(session, email)
        if user is None:
            raise click.ClickException(f"no user with email {email}")
        _row, token = create_token(session, actor=None, user=user, name=name, now=utcnow())
    click.echo(token)


@main.group()
def agents() -> None:
    """Agents' letters of authorisation."""


@agents.command("authorize")
@click.option("--agent-org", required=True)
@click.option("--principal-org", required=True)
@click.option("--marks", "marks_spec", default=None, help="OFFICE:NUMBER,… (default: all)")
@click.option("--until", "until", default=None, help="YYYY-MM-DD")
def agents_authorize(agent_org, principal_org, marks_spec, until) -> None:
    from ipp.accounts.operations import AccountError, authorize_agent
    from ipp.accounts.queries import org_by_name
    from ipp.marks.queries import mark_by_key

    runtime = command_runtime()
    try:
        valid_until = date.fromisoformat(until) if until else None
    except ValueError:
        raise click.BadParameter("--until must be YYYY-MM-DD") from None
    with session_scope(runtime.session_factory) as session:
        agent, principal = org_by_name(session, agent_org), org_by_name(session, principal_org)
        if agent is None or principal is None:
            raise click.ClickException(f"unknown organisation: "
                                       f"{agent_org if agent is None else principal_org}")
        mark_ids = None
        if marks_spec:
            mark_ids = []
            for item in marks_spec.split(","):
                office, _sep, number = item.strip().partition(":")
                mark = mark_by_key(session, office, number)
                if mark is None or mark.owner_org_id != principal.id:
                    raise click.ClickException(f"{item.strip()} is not a mark of {principal_org}")
                mark_ids.append(mark.id)
        try:
            letter = authorize_agent(session, actor=None, agent_org=agent, principal_org=principal,
                                     mark_ids=mark_ids, valid_from=utcnow().date(),
                                     valid_until=valid_until, now=utcnow())
        except AccountError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"authorisation {letter.id}: {agent_org} may act for {principal_org} "
                   f"({'all marks' if mark_ids is None else f'{len(mark_ids)} marks'}"
                   f"{', until ' + until if until else ''})")


def _run_import(path: str, upsert, *, scan: bool = False) -> None:
    from ipp.importing import import_lines
    from ipp.verification.jobs import enqueue_scans

    runtime = command_runtime()
    now = utcnow()
    touched: list[int] = []  # created/updated listings, scanned for marks after the commit
    extra = {"touched": touched} if scan else {}
    with session_scope(runtime.session_factory) as session, \
            open(path, encoding="utf-8-sig") as handle:
        result = import_lines(session, handle, lambda s, obj: upsert(s, obj, now=now, **extra))
        enqueue_scans(session, touched)
    for number, message in result.errors:
        click.echo(f"line {number}: {message}", err=True)
    click.echo(result.summary())


@main.group()
def marks() -> None:
    """Registered marks."""


@marks.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def marks_import(path: str) -> None:
    """Import marks from JSON Lines (formats.md)."""
    from ipp.marks.operations import upsert_mark

    _run_import(path, upsert_mark)


@main.group()
def listings() -> None:
    """Marketplace listings."""


@listings.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def listings_import(path: str) -> None:
    """Import listings from JSON Lines (formats.md)."""
    from ipp.listings.operations import upsert_listing

    _run_import(path, upsert_listing, scan=True)


@main.command()
@click.option("--now", "now_text", default=None, help="ISO time, e.g. 2026-05-01T12:00:00Z")
def sweep(now_text: str | None) -> None:
    """Run the periodic work that is due as of that time."""
    from ipp.jobs.scheduler import sweep_once

    try:
        now = parse_utc(now_text) if now_text else utcnow()
    except ValueError:
        raise click.BadParameter(f"not an ISO time: {now_text}") from None
    runtime = command_runtime()
    done = sweep_once(runtime.session_factory, now=now)
    if done is None:
        click.echo("another sweep is running; nothing done", err=True)
        return
    click.echo(", ".join(f"{name}: {count}" for name, count in done.items()) or "nothing due")


@main.group(cls=LazyGroup, lazy={
    "scan": "ipp.verification.cli:bench_scan_command",
    "sla": "ipp.review.cli:bench_sla_command",
    "reports": "ipp.reports.bench:bench_reports_command",
    "load": "ipp.bench_load:bench_load_command"})
def bench() -> None:
    """Benchmarks: figures and ratios against a baseline run in the same process."""


@main.group()
def audit() -> None:
    """The hash-chained audit log."""


@audit.command("verify")
def audit_verify() -> None:
    """Check every entry's hash and link; exit 1 naming the first bad entry."""
    from ipp.audit import verify_chain

    runtime = command_runtime()
    with session_scope(runtime.session_factory) as session:
        checked, bad_id, problem = verify_chain(session)
    if bad_id is not None:
        click.echo(f"audit chain broken at entry {bad_id}: {problem} "
                   f"({checked} entries before it are intact)", err=True)
        sys.exit(1)
    click.echo(f"audit chain intact: {checked} entries")


if __name__ == "__main__":
    sys.exit(main())
