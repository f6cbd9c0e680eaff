"""Marks JSONL read for the scan's index: as MarkTerms line by line (reporting each bad line), or
as columns decoded in bulk (for the scan, in forked children: see read_marks_folded)."""

from __future__ import annotations

import json
import marshal
import os
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


# Below this size a child process costs more than it saves.
_CHILD_MIN_BYTES = 1 << 20


def read_marks_folded(path: str, err: TextIO, children: int = 0
                      ) -> tuple[list, list[str], list[bool], list[str]]:
    """read_mark_columns plus the folded texts (fold_many) as a fourth column.

    children: decode in that many forked children (1 or 2, each a part of the file) and only
    read their results here. Decoding leaves tens of megabytes of freed records scattered
    between the columns that stay; every allocation afterwards lands in those holes, and a
    scan that follows ran about a quarter slower than one whose index was loaded compact from
    the cache. Columns read back from a child are laid out compactly. With 2, the parts are
    decoded at once on two cores (this is on the cold scan's critical path)."""
    size = os.path.getsize(path)
    parts = max(1, min(children, 2)) if children and size >= _CHILD_MIN_BYTES else 0
    if parts:
        cuts = _line_cuts(path, size, parts)
        pending = [in_child(_folded_columns_marshalled, (path, a, b))
                   for a, b in zip(cuts, cuts[1:], strict=False)]
        got = [marshal.loads(result()) for result in pending]
        cols = None if None in got else tuple(
            [x for part in column for x in part] if len(got) > 1 else column[0]
            for column in zip(*got, strict=True))
    else:
        cols = _folded_columns(_lines(path))
    if cols is not None:
        return cols
    keys, texts, aliases = _columns_line_by_line(path, err)
    return keys, texts, aliases, fold_many(texts)


def _line_cuts(path: str, size: int, parts: int) -> list[int]:
    """Byte offsets cutting the file into that many parts of whole lines."""
    cuts = [0]
    with open(path, "rb") as fp:
        for k in range(1, parts):
            fp.seek(max(size * k // parts, cuts[-1]))
            fp.readline()
            cuts.append(min(fp.tell(), size))
    return [*cuts, size]


def _lines(path: str, start: int = 0, end: int | None = None) -> list[bytes]:
    with open(path, "rb") as fp:
        fp.seek(start)
        lines = (fp.read() if end is None else fp.read(end - start)).split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


def _folded_columns(lines: list[bytes]) -> tuple[list, list[str], list[bool], list[str]] | None:
    cols = _decoded_columns(lines)
    return None if cols is None else (*cols, fold_many(cols[1]))


def _folded_columns_marshalled(part: tuple[str, int, int]) -> bytes:
    # marshal: these plain lists of strings, tuples and bools are written and read back in
    # about half the time pickle takes (and need none of its generality).
    return marshal.dumps(_folded_columns(_lines(*part)))


def _columns_line_by_line(path: str, err: TextIO) -> tuple[list, list[str], list[bool]]:
    with open(path, encoding="utf-8") as fp:
        terms = list(read_mark_terms(fp, err))
    return [t.mark_key for t in terms], [t.text for t in terms], [t.is_alias for t in terms]
