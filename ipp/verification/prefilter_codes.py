"""The prefilter's word codes: what each bit of a word's code character means, the regexes
over a block's codes, and the boundary rules inside one word (mirroring matching_rules)."""

from __future__ import annotations

import re

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


def _class_of(bits: int) -> str:
    """A regex class of the code characters with any of these bits, as ranges."""
    values = [v for v in range(1 << _NBITS) if v & bits]
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[i - 1] + 1:
            a, b = chr(_BASE + values[start]), chr(_BASE + values[i - 1])
            runs.append(a if a == b else f"{a}-{b}")
            start = i
    return "[" + "".join(runs) + "]"


# Words with a hit or typo inside, or that fold in context only (f); words that may start a
# multi-word key or sit in a typo window of a multi-word mark (m); possible spelled-out runs (c).
# Never across a field break ("\n").
_F_RE = re.compile(_class_of(_HIT | _TYPO | _COMPLEX))
_M_RE = re.compile(_class_of(_FIRST | _VOCAB))
_C_RE = re.compile(f"{_class_of(_SF)}{_class_of(_SHORT)}*{_class_of(_SL)}|"
                   f"{_class_of(_CJKL)}{_class_of(_CJKF)}")
_NL = re.compile("\n")
_F_PARTS = [ALL if v & _COMPLEX else (WORD if v & _HIT else 0) | (TYPO | WORD if v & _TYPO else 0)
            for v in range(1 << _NBITS)]
_EXTEND = frozenset(chr(_BASE + v) for v in range(1 << _NBITS) if v & (_SHORT | _HAS_CJK))


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
    return {w[j:] for j in range(len(w)) if _left_ok(c, j)}


def _last_forms(w: str, c: str) -> set[str]:
    return {w[:j] for j in range(1, len(w) + 1) if _right_ok(c, j)}
