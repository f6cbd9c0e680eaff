"""`ipp bench reports`: synthetic takedown rows → CSV and XLSX (100,000) and PDF (1,000)."""

import csv
import json
import multiprocessing
import os
import resource
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import click

from ipp.reports.queries import ReportRow

LIMITS = {"seconds": 10.0, "peak_mb": 300.0}


def synthetic_rows(n: int) -> Iterator[ReportRow]:
    """Rows made on the fly (never held in a list), in several scripts like real data."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    sellers = ("shop-1", "店铺-二", "متجر-3", "ショップ4")
    for k in range(n):
        filed = start + timedelta(minutes=7 * k)
        yield ReportRow(
            complaint_id=f"C{k // 3:09d}", filed_at=filed, mark=f"USPTO {8_000_000 + k % 50}",
            listing_id=f"L{k:08d}", url=f"https://market.example/item/L{k:08d}",
            seller=sellers[k % 4], reason=("counterfeit", "trademark_misuse")[k % 2],
            outcome=("taken_down", "rejected", "pending", "reinstated")[k % 4],
            reason_code="class_mismatch" if k % 4 == 1 else "",
            decided_at=filed + timedelta(hours=3 + k % 20), hours_to_decision=3.0 + k % 20,
            lane=("standard", "fast")[k % 3 == 0])


def _run(fmt: str, rows: int, lang: str, folder: str, out) -> None:
    from ipp.reports.csv_report import csv_lines
    from ipp.reports.pdf_report import Cover, write_pdf
    from ipp.reports.translate import translator
    from ipp.reports.xlsx_report import write_xlsx

    tr, path = translator(lang), os.path.join(folder, f"bench.{fmt}")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    began = time.perf_counter()
    data = synthetic_rows(rows)
    if fmt == "csv":
        with open(path, "w", encoding="utf-8") as handle:
            handle.writelines(csv_lines(data, tr=tr, timezone="Asia/Tokyo"))
    elif fmt == "baseline-csv":
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(map(tuple, (vars(r).values() for r in data)))
    elif fmt == "xlsx":
        write_xlsx(data, path, tr=tr, timezone="Asia/Tokyo")
    else:
        cover = Cover(["Bench Brand"], None, None, datetime.now(UTC),
                      {"outcome": {"taken_down": rows}, "reason": {"counterfeit": rows}})
        write_pdf(data, path, tr=tr, timezone="Asia/Tokyo", cover=cover)
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put({"format": fmt, "rows": rows, "lang": lang, "seconds": round(seconds, 2),
             "peak_mb": round(peak, 1), "growth_mb": round(peak - before, 1),
             "bytes": os.path.getsize(path)})


def _measure(fmt: str, rows: int, lang: str, folder: str) -> dict:
    """Each format in a fresh process, so its peak memory is its own."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    process = context.Process(target=_run, args=(fmt, rows, lang, folder, out))
    process.start()
    result = out.get()
    process.join()
    return result


@click.command("reports")
@click.option("--rows", default=100_000, show_default=True, help="Rows for CSV and XLSX.")
@click.option("--pdf-rows", default=1_000, show_default=True)
@click.option("--lang", default="ja", show_default=True)
@click.option("--json", "as_json", is_flag=True)
def bench_reports_command(rows: int, pdf_rows: int, lang: str, as_json: bool) -> None:
    """Report generation time and peak memory on synthetic rows streamed from a generator."""
    with tempfile.TemporaryDirectory() as folder:
        runs = [_measure("baseline-csv", rows, lang, folder), _measure("csv", rows, lang, folder),
                _measure("xlsx", rows, lang, folder), _measure("pdf", pdf_rows, lang, folder)]
    for run in runs:
        run["within_limits"] = (run["seconds"] < LIMITS["seconds"]
                                and run["peak_mb"] < LIMITS["peak_mb"])
    if as_json:
        click.echo(json.dumps({"source": "synthetic ReportRows streamed from a generator",
                               "limits": LIMITS, "runs": runs}))
        return
    click.echo("source: synthetic ReportRows streamed from a generator (no database); "
               f"limits: < {LIMITS['seconds']:.0f} s, < {LIMITS['peak_mb']:.0f} MB peak RSS")
    for run in runs:
        click.echo(f"{run['format']:>13} {run['rows']:>7} rows ({run['lang']}): "
                   f"{run['seconds']:6.2f} s, peak {run['peak_mb']:6.1f} MB "
                   f"(+{run['growth_mb']:.1f} MB while writing), {run['bytes'] / 1e6:.1f} MB file"
                   f" {'ok' if run['within_limits'] else 'OVER LIMIT'}")
