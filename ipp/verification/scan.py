"""Proactive scan: stream a listings JSONL against marks, one JSON line per (listing, mark) hit."""

from __future__ import annotations

import argparse
import atexit
import gc
import io
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from .child import in_child
from .marks_file import (
    _bad,
    read_mark_columns,  # noqa: F401  (moved to marks_file; still importable from here)
    read_mark_terms,  # noqa: F401
    read_marks_folded,
)
from .matching import MarkIndex, MarkTerm
from .scan_block import (
    Scanner,
    _best_per_mark,  # noqa: F401  (suspected.py imports it from here)
)


class _Progress:
    """A bar on a terminal, a line every few seconds otherwise; always on stderr."""

    def __init__(self, err: TextIO, total_bytes: int | None):
        self.err, self.total = err, total_bytes
        self.tty = hasattr(err, "isatty") and err.isatty()
        self.started = self.last = time.monotonic()

    def update(self, listings: int, hits: int, done_bytes: int | None, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self.last < (0.2 if self.tty else 5.0):
            return
        self.last = now
        rate = listings / max(now - self.started, 1e-9)
        pct = f"{100 * done_bytes / self.total:5.1f}% " if self.total and done_bytes else ""
        if self.tty:
            filled = int(30 * done_bytes / self.total) if self.total and done_bytes else 0
            bar = "#" * filled + "-" * (30 - filled)
            self.err.write(f"\r[{bar}] {pct}{listings} listings, {hits} hits, {rate:.0f}/s")
            if final:
                self.err.write("\n")
        else:
            self.err.write(f"scan: {pct}{listings} listings, {hits} hits, {rate:.0f}/s\n")
        self.err.flush()


_BLOCK = 1 << 20  # bytes of listings per prefilter pass
_RANGE = 4 << 20  # bytes per parallel task
_shared: dict = {}  # the scanner, inherited by forked workers (copy-on-write, never pickled)


def _blocks(fp, end: int | None = None) -> Iterator[list[bytes]]:
    """Whole lines from a binary file (up to offset end), about _BLOCK bytes at a time."""
    rest, pos = b"", fp.tell()
    while True:
        want = _BLOCK if end is None else min(_BLOCK, end - pos)
        data = fp.read(want) if want > 0 else b""
        pos += len(data)
        if not data:
            if rest:
                yield [rest]
            return
        # Split as read, the piece before the first break joined to the rest of the last
        # read: the block is not copied whole again (twice) before the split.
        lines = data.split(b"\n")
        lines[0] = rest + lines[0]
        rest = lines.pop()
        if lines:
            yield lines


def _scan_range(task: tuple[str, int, int]) -> tuple[int, int, list[str], list[tuple[int, str]]]:
    """Worker: (lines, listings, hit lines, errors with line numbers from 1 in this range)."""
    path, start, end = task
    scanner = _shared["scanner"]
    lines = listings = 0
    hits: list[str] = []
    errors: list[tuple[int, str]] = []
    with open(path, "rb") as fp:
        fp.seek(start)
        for block in _blocks(fp, end):
            n, out, errs = scanner.block(block, lines + 1)
            lines, listings = lines + len(block), listings + n
            hits.extend(out)
            errors.extend(errs)
    return lines, listings, hits, errors


def _worker_signals() -> None:
    """A worker's signals: SIGTERM kills it and SIGINT is left to the parent. A worker is
    forked with its caller's handlers, and a caller that catches SIGTERM without exiting (an
    rq worker busy with a job) made it outlive the pool, which ends workers still waiting for
    a task with SIGTERM: the scan hung at its end."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _ranges(path: str, size: int, jobs: int = 1) -> list[tuple[str, int, int]]:
    """Byte ranges of about _RANGE bytes, each ending after a line break; the last jobs * _RANGE
    bytes in ranges of a quarter of that, so that the workers finish close together (with
    whole ranges, one worker often scanned the last range alone)."""
    cuts = [0]
    with open(path, "rb") as fp:
        while True:
            step = _RANGE if size - cuts[-1] > jobs * _RANGE else max(_RANGE // 4, 1)
            if cuts[-1] + step >= size:
                break
            fp.seek(cuts[-1] + step)
            fp.readline()
            if fp.tell() >= size:
                break
            cuts.append(fp.tell())
    cuts.append(size)
    return [(path, a, b) for a, b in zip(cuts, cuts[1:], strict=False)]


def scan_file(scanner: Scanner, path: str, out: TextIO, err: TextIO, jobs: int = 1,
              meanwhile: Callable[[], None] | None = None) -> tuple[int, int]:
    """Scan every listing of a JSONL file; hits to out in input order. (listings, hits).
    meanwhile: run once, while the workers scan (or before scanning, with one process)."""
    size = os.path.getsize(path)
    progress = _Progress(err, size)
    listings = hits = 0
    if jobs > 1 and size > _RANGE:
        import multiprocessing

        _shared["scanner"] = scanner
        lines = 0
        ranges = _ranges(path, size, jobs)
        try:
            with multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_signals) as pool:
                results = pool.imap(_scan_range, ranges)
                if meanwhile is not None:
                    meanwhile()
                for task, (n_lines, n, out_lines, errors) in zip(ranges, results, strict=True):
                    for lineno, reason in errors:
                        _bad(err, "listings", lines + lineno, reason)
                    out.writelines(out_lines)
                    lines, listings, hits = lines + n_lines, listings + n, hits + len(out_lines)
                    progress.update(listings, hits, task[2])
        finally:
            _shared.clear()
    else:
        if meanwhile is not None:
            meanwhile()
        lines = 0
        with open(path, "rb") as fp:
            for block in _blocks(fp):
                n, out_lines, errors = scanner.block(block, lines + 1)
                for lineno, reason in errors:
                    _bad(err, "listings", lineno, reason)
                out.writelines(out_lines)
                lines, listings, hits = lines + len(block), listings + n, hits + len(out_lines)
                progress.update(listings, hits, fp.tell())
    progress.update(listings, hits, size, final=True)
    return listings, hits


def run(marks_path: str | None, listings_path: str, out_path: str | None,
        err: TextIO = sys.stderr, terms: Iterable[MarkTerm] | None = None, jobs: int = 1,
        cache: bool = True, exiting: bool = False) -> int:
    """Build the index (from a marks file or given terms; a marks file's index is cached across
    processes unless cache=False) and scan; 0 on success. exiting: the process ends after this
    (a command), so the index is left for the system to reclaim (_keep_until_exit)."""
    started = time.monotonic()
    loaded = False
    save_later: list = []
    # Nothing built here is cyclic garbage: no collections while building (they would walk
    # the growing index again and again); the index is then frozen out of the collector's
    # sight for the life of the process (and, after fork, kept from touching every page of
    # it in each worker).
    gc.disable()
    try:
        if terms is None:
            if not marks_path:
                err.write("error: --marks FILE is required (marks are not loaded from a database here)\n")
                return 2
            from .index_cache import load_or_build

            def build(report: TextIO) -> MarkIndex:
                # Children decode the marks (two at once with workers to come: there is a core
                # to spare), then another makes the typo index while this process does the rest.
                keys, texts, aliases, folded = read_marks_folded(marks_path, report,
                                                                 children=2 if jobs > 1 else 1)
                return MarkIndex.from_columns(keys, texts, aliases, multiword_starts=True,
                                              fork=jobs > 1, folded=folded)

            index, loaded = load_or_build(marks_path, build, err, use_cache=cache,
                                          save_later=save_later)
        else:
            index = MarkIndex.build(terms, multiword_starts=True)
        index._fold_cache.clear()  # as a loaded index has it: refilled on demand
        gc.freeze()
    finally:
        gc.enable()
    how = "loaded from cache" if loaded else "built"
    err.write(f"scan: index of {len(index)} mark terms {how} in {time.monotonic() - started:.1f} s\n")

    def save_cache() -> None:
        for save in save_later:
            save()

    saving = None
    if save_later and jobs == 1:
        # No workers to save it alongside: a child saves the index (pickling and writing it
        # took about 0.3 s of a 4 s cold scan) while this process scans; what it reports is
        # written at the end.
        saving = in_child(_saved, save_later)
        save_later = []
    out = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout
    scanner = Scanner(index)
    try:
        n, hits = scan_file(scanner, listings_path, out, err, jobs=jobs,
                            meanwhile=save_cache if save_later else None)
    finally:
        if saving is not None:
            err.write(saving())
        gc.unfreeze()
        if exiting:
            _keep_until_exit(scanner)
        if out_path:
            out.close()
        else:
            out.flush()
    err.write(f"scan: {n} listings, {hits} hits in {time.monotonic() - started:.1f} s\n")
    return 0


def _saved(saves: list) -> str:
    """Run the index cache's saves; what they would report."""
    report = io.StringIO()
    for save in saves:
        save(report)
    return report.getvalue()


def _keep_until_exit(obj: object) -> None:
    """Leave obj (the scanner and its index) to the system when the process ends: on the way
    out the interpreter would otherwise visit and free it object by object (about 0.1 s for
    100,000 marks). It is kept in a reference cycle, which refcounts never free, and the
    collector is frozen by an exit handler, which runs before the interpreter's last
    collection. Until then the cycle is ordinary garbage: an in-process caller (a test) loses
    nothing."""
    holder: list = [obj]
    holder.append(holder)
    atexit.unregister(gc.freeze)  # once, however many scans this process runs
    atexit.register(gc.freeze)


def default_jobs() -> int:
    """One worker per CPU this process may use, up to 8 (past that, reading and writing the
    one output stream in order is the limit)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(8, cpus))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ipp.verification.scan", description=__doc__)
    parser.add_argument("--marks", required=True, help="marks JSONL (formats.md)")
    parser.add_argument("--listings", required=True, help="listings JSONL (formats.md)")
    parser.add_argument("--out", help="output JSONL (default: stdout)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="worker processes (default: one per CPU, up to 8)")
    parser.add_argument("--no-cache", action="store_true",
                        help="build the mark index afresh and do not save it")
    args = parser.parse_args(argv)
    return run(args.marks, args.listings, args.out, jobs=max(1, args.jobs or default_jobs()),
               cache=not args.no_cache, exiting=True)


if __name__ == "__main__":
    sys.exit(main())
