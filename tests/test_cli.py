"""The `ipp` command line: users, tokens, authorisations, sweep — on a fresh data dir."""

import pytest
from click.testing import CliRunner

from ipp.cli import main


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("IPP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("IPP_DATABASE_URL", raising=False)
    monkeypatch.delenv("IPP_REDIS_URL", raising=False)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_users_tokens_and_api_login(run, tmp_path):
    created = run("users", "create", "--email", "Owner@Example.com", "--password", "long-enough",
                  "--role", "rights_holder", "--org", "Acme Brands", "--language", "ja")
    assert created.exit_code == 0 and "owner@example.com" in created.output
    duplicate = run("users", "create", "--email", "owner@example.com", "--password",
                    "long-enough", "--role", "rights_holder", "--org", "Acme Brands")
    assert duplicate.exit_code != 0 and "exists" in duplicate.output
    short = run("users", "create", "--email", "x@example.com", "--password", "short",
                "--role", "reviewer")
    assert short.exit_code != 0 and "8 characters" in short.output
    token = run("tokens", "create", "--email", "owner@example.com").output.strip().splitlines()[-1]
    assert token.startswith("ipp_")

    from ipp.app import create_app
    from ipp.settings import load_settings

    app = create_app(load_settings(env={"IPP_DATA_DIR": str(tmp_path)}, scheduler=False))
    response = app.test_client().get("/api/v1/complaints",
                                     headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_agents_authorize(run):
    run("users", "create", "--email", "a@example.com", "--password", "long-enough",
        "--role", "agent", "--org", "Law Firm")
    run("users", "create", "--email", "b@example.com", "--password", "long-enough",
        "--role", "rights_holder", "--org", "Brand")
    ok = run("agents", "authorize", "--agent-org", "Law Firm", "--principal-org", "Brand",
             "--until", "2030-01-01")
    assert ok.exit_code == 0 and "all marks" in ok.output
    wrong = run("agents", "authorize", "--agent-org", "Brand", "--principal-org", "Law Firm")
    assert wrong.exit_code != 0 and "not an agent" in wrong.output
    bad_mark = run("agents", "authorize", "--agent-org", "Law Firm", "--principal-org", "Brand",
                   "--marks", "USPTO:404")
    assert bad_mark.exit_code != 0


def test_sweep_with_now(run):
    result = run("sweep", "--now", "2026-05-01T12:00:00Z")
    assert result.exit_code == 0 and "expired_leases: 0" in result.output
    assert run("sweep", "--now", "yesterday").exit_code != 0


def test_scan_without_marks_file_uses_the_database(run, tmp_path):
    import json

    marks = tmp_path / "marks.jsonl"
    marks.write_text(json.dumps({"office": "USPTO", "number": "55", "text": "NIMBUS",
                                 "aliases": ["宁步"], "nice_classes": [25], "owner": "Nimbus",
                                 "status": "registered"}) + "\n", encoding="utf-8")
    assert run("marks", "import", str(marks)).exit_code == 0
    listings = tmp_path / "listings.jsonl"
    rows = [{"id": "S1", "title": "N1MBUS trainers", "seller": "s", "status": "active"},
            {"id": "S2", "title": "寧步 跑鞋", "seller": "s", "status": "active"},
            {"id": "S3", "title": "pineapple", "seller": "s", "status": "active"}]
    listings.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                        encoding="utf-8")
    result = run("scan", "--listings", str(listings))
    assert result.exit_code == 0
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(h["listing_id"], h["kind"]) for h in hits] == [("S1", "variant"), ("S2", "variant")]
    assert all(h["office"] == "USPTO" and h["number"] == "55" for h in hits)


def test_the_command_starts_without_the_web_stack_and_lists_every_command():
    import subprocess
    import sys

    # A fresh interpreter: what importing the command loads before any command runs.
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, ipp.cli; print(sorted(m for m in ('flask', "
         "'sqlalchemy', 'alembic', 'argon2', 'gunicorn') if m in sys.modules))"],
        capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "[]"
    runner = CliRunner()
    listed = runner.invoke(main, ["--help"]).output
    for command in ("scan", "serve", "worker", "bench", "audit", "sweep"):
        assert f"  {command} " in listed
    benches = runner.invoke(main, ["bench", "--help"]).output
    for command in ("scan", "sla", "reports", "load"):
        assert f"  {command} " in benches
    assert "--jobs" in runner.invoke(main, ["scan", "--help"]).output


def test_scan_uses_one_worker_per_cpu_up_to_eight(monkeypatch):
    import os

    from ipp.verification.scan import default_jobs

    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(2)))
    assert default_jobs() == 2
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(64)))
    assert default_jobs() == 8


def test_commands_work_in_a_fresh_process(tmp_path):
    """Each command imports only what it uses, so the runtime every command and worker builds
    registers every table itself (a job writing an audit entry needs user_account for its
    foreign key without importing accounts); and the commands run as users run them."""
    import os
    import subprocess
    import sys

    from sqlmodel import SQLModel

    import ipp.models  # noqa: F401

    probe = subprocess.run(
        [sys.executable, "-c", "import ipp.runtime; from sqlmodel import SQLModel; "
         "print(' '.join(sorted(SQLModel.metadata.tables)))"],
        capture_output=True, text=True, check=True)
    assert probe.stdout.split() == sorted(SQLModel.metadata.tables)

    env = {k: v for k, v in os.environ.items() if not k.startswith("IPP_")}
    env["IPP_DATA_DIR"] = str(tmp_path)

    def ipp(*args):
        return subprocess.run([sys.executable, "-m", "ipp.cli", *args], env=env,
                              capture_output=True, text=True, timeout=120)

    created = ipp("users", "create", "--email", "rev@example.com", "--password", "long-enough",
                  "--role", "reviewer")
    assert created.returncode == 0, created.stderr
    token = ipp("tokens", "create", "--email", "rev@example.com")
    assert token.returncode == 0 and len(token.stdout.strip().splitlines()[-1]) > 20
    swept = ipp("sweep")
    assert swept.returncode == 0, swept.stderr
    verified = ipp("audit", "verify")
    assert verified.returncode == 0 and "audit chain intact" in verified.stdout, verified.stderr
