"""One block of listing lines scanned at once: decoded, prefiltered as a whole, and the few
fields that may hold a hit matched by MarkIndex.find; hits as the scan's JSON lines."""

from __future__ import annotations

import gc
import json
from itertools import compress, repeat

from .matching import _KIND_RANK, MarkIndex, Match
from .prefilter import COLLAPSE, TYPO, Prefilter

try:
    from orjson import dumps as _orjson_dumps
    from orjson import loads as _fast_loads

    def _dumps(value) -> str:
        if type(value) is bool or value is None:
            raise TypeError("not a string or integer")  # never in a hit; json decides
        return _orjson_dumps(value).decode()
except ImportError:  # pragma: no cover - orjson is a dependency; json gives the same records
    _fast_loads = json.loads

    def _dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False)

_FIELDS = ("title", "description")


def _best_per_mark(matches: list[Match]) -> list[Match]:
    field_rank = {name: i for i, name in enumerate(_FIELDS)}
    best: dict = {}
    for m in sorted(matches, key=lambda m: (_KIND_RANK[m.kind], not m.certain,
                                           field_rank.get(m.field, 9), m.span)):
        best.setdefault(m.mark_key, m)
    return sorted(best.values(), key=lambda m: (field_rank.get(m.field, 9), m.span))


def _loads(line: bytes):
    """A line decoded by orjson, or by json where orjson refuses it: json's message, and what
    json alone accepts (NaN, 1e400, huge ints)."""
    try:
        return _fast_loads(line)
    except ValueError:
        return json.loads(line)


def _parse(line: bytes) -> dict:
    """One listing record; ValueError (with json's message) for a bad line."""
    rec = _loads(line)
    if not isinstance(rec, dict):
        raise ValueError("not a JSON object")
    if not isinstance(rec.get("id"), (str, int)) or isinstance(rec.get("id"), bool):
        raise ValueError("missing or invalid id")
    for name in _FIELDS:
        if rec.get(name) is not None and not isinstance(rec[name], str):
            raise ValueError(f"{name} is not a string")
    return rec


def _records_or_none(lines: list[bytes]) -> tuple[list[dict], list[str]] | None:
    """All lines decoded at C speed, with their fields' texts (title, description, ... per
    record; "" for a missing one), or None when any line needs _parse's care. (Checked a
    column at a time, in C, rather than record by record.)"""
    try:
        recs = list(map(_fast_loads, lines))
    except ValueError:
        return None
    if not _DICT.issuperset(map(type, recs)) or \
            not _ID_TYPES.issuperset(map(type, map(dict.get, recs, repeat("id")))):
        return None
    texts: list[str] = [""] * (len(_FIELDS) * len(recs))
    for k, name in enumerate(_FIELDS):
        column = list(map(dict.get, recs, repeat(name)))
        kinds = set(map(type, column))
        if kinds - _STR:
            if kinds - _STR_OR_NONE:
                return None
            column = ["" if t is None else t for t in column]
        texts[k::len(_FIELDS)] = column
    return recs, texts


_DICT, _ID_TYPES, _STR, _STR_OR_NONE = {dict}, {str, int}, {str}, {str, type(None)}

try:
    from ._fastscan import listing_fields as _listing_fields
except ImportError:  # not compiled here: every block is decoded whole (_records_or_none)
    _listing_fields = None


class _LinesAsRecords:
    """The records of well-formed lines, each decoded only when asked for (most never are:
    only a listing with a hit needs more than the texts that listing_fields read)."""

    __slots__ = ("lines",)

    def __init__(self, lines: list[bytes]):
        self.lines = lines

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, i: int) -> dict:
        return _loads(self.lines[i])  # as _parse reads it


def _texts_or_none(lines: list[bytes]) -> tuple[list[dict] | _LinesAsRecords, list[str]] | None:
    """_records_or_none, with the texts read straight from the lines where the compiled
    reader takes them all (it gives up on anything unusual; the decoders then decide)."""
    if _listing_fields is not None:
        texts = _listing_fields(lines, _FIELDS)
        if texts is not None:
            return _LinesAsRecords(lines), texts
    return _records_or_none(lines)


def _hit_line_json(rec: dict, m: Match) -> str:
    office, number = m.mark_key
    return json.dumps({"listing_id": rec["id"], "office": office, "number": number,
                       "matched": m.matched, "kind": m.kind, "field": m.field,
                       "span": list(m.span), "explanation": m.explanation},
                      ensure_ascii=False) + "\n"


def _hit_line(rec: dict, m: Match) -> str:
    """One hit as json.dumps(..., ensure_ascii=False) writes it, each value encoded by orjson
    (which escapes strings as json does); json itself for what orjson refuses (lone
    surrogates, integers beyond 64 bits)."""
    office, number = m.mark_key
    a, b = m.span
    try:
        return "".join((
            '{"listing_id": ', _dumps(rec["id"]), ', "office": ', _dumps(office),
            ', "number": ', _dumps(number), ', "matched": ', _dumps(m.matched),
            ', "kind": ', _dumps(m.kind), ', "field": ', _dumps(m.field),
            f', "span": [{int(a)}, {int(b)}], "explanation": ', _dumps(m.explanation), "}\n"))
    except (TypeError, ValueError):
        return _hit_line_json(rec, m)


class Scanner:
    """Scans blocks of listing lines: the prefilter clears most fields for a whole block at
    once; the rest go through MarkIndex.find, so the hits are those of find_in_fields."""

    def __init__(self, index: MarkIndex):
        self.index = index
        self.prefilter = Prefilter(index)

    def block(self, lines: list[bytes], first: int = 1) -> tuple[int, list[str], list[tuple[int, str]]]:
        """(listings, hit lines, [(line number, reason)] of skipped lines)."""
        # A block allocates a hundred thousand records and lists that hold no reference cycle
        # and are freed by reference counting; the cycle collector, run every 700 of them,
        # only traversed them (and the caches) again and again: about a twentieth of the
        # scan. It runs once the block is done, as the counts then call for.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._block(lines, first)
        finally:
            if enabled:
                gc.enable()

    def _block(self, lines: list[bytes], first: int) -> tuple[int, list[str], list[tuple[int, str]]]:
        got, errors = _texts_or_none(lines), []
        if got is None:  # some line is blank or bad: one by one, reporting each
            recs = []
            for lineno, line in enumerate(lines, first):
                if not line.strip():
                    continue
                try:
                    recs.append(_parse(line))
                except ValueError as exc:
                    errors.append((lineno, str(exc)))
            texts = [rec.get(name) or "" for rec in recs for name in _FIELDS]
        else:
            recs, texts = got
        nf = len(_FIELDS)
        masks = self.prefilter.masks(texts)
        find, out = self.index.find, []
        # The listings with a field to search, in order (most have none).
        for j in dict.fromkeys(i - i % nf for i in compress(range(len(texts)), masks)):
            found = [m for f, name in enumerate(_FIELDS) if masks[j + f]
                     for m in find(texts[j + f], name, collapse=bool(masks[j + f] & COLLAPSE),
                                   typos=bool(masks[j + f] & TYPO))]
            if found:  # (the record decoded once, and only for a listing with a hit)
                rec = recs[j // nf]
                out.extend(_hit_line(rec, m) for m in _best_per_mark(found))
        return len(recs), out, errors
