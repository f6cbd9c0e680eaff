"""Proactive scan: stream a listings JSONL against marks, one JSON line per (listing, mark) hit."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, TextIO

from .matching import _KIND_RANK, MarkIndex, MarkTerm, Match

_SKIPPED_STATUSES = {"expired", "cancelled"}
_FIELDS = ("title", "description")


def _bad(err: TextIO, what: str, lineno: int, reason: str) -> None:
    err.write(f"{what} line {lineno}: {reason}; skipped\n")


def read_mark_terms(fp: Iterable[str], err: TextIO) -> Iterator[MarkTerm]:
    """MarkTerms keyed (office, number) from marks JSONL; expired/cancelled marks are left out
    because a proactive takedown needs a live right."""
    for lineno, line in enumerate(fp, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
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


def _read_listings(fp: Iterable[str], err: TextIO, start: int = 1) -> Iterator[tuple[int, dict]]:
    for lineno, line in enumerate(fp, start):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError("not a JSON object")
            if not isinstance(rec.get("id"), (str, int)) or isinstance(rec.get("id"), bool):
                raise ValueError("missing or invalid id")
            for name in _FIELDS:
                if rec.get(name) is not None and not isinstance(rec[name], str):
                    raise ValueError(f"{name} is not a string")
        except ValueError as exc:
            _bad(err, "listings", lineno, str(exc))
            continue
        yield lineno, rec


def _best_per_mark(matches: list[Match]) -> list[Match]:
    field_rank = {name: i for i, name in enumerate(_FIELDS)}
    best: dict = {}
    for m in sorted(matches, key=lambda m: (_KIND_RANK[m.kind], not m.certain,
                                           field_rank.get(m.field, 9), m.span)):
        best.setdefault(m.mark_key, m)
    return sorted(best.values(), key=lambda m: (field_rank.get(m.field, 9), m.span))


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


def _hit_lines(index: MarkIndex, rec: dict) -> list[str]:
    fields = {name: rec.get(name) or "" for name in _FIELDS}
    lines = []
    for m in _best_per_mark(index.find_in_fields(fields)):
        office, number = m.mark_key
        lines.append(json.dumps({"listing_id": rec["id"], "office": office, "number": number,
                                 "matched": m.matched, "kind": m.kind, "field": m.field,
                                 "span": list(m.span), "explanation": m.explanation},
                                ensure_ascii=False) + "\n")
    return lines


def _tell(listings: IO[str]) -> int:
    try:
        return listings.buffer.tell() if hasattr(listings, "buffer") else 0
    except (OSError, ValueError):
        return 0


def scan(index: MarkIndex, listings: IO[str], out: TextIO, err: TextIO,
         total_bytes: int | None = None, jobs: int = 1) -> tuple[int, int]:
    """Scan every listing; write hits as JSON lines to out. Returns (listings, hits)."""
    if jobs > 1:
        return _scan_parallel(index, listings, out, err, total_bytes, jobs)
    progress = _Progress(err, total_bytes)
    n = hits = 0
    for _lineno, rec in _read_listings(listings, err):
        n += 1
        lines = _hit_lines(index, rec)
        out.writelines(lines)
        hits += len(lines)
        if n % 256 == 0:
            progress.update(n, hits, _tell(listings) if total_bytes else 0)
    progress.update(n, hits, total_bytes, final=True)
    return n, hits


_CHUNK = 2000
_shared: dict = {}  # the index, inherited by forked workers (copy-on-write, never pickled)


def _scan_chunk(chunk: tuple[int, list[str]]) -> tuple[int, list[str], str]:
    first, raw = chunk
    err = io.StringIO()
    lines: list[str] = []
    n = 0
    for _lineno, rec in _read_listings(raw, err, start=first):
        n += 1
        lines.extend(_hit_lines(_shared["index"], rec))
    return n, lines, err.getvalue()


def _chunks(listings: IO[str]) -> Iterator[tuple[int, list[str]]]:
    buf: list[str] = []
    first = 1
    for lineno, line in enumerate(listings, 1):
        if not buf:
            first = lineno
        buf.append(line)
        if len(buf) >= _CHUNK:
            yield first, buf
            buf = []
    if buf:
        yield first, buf


def _scan_parallel(index: MarkIndex, listings: IO[str], out: TextIO, err: TextIO,
                   total_bytes: int | None, jobs: int) -> tuple[int, int]:
    """Chunks of lines scanned by forked workers; results written in input order."""
    import multiprocessing

    progress = _Progress(err, total_bytes)
    _shared["index"] = index
    n = hits = 0
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for count, lines, errors in pool.imap(_scan_chunk, _chunks(listings), chunksize=1):
            err.write(errors)
            out.writelines(lines)
            n, hits = n + count, hits + len(lines)
            progress.update(n, hits, _tell(listings) if total_bytes else 0)
    _shared.clear()
    progress.update(n, hits, total_bytes, final=True)
    return n, hits


def run(marks_path: str | None, listings_path: str, out_path: str | None,
        err: TextIO = sys.stderr, terms: Iterable[MarkTerm] | None = None, jobs: int = 1) -> int:
    """Build the index (from a marks file or given terms) and scan; 0 on success."""
    started = time.monotonic()
    if terms is None:
        if not marks_path:
            err.write("error: --marks FILE is required (marks are not loaded from a database here)\n")
            return 2
        with open(marks_path, encoding="utf-8") as fp:
            index = MarkIndex.build(read_mark_terms(fp, err))
    else:
        index = MarkIndex.build(terms)
    err.write(f"scan: index of {len(index)} mark terms built in {time.monotonic() - started:.1f} s\n")
    out = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout
    try:
        with open(listings_path, encoding="utf-8") as fp:
            n, hits = scan(index, fp, out, err, os.path.getsize(listings_path), jobs=jobs)
    finally:
        if out_path:
            out.close()
        else:
            out.flush()
    err.write(f"scan: {n} listings, {hits} hits in {time.monotonic() - started:.1f} s\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ipp.verification.scan", description=__doc__)
    parser.add_argument("--marks", required=True, help="marks JSONL (formats.md)")
    parser.add_argument("--listings", required=True, help="listings JSONL (formats.md)")
    parser.add_argument("--out", help="output JSONL (default: stdout)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default: 1)")
    args = parser.parse_args(argv)
    return run(args.marks, args.listings, args.out, jobs=max(1, args.jobs))


if __name__ == "__main__":
    sys.exit(main())
