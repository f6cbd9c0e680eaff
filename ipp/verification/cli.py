"""Click commands `ipp scan` and `ipp bench scan`; the ipp group registers them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

import click

from .matching import MarkTerm


def _live_marks() -> list[MarkTerm]:
    """The live marks of the configured database as MarkTerms (keyed (office, number))."""
    from ipp.db import session_scope
    from ipp.runtime import command_runtime
    from ipp.verification.index import terms_from_db

    runtime = command_runtime()
    with session_scope(runtime.session_factory) as session:
        return list(terms_from_db(session))


# `ipp scan` without --marks scans against what this returns. None: --marks is required.
load_marks_from_db: Callable[[], Iterable[MarkTerm]] | None = _live_marks


@click.command("scan")
@click.option("--marks", "marks_path", type=click.Path(exists=True, dir_okay=False),
              help="Marks JSONL; default: the marks in the database.")
@click.option("--listings", "listings_path", required=True,
              type=click.Path(exists=True, dir_okay=False), help="Listings JSONL.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True),
              help="Output JSONL (default: stdout).")
@click.option("--jobs", default=None, type=click.IntRange(1, 256),
              help="Worker processes (default: one per CPU, up to 8; files under 4 MiB use "
                   "one); output order stays the input order.")
@click.option("--no-cache", is_flag=True,
              help="Build the index of a --marks file afresh instead of loading it from the cache.")
def scan_command(marks_path: str | None, listings_path: str, out_path: str | None,
                 jobs: int | None, no_cache: bool) -> None:
    """Scan every listing for every mark; one JSON line per (listing, mark) hit."""
    from .scan import default_jobs, run

    terms = None
    if marks_path is None:
        if load_marks_from_db is None:
            raise click.UsageError("--marks FILE is required (no database loader configured)")
        terms = load_marks_from_db()
    code = run(marks_path, listings_path, out_path, err=sys.stderr, terms=terms,
               jobs=jobs or default_jobs(), cache=not no_cache, exiting=True)
    if code:
        raise SystemExit(code)


@click.command("scan")
@click.option("--marks", "n_marks", default=100_000, show_default=True,
              help="Marks to generate for the scan.")
@click.option("--listings", "n_listings", default=200_000, show_default=True,
              help="Listings to generate for the scan.")
@click.option("--verify-marks", "n_verify", default=1_000_000, show_default=True,
              help="Marks in the index for the per-listing verify timing.")
@click.option("--verify-samples", default=2000, show_default=True,
              help="Listings timed against that index.")
@click.option("--seed", default=1, show_default=True)
@click.option("--keep", type=click.Path(file_okay=False), help="Keep the generated files here.")
@click.option("--tail-words", default=0, show_default=True, type=click.IntRange(0, 50),
              help="Long-tail words (model numbers, names) added to each listing: words the "
                   "scan has not seen before, as real listings are full of.")
@click.option("--repeat", default=3, show_default=True, type=click.IntRange(1, 20),
              help="Runs of each timing; the best is reported (for IPP and grep alike).")
def bench_scan_command(n_marks: int, n_listings: int, n_verify: int, verify_samples: int,
                       seed: int, keep: str | None, tail_words: int, repeat: int) -> None:
    """Time IPP's scan (without and with its index cache) against grep -F -i, and per-listing
    verify on a large index."""
    from .bench import run_bench

    for line in run_bench(n_marks, n_listings, n_verify, verify_samples, seed, keep, repeat,
                          tail_words=tail_words):
        click.echo(line)
