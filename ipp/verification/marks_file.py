"""Marks JSONL read for the scan's index: as MarkTerms line by line (reporting each bad line), or
as columns decoded in bulk, the second half in a forked child when the caller has a core to
spare."""

from __future__ import annotations

import json
import marshal
from collections.abc import Iterable, Iterator
from typing import TextIO

from .child import in_child
from .fold_bulk import fold_many
from .matching import MarkTerm
from .scan_block import _fast_loads

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
    cols = _decoded_columns(_lines(path))
    return cols if cols is not None else _columns_line_by_line(path, err)


def _decoded_columns(lines: list[bytes]) -> tuple[list, list[str], list[bool]] | None:
    """The columns of well-formed lines, decoded in one C-level pass; None for any other."""
    try:
        return _columns(list(map(_fast_loads, lines)))
    except ValueError:  # a blank or bad line
        return None


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


# Below this many lines a child process costs more than half the decoding saves.
_SPLIT_MIN_LINES = 10_000
# The child also marshals its part, and the parent unmarshals it: the parent takes a little more.
_MAIN_SHARE = 0.55


def read_marks_folded(path: str, err: TextIO, fork: bool = False
                      ) -> tuple[list, list[str], list[bool], list[str]]:
    """read_mark_columns plus the folded texts (fold_many) as a fourth column. fork: the last
    lines (a little under half) are decoded and folded in a child meanwhile (this is on the cold
    scan's critical path, and the other core sits idle here otherwise)."""
    lines = _lines(path)
    half = int(len(lines) * _MAIN_SHARE) if fork and len(lines) >= _SPLIT_MIN_LINES else 0
    second = in_child(_folded_columns_marshalled, lines[half:]) if half else None
    cols = _folded_columns(lines[:half] if half else lines)
    if second is not None:
        rest = marshal.loads(second())
        cols = None if cols is None or rest is None else \
            tuple(a + b for a, b in zip(cols, rest, strict=True))
    if cols is not None:
        return cols
    keys, texts, aliases = _columns_line_by_line(path, err)
    return keys, texts, aliases, fold_many(texts)


def _lines(path: str) -> list[bytes]:
    with open(path, "rb") as fp:
        lines = fp.read().split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _folded_columns(lines: list[bytes]) -> tuple[list, list[str], list[bool], list[str]] | None:
    cols = _decoded_columns(lines)
    return None if cols is None else (*cols, fold_many(cols[1]))


def _folded_columns_marshalled(lines: list[bytes]) -> bytes:
    # marshal: these plain lists of strings, tuples and bools are written and read back in
    # about half the time pickle takes (and need none of its generality).
    return marshal.dumps(_folded_columns(lines))


def _columns_line_by_line(path: str, err: TextIO) -> tuple[list, list[str], list[bool]]:
    with open(path, encoding="utf-8") as fp:
        terms = list(read_mark_terms(fp, err))
    return [t.mark_key for t in terms], [t.text for t in terms], [t.is_alias for t in terms]
