"""The load bench's verdicts: targets judged at each offered rate, the closed loop reported
as capacity; and one small `ipp bench load` run end to end on PostgreSQL."""

import os
import subprocess

from ipp.bench_report import met, verdicts
from tests.conftest import _pg_available
from tests.scale.services import IPP, unavailable


def figure(p50, p95, p99, *, n=100, rps=10.0):
    return {"n": n, "p50": p50, "p95": p95, "p99": p99, "rps": rps}


def test_met_uses_each_targets_percentile():
    assert met(figure(10, 49.9, 400), "queue_page") is True
    assert met(figure(10, 50.0, 10), "queue_page") is False  # "< 50 ms": 50 is a miss
    assert met(figure(100, 900, 999), "file") is True  # the filing is judged on its p99
    assert met(figure(100, 100, 1000), "file") is False
    assert met(figure(1, 1, 1), "decide") is None  # no target
    assert met({"n": 0}, "claim") is None


def test_verdicts_name_the_rates_met_and_missed():
    closed = {"file": figure(200, 300, 400, n=4), "queue_page": figure(20, 104, 117, rps=179.6),
              "claim": figure(30, 61, 166, rps=71.5), "errors": []}
    opened = {10.0: {"queue_page": figure(8, 12, 14), "claim": figure(10, 14.5, 17)},
              30.0: {"queue_page": figure(8, 13, 16), "claim": figure(9, 19.9, 25)},
              60.0: {"queue_page": figure(9, 18, 24), "claim": figure(11, 20.7, 27)}}
    assert verdicts(closed, opened) == [
        "file p99 < 1000 ms (one client): met",
        "queue_page p95 < 50 ms (offered load): met at 10, 30, 60/s",
        "claim p95 < 20 ms (offered load): met at 10, 30/s; MISSED at 60/s",
        "capacity (closed loop, no pause): 180 queue pages/s, 72 claims + 72 decisions/s; "
        "saturated, queue page p95 104 ms, claim p95 61 ms",
    ]
    missed_filing = closed | {"file": figure(900, 1200, 1300, n=4)}
    assert verdicts(missed_filing, {})[0] == "file p99 < 1000 ms (one client): MISSED"
    # No open loop run: nothing is judged for the queue page and the claim.
    assert not any(line.startswith(("queue_page", "claim")) for line in verdicts(closed, {}))


def test_a_small_run_prints_tables_and_verdicts():
    if not _pg_available():
        unavailable("PostgreSQL is not reachable")
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPP_")}
    run = subprocess.run(
        [IPP, "bench", "load", "--open", "300", "--filings", "1", "--listings", "20",
         "--pages", "8", "--claims", "8", "--threads", "2", "--workers", "1",
         "--redis-url", "", "--rate", "40", "--open-requests", "20"],
        env=env, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    assert "closed loop: 2 client threads" in out
    assert "open loop: Poisson arrivals offered at 40/s" in out
    targets = out.split("targets:\n", 1)[1].splitlines()
    assert targets[0].startswith("  file p99 < 1000 ms (one client): ")
    assert targets[1].startswith("  queue_page p95 < 50 ms (offered load): ")
    assert targets[1].endswith("at 40/s")
    assert targets[2].startswith("  claim p95 < 20 ms (offered load): ")
    assert targets[3].startswith("  capacity (closed loop, no pause): ")
    assert "errors:" not in run.stderr


def test_profile_without_pyinstrument_is_refused_before_any_work(monkeypatch):
    """--profile needs the bench extra: without it, a usage error before anything is made."""
    import importlib.util

    from click.testing import CliRunner

    from ipp import bench_load

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None
                        if name == "pyinstrument" else real_find_spec(name, *a))

    def no_database(*_args):
        raise AssertionError("a database was created")

    monkeypatch.setattr(bench_load, "create_database", no_database)
    result = CliRunner().invoke(bench_load.bench_load_command, ["--profile"])
    assert result.exit_code == 2
    assert "--profile needs pyinstrument: pip install -e '.[bench]'" in result.output
