"""The SLA bench: deterministic for a seed, api.md's keys, IPP no worse than FIFO."""

import json
from collections import Counter

from click.testing import CliRunner

from ipp.complaints.states import Lane
from ipp.review.cli import bench_sla_command
from ipp.review.simulator import Scenario, arrivals, bench, roster

SMALL = Scenario(days=7, per_day=1000, seed=7)  # 9 reviewers, about 81% busy
KEYS = {"within_24h", "p50_hours", "p99_hours", "max_hours"}


def test_same_seed_same_figures_and_ipp_no_worse_than_fifo():
    first, second = bench(SMALL), bench(SMALL)
    assert first == second
    policies = first["policies"]
    assert set(policies) == {"fifo", "ipp"} and all(KEYS <= set(p) for p in policies.values())
    assert policies["ipp"]["within_24h"] >= policies["fifo"]["within_24h"]
    assert policies["ipp"]["max_hours"] <= policies["fifo"]["max_hours"]
    assert bench(Scenario(days=7, per_day=1000, seed=8)) != first


def test_the_stream_has_the_scenarios_shape():
    stream = arrivals(Scenario(days=7, per_day=2000, seed=3))
    per_day = Counter(c.received_at.weekday() for c in stream)
    average = len(stream) / 7
    assert 1.85 < per_day[0] / average < 2.15  # the Monday spike
    assert 0.27 < sum(c.lane is Lane.FAST for c in stream) / len(stream) < 0.33
    assert 0.12 < sum(c.health for c in stream) / len(stream) < 0.18
    assert [c.received_at for c in stream] == sorted(c.received_at for c in stream)


def test_fewer_reviewers_at_night():
    day, evening, night = (len(people) for _, people in roster(Scenario()))
    assert night < evening <= day


def test_cli_json_is_one_object_on_stdout_with_progress_on_stderr():
    result = CliRunner().invoke(
        bench_sla_command, ["--json", "--days", "3", "--per-day", "300", "--seed", "5"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["complaints"] > 0
    assert set(body["policies"]) == {"fifo", "ipp"}
    assert all(KEYS <= set(p) for p in body["policies"].values())
    assert "day 1" in result.stderr


def test_cli_table():
    result = CliRunner().invoke(bench_sla_command, ["--days", "2", "--per-day", "200"])
    assert result.exit_code == 0
    assert "within 24 h" in result.stdout and "fifo" in result.stdout and "ipp" in result.stdout
