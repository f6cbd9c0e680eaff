"""`ipp bench sla`: the SLA queue simulation, IPP's claim order against FIFO."""

import json
from datetime import timedelta

import click

from ipp.review.simulator import Scenario, bench

_TABLE_KEYS = (
    ("within_24h", "within 24 h"),
    ("p50_hours", "p50 h"),
    ("p99_hours", "p99 h"),
    ("max_hours", "max h"),
    ("breaches", "breaches"),
)


@click.command("sla")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--days", type=click.IntRange(1, 365), default=28, show_default=True)
@click.option("--per-day", type=click.IntRange(1), default=2000, show_default=True)
@click.option("--monday-factor", type=click.FloatRange(0), default=2.0, show_default=True)
@click.option("--trusted-share", type=click.FloatRange(0, 1), default=0.3, show_default=True)
@click.option("--need-info-share", type=click.FloatRange(0, 1), default=0.05, show_default=True)
@click.option("--utilisation", type=click.FloatRange(0.05, 2), default=0.85, show_default=True)
@click.option("--median-minutes", type=click.FloatRange(0.1), default=4.0, show_default=True)
@click.option(
    "--mismatch-factor",
    type=click.FloatRange(1),
    default=1.0,
    show_default=True,
    help="Handling slows by this outside the reviewer's language.",
)
@click.option(
    "--tail-hours",
    type=click.FloatRange(0, 24),
    default=20.0,
    show_default=True,
    help="Policy: SLA-clock age after which a complaint jumps ahead.",
)
def bench_sla_command(as_json: bool, tail_hours: float, **options) -> None:
    """Simulate weeks of complaints through the real routing and claim code, against FIFO
    on the same arrivals and staffing."""
    scenario = Scenario(**options)
    result = bench(
        scenario,
        progress=lambda msg: click.echo(msg, err=True),
        tail_limit=timedelta(hours=tail_hours),
    )
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(
        f"{result['complaints']} complaints over {scenario.days} days, "
        f"reviewers per shift {result['parameters']['reviewers_per_shift']}, "
        f"utilisation {result['parameters']['utilisation_realised']:.0%}"
    )
    click.echo("policy " + "".join(f"{label:>13}" for _, label in _TABLE_KEYS))
    for name, figures in result["policies"].items():
        click.echo(f"{name:<6} " + "".join(f"{figures[key]:>13}" for key, _ in _TABLE_KEYS))
