"""The prefilter's word codes: what each bit of a word's code character means, the regexes
over a block's codes, and the boundary rules inside one word (mirroring matching_rules)."""

from __future__ import annotations

import re
from itertools import chain

from .normalize import _CLASS_TABLE, _FOLD_TABLE, CJK, DIGIT, LETTER

# What find() must run for a field.
WORD, COLLAPSE, TYPO = 1, 2, 4
ALL = WORD | COLLAPSE | TYPO

# Word properties (bits of a code character), ordered so that the regex classes below are a
# few ranges of code characters (compiled at every process start).
(_MAYC, _GAPF, _GAPL, _HAS_CJK, _CJKF, _CJKL, _SL, _SHORT, _SF, _VOCAB, _FIRST, _TYPO, _HIT,
 _COMPLEX) = (1 << i for i in range(14))
_NBITS = 14
_BASE = 0x1000  # code character of a word: _BASE + its bits; "\n" between fields
_CACHE_LIMIT = 300_000
_CLS = {LETTER: "L", DIGIT: "D", CJK: "C"}


def _ascii_tables() -> tuple[dict[int, str], dict[int, str]]:
    """ASCII characters that fold to one letter or digit, and their class, from normalize's
    own tables so both always agree; other characters take the general path."""
    fold, cls = {}, {}
    for cp in range(0x21, 0x7F):
        f, c = _FOLD_TABLE[cp], _CLASS_TABLE[cp]
        if len(f) == 1 and f.isalnum() and ord(c) in (LETTER, DIGIT):
            fold[cp], cls[cp] = f, _CLS[ord(c)]
    return fold, cls


_FOLD, _CLASS = _ascii_tables()
_SIMPLE = frozenset(chr(cp) for cp in _FOLD)


def _runs(bits: int) -> list[tuple[int, int]]:
    """The code values with any of these bits, as runs [a, b). Stepped by the lowest of the
    bits (those below it decide nothing): this runs at every process start."""
    step = bits & -bits
    runs: list[tuple[int, int]] = []
    for v in range(0, 1 << _NBITS, step):
        if v & bits:
            if runs and runs[-1][1] == v:
                runs[-1] = (runs[-1][0], v + step)
            else:
                runs.append((v, v + step))
    return runs


def _class_of(bits: int) -> str:
    """A regex class of the code characters with any of these bits, as ranges."""
    return "[" + "".join(chr(_BASE + a) if b == a + 1 else f"{chr(_BASE + a)}-{chr(_BASE + b - 1)}"
                         for a, b in _runs(bits)) + "]"


def _codes_with(bits: int) -> frozenset[str]:
    """The code characters with any of these bits."""
    return frozenset(chain.from_iterable(map(chr, range(_BASE + a, _BASE + b)) for a, b in _runs(bits)))


# Words with a hit or typo inside, or that fold in context only (f); words that may start a
# multi-word key or sit in a typo window of a multi-word mark (m); possible spelled-out runs (c).
# Never across a field break ("\n").
_F_RE = re.compile(_class_of(_HIT | _TYPO | _COMPLEX))
_M_RE = re.compile(_class_of(_FIRST | _VOCAB))
# (The same as "SF SHORT* SL | CJKL CJKF", written to start with one class: a pattern that does
# lets the regex engine skip ahead to candidate positions in C, twice as fast over a block.)
_C_RE = re.compile(f"{_class_of(_SF | _CJKL)}(?:(?<={_class_of(_SF)}){_class_of(_SHORT)}*"
                   f"{_class_of(_SL)}|(?<={_class_of(_CJKL)}){_class_of(_CJKF)})")
_NL = re.compile("\n")
_F_PARTS = [ALL if v & _COMPLEX else (WORD if v & _HIT else 0) | (TYPO | WORD if v & _TYPO else 0)
            for v in range(1 << _NBITS)]
_EXTEND = _codes_with(_SHORT | _HAS_CJK)


def _may_collapse(codes: str, lo: int, hi: int) -> bool:
    """Folded.may_collapse for the field: a one-letter word, punctuation, or a CJK gap."""
    bits = [ord(ch) - _BASE for ch in codes[lo:hi]]
    return any(b & _MAYC for b in bits) or any(
        a & _GAPL and b & _GAPF for a, b in zip(bits, bits[1:], strict=False))


def _left_ok(c: str, a: int) -> bool:
    """matching._left_ok inside one word: digits before the hit, then no letter."""
    before = c[:a].rstrip("D")
    return not before or before[-1] != "L"


def _right_ok(c: str, b: int) -> bool:
    rest = c[b:].lstrip("D")
    return not rest or rest[0] != "L"


def _first_forms(w: str, c: str) -> set[str]:
    """The word's tails that could start a multi-word hit (the boundary test before them)."""
    if "D" not in c and "C" not in c:
        return {w}  # letters only (most words): a letter before any other start
    return {w[j:] for j in range(len(w)) if _left_ok(c, j)}


def _last_forms(w: str, c: str) -> set[str]:
    if "D" not in c and "C" not in c:
        return {w}
    return {w[:j] for j in range(1, len(w) + 1) if _right_ok(c, j)}
