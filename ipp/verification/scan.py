"""Proactive scan: stream a listings JSONL against marks, one JSON line per (listing, mark) hit."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from .matching import MarkIndex, MarkTerm
from .scan_block import (
    Scanner,
    _best_per_mark,  # noqa: F401  (suspected.py imports it from here)
    _fast_loads,
)

_SKIPPED_STATUSES = {"expired", "cancelled"}


def _bad(err: TextIO, what: str, lineno: int, reason: str) -> None:
    err.write(f"{what} line {lineno}: {reason}; skipped\n")


def read_mark_terms(fp: Iterable[str], err: TextIO) -> Iterator[MarkTerm]:
    """MarkTerms keyed (office, number) from marks JSONL; expired/cancelled marks are left out
    because a proactive takedown needs a live right."""
    for lineno, line in enumerate(fp, 1):
        if not line.strip():
            continue
        try:
            try:
                rec = _fast_loads(line)
            except ValueError:
                rec = json.loads(line)  # json's message, and what json alone accepts
            if not isinstance(rec, dict):
                raise ValueError("not a JSON object")
            office, number, text = rec["office"], rec["number"], rec["text"]
            aliases = rec.get("aliases") or []
            if not all(isinstance(x, str) for x in (office, number, text, *aliases)):
                raise ValueError("office, number, text and aliases must be strings")
        except (ValueError, KeyError, TypeError) as exc:
            reason = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
            _bad(err, "marks", lineno, reason)
            continue
        if rec.get("status") in _SKIPPED_STATUSES:
            continue
        key = (office, number)
        yield MarkTerm(key, text)
        for alias in aliases:
            yield MarkTerm(key, alias, True)


def read_mark_columns(path: str, err: TextIO) -> tuple[list, list[str], list[bool]]:
    """The terms of a marks JSONL file as three lists (mark keys, texts, is alias), as
    read_mark_terms gives them. A file of well-formed records is decoded in one C-level pass;
    any other goes through read_mark_terms, which reports each bad line."""
    with open(path, "rb") as fp:
        lines = fp.read().split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    try:
        cols = _columns(list(map(_fast_loads, lines)))
    except ValueError:  # a blank or bad line
        cols = None
    if cols is not None:
        return cols
    with open(path, encoding="utf-8") as fp:
        terms = list(read_mark_terms(fp, err))
    return [t.mark_key for t in terms], [t.text for t in terms], [t.is_alias for t in terms]


def _columns(recs: list) -> tuple[list, list[str], list[bool]] | None:
    """Columns of records that read_mark_terms would take without a word; None otherwise."""
    keys: list = []
    texts: list[str] = []
    aliases: list[bool] = []
    for rec in recs:
        if type(rec) is not dict:
            return None
        office, number, text = rec.get("office"), rec.get("number"), rec.get("text")
        more, status = rec.get("aliases") or [], rec.get("status")
        if type(office) is not str or type(number) is not str or type(text) is not str or \
                type(more) is not list or (status is not None and type(status) is not str):
            return None
        if more and not all(type(alias) is str for alias in more):
            return None
        if status in _SKIPPED_STATUSES:
            continue
        key = (office, number)
        keys.append(key)
        texts.append(text)
        aliases.append(False)
        for alias in more:
            keys.append(key)
            texts.append(alias)
            aliases.append(True)
    return keys, texts, aliases


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
        data = rest + data
        cut = data.rfind(b"\n") + 1
        rest = data[cut:]
        if cut:
            yield data[:cut - 1].split(b"\n")


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


def _ranges(path: str, size: int) -> list[tuple[str, int, int]]:
    """Byte ranges of about _RANGE bytes, each ending after a line break."""
    cuts = [0]
    with open(path, "rb") as fp:
        while cuts[-1] + _RANGE < size:
            fp.seek(cuts[-1] + _RANGE)
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
        ranges = _ranges(path, size)
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
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
        cache: bool = True) -> int:
    """Build the index (from a marks file or given terms; a marks file's index is cached across
    processes unless cache=False) and scan; 0 on success."""
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
                # With workers to come there is a core to spare: the typo index is built
                # in a child meanwhile.
                return MarkIndex.from_columns(*read_mark_columns(marks_path, report),
                                              multiword_starts=True, fork=jobs > 1)

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

    out = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout
    try:
        n, hits = scan_file(Scanner(index), listings_path, out, err, jobs=jobs,
                            meanwhile=save_cache if save_later else None)
    finally:
        gc.unfreeze()
        if out_path:
            out.close()
        else:
            out.flush()
    err.write(f"scan: {n} listings, {hits} hits in {time.monotonic() - started:.1f} s\n")
    return 0


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
               cache=not args.no_cache)


if __name__ == "__main__":
    sys.exit(main())
