"""What `ipp bench load` prints: each phase's table, and the verdicts on the targets.

The latency targets are judged where a load is offered (open loop: Poisson arrivals at a
set rate, as requests reach a real service whatever its state). The closed loop keeps its
threads' requests in flight without pause, so it measures capacity: at saturation each
request waits behind the others and the latency is threads ÷ throughput (Little's law)
whatever the code does, so its verdicts are printed but judged as capacity figures. The
filing runs one at a time from one client, so its closed-loop figure is judged."""

import click

# The speed targets of issue 9 (milliseconds): what each figure is compared with.
TARGETS = {"file": 1000.0, "queue_page": 50.0, "claim": 20.0}
ROWS = ("file", "queue_page", "claim", "decide", "send_lag", "queue_page app",
        "queue_page cpu", "claim app", "claim cpu", "decide app", "decide cpu")


def percentile_of(name: str) -> str:
    return "p99" if name == "file" else "p95"


def met(figure: dict, name: str) -> bool | None:
    """Whether this figure meets its target; None when it has no target or no samples."""
    target = TARGETS.get(name)
    if target is None or not figure or not figure.get("n"):
        return None
    return figure[percentile_of(name)] < target


def verdicts(closed: dict, opened: dict[float, dict]) -> list[str]:
    """One line per target: where it was met and where missed (rates in arrivals/s), then
    the closed loop's capacity."""
    lines = []
    filing = met(closed.get("file") or {}, "file")
    if filing is not None:
        lines.append(f"file p99 < {TARGETS['file']:.0f} ms (one client): "
                     f"{'met' if filing else 'MISSED'}")
    for name in ("queue_page", "claim"):
        by_rate = {rate: met(figures.get(name) or {}, name) for rate, figures in opened.items()}
        judged = {rate: ok for rate, ok in by_rate.items() if ok is not None}
        if not judged:
            continue
        good = [f"{rate:g}" for rate, ok in sorted(judged.items()) if ok]
        bad = [f"{rate:g}" for rate, ok in sorted(judged.items()) if not ok]
        parts = ([f"met at {', '.join(good)}/s"] if good else []) + \
                ([f"MISSED at {', '.join(bad)}/s"] if bad else [])
        lines.append(f"{name} {percentile_of(name)} < {TARGETS[name]:.0f} ms (offered load): "
                     + "; ".join(parts))
    pages, claims = closed.get("queue_page") or {}, closed.get("claim") or {}
    if pages.get("n") and claims.get("n"):
        lines.append(f"capacity (closed loop, no pause): {pages['rps']:.0f} queue pages/s, "
                     f"{claims['rps']:.0f} claims + {claims['rps']:.0f} decisions/s; "
                     f"saturated, queue page p95 {pages['p95']:.0f} ms, claim p95 "
                     f"{claims['p95']:.0f} ms")
    return lines


def print_closed(figures: dict, config: dict) -> None:
    click.echo(f"ipp bench load — {config}")
    click.echo(f"closed loop: {config['threads']} client threads, each sending its next "
               f"request when the last is answered (capacity: at saturation the latency is "
               f"threads ÷ throughput)")
    print_rows(figures)


def print_open(figures: dict, rate: float) -> None:
    click.echo(f"open loop: Poisson arrivals offered at {rate:g}/s (queue pages and claims, "
               f"half each; each claim then decided), {figures['arrived']:.1f}/s served over the "
               f"run; latency from the scheduled arrival"
               + (f"; machine CPU {figures['cpu_busy']:.0%} busy" if figures.get("cpu_busy")
                  else ""))
    print_rows(figures)


def print_verdicts(closed: dict, opened: dict[float, dict]) -> None:
    click.echo("targets:")
    for line in verdicts(closed, opened):
        click.echo(f"  {line}")


def print_rows(figures: dict) -> None:
    click.echo(f"{'operation':14} {'n':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
               f"{'p99 ms':>8}  target")
    for name in ROWS:
        f = figures.get(name) or {}
        if not f.get("n"):
            continue
        ok = met(f, name)
        key = percentile_of(name)
        verdict = "" if ok is None else \
            f"{key} < {TARGETS[name]:.0f} ms: {'met' if ok else 'MISSED'}"
        click.echo(f"{name:14} {f['n']:>6} {f['rps']:>8.1f} {f['p50']:>8.1f} {f['p95']:>8.1f} "
                   f"{f['p99']:>8.1f}  {verdict}")
    if figures["errors"]:
        click.echo(f"errors: {figures['errors']}", err=True)
