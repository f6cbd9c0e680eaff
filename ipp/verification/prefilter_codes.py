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
    """The code characters with any of these bits, a bit at a time as strided ranges (made in
    C: this runs at every process start, and a low bit such as _MAYC is set in 8192 codes)."""
    out: set[str] = set()
    n = 1 << _NBITS
    for b in range(_NBITS):
        size = 1 << b
        if bits & size:
            for o in range(size) if size <= 128 else range(size, n, 2 * size):
                out.update(map(chr, range(_BASE + size + o, _BASE + n, 2 * size)) if size <= 128
                           else map(chr, range(_BASE + o, _BASE + o + size)))
    return frozenset(out)


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
_EMPTY = "\x00"  # code of the word "" (a text empty, or with a space doubled or at an end)
_EMPTY_RE = re.compile(_EMPTY)
_F_PARTS = [ALL if v & _COMPLEX else (WORD if v & _HIT else 0) | (TYPO | WORD if v & _TYPO else 0)
            for v in range(1 << _NBITS)]
_EXTEND = _codes_with(_SHORT | _HAS_CJK)


_MAYC_CODES, _GAPL_CODES, _VOCAB_CODES = _codes_with(_MAYC), _codes_with(_GAPL), _codes_with(_VOCAB)


def _may_collapse(codes: str, lo: int, hi: int) -> bool:
    """Folded.may_collapse for the field: a one-letter word, punctuation, or a CJK gap. (Set
    tests first, in C: a word ending in CJK is rare.)"""
    field = codes[lo:hi]
    if not _MAYC_CODES.isdisjoint(field):
        return True
    if _GAPL_CODES.isdisjoint(field):
        return False
    bits = [ord(ch) - _BASE for ch in field]
    return any(a & _GAPL and b & _GAPF for a, b in zip(bits, bits[1:], strict=False))


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
    if "C" not in c:
        # Letters and digits: _left_ok holds only while nothing but digits comes before,
        # so the tails start within the leading digits (a model number's letters never do).
        lead = len(c) - len(c.lstrip("D"))
        return {w[j:] for j in range(min(lead, len(w) - 1) + 1)}
    return {w[j:] for j in range(len(w)) if _left_ok(c, j)}


def _last_forms(w: str, c: str) -> set[str]:
    if "D" not in c and "C" not in c:
        return {w}
    if "C" not in c:  # the mirror image: the heads end within the trailing digits
        trail = len(c) - len(c.rstrip("D"))
        return {w[:j] for j in range(max(1, len(w) - trail), len(w) + 1)}
    return {w[:j] for j in range(1, len(w) + 1) if _right_ok(c, j)}


try:
    from ._fastscan import CodeTable
except ImportError:  # not compiled here (no C compiler): prefilter_bulk's Python path
    CodeTable = None


class _Codes(dict):
    """Word -> its code character (Prefilter.word_bits), for the prefilter pre (a block's new
    words are mostly coded in bulk beforehand: prefilter_bulk). Every word stored is stored in
    `table` too (a CodeTable, when compiled), which looks up a whole block's words at once."""

    def __init__(self, pre):
        super().__init__()
        self.pre = pre
        self.table = CodeTable() if CodeTable is not None else None
        self.store(["\n", ""], ["\n", _EMPTY])

    def store(self, words: list[str], codes: list[str]) -> None:
        """Store each word's code, here and in the table."""
        self.update(zip(words, codes, strict=True))
        if self.table is not None:
            self.table.update(words, codes)

    def reset(self) -> None:
        """Forget every word (the caches would otherwise grow with the listings' vocabulary)."""
        self.clear()
        if self.table is not None:
            self.table.clear()
        self.store(["\n", ""], ["\n", _EMPTY])
        self.pre._folded.clear()
        self.pre._pair_cache.clear()
        self.pre._pairs.clear()
        self.pre._window_cache.clear()
        self.pre._collapse_cache.clear()

    def __missing__(self, word: str) -> str:
        if len(self) > _CACHE_LIMIT:
            self.reset()
        code = chr(_BASE + self.pre.word_bits(word))
        self.store([word], [code])
        return code


class _Pairs(dict):
    """(word, next word) -> parts of find() that the two words side by side can need."""

    def __init__(self, pre):
        super().__init__()
        self.pre = pre

    def __missing__(self, pair: tuple[str, str]) -> int:
        if len(self) > _CACHE_LIMIT:
            self.clear()
        pre = self.pre
        got = 0 if "\n" in pair else pre._pair(pair) | (
            pre._window(pair) if ord(pre._codes[pair[0]]) - _BASE & _VOCAB or
            ord(pre._codes[pair[1]]) - _BASE & _VOCAB else 0)
        self[pair] = got
        return got
