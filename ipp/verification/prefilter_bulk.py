"""The prefilter's word codes for many new words at once: a listing's long tail of words (model
numbers, names, misspellings) is mostly new to the caches, and Prefilter.word_bits one word at
a time cost about as much as the rest of the scan. Plain ASCII words (most of them) are folded
with one translate, searched with one automaton pass over all of them, and the rest of their
bits are set a column at a time; every other word still goes through word_bits. The codes are
exactly word_bits' (tests/verification/test_prefilter.py holds them equal)."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, compress, filterfalse, repeat
from operator import add, and_, eq, ge, le, mul, or_, sub

from .prefilter_codes import (
    _BASE,
    _CACHE_LIMIT,
    _CLASS,
    _FIRST,
    _FOLD,
    _HIT,
    _MAYC,
    _SF,
    _SHORT,
    _SIMPLE,
    _SL,
    _TYPO,
    _VOCAB,
    _first_forms,
    _left_ok,
    _right_ok,
)

try:
    from ._fastscan import plain_codes
except ImportError:  # not compiled here: the columns in Python (_column_bits)
    plain_codes = None

_BULK_MIN = 32  # fewer new words than this: one by one is as quick
_NEW = "\x01"  # stands for a word not coded yet (never a code: _EMPTY, "\n", or _BASE and up)
_NEW_RE = re.compile(_NEW)
# _SHORT and _MAYC by the word's length (4 standing for 4 and more).
_SIZE_BITS = (0, _SHORT | _MAYC, _SHORT, _SHORT, 0)


def block_codes(pre, text: str):
    """(codes, words) of a block's joined text: one code character per word of
    text.split(" "), and those words (a list, or a Words object of the compiled table that
    makes each one a string only when indexed; past either end both give "\n")."""
    table = pre._codes.table
    if table is None:
        words = text.split(" ")
        return word_codes(pre, words), words
    joined, words = table.codes(text, _NEW)
    if _NEW not in joined:  # (most blocks, once the common words are known)
        return joined, words
    new = list(set(words.where(joined, _NEW)))
    if not fill_codes(pre, new):  # the caches were reset to make room: now there is
        fill_codes(pre, new)
    codes = pre._codes
    for word in list(filterfalse(codes.__contains__, new)):  # (not plain ASCII: one by one)
        codes[word]
    joined = table.recode(joined, words, _NEW)
    if _NEW in joined:  # (the caches were reset while coding them)
        joined = _spliced(codes, joined, [m.start() for m in _NEW_RE.finditer(joined)], words)
    return joined, words


def _spliced(codes, joined: str, where: list[int], words) -> str:
    """joined with the code of words[i] at each i in where: a few slices, not a list of the
    block's every code again. (codes[...] codes a word not coded yet: word_bits.)"""
    parts, start = [], 0
    for i in where:
        parts += (joined[start:i], codes[words[i]])
        start = i + 1
    parts.append(joined[start:])
    return "".join(parts)


def word_codes(pre, words: list[str]) -> str:
    """The block's code string: one code character per word (Prefilter.masks)."""
    codes = pre._codes
    joined = "".join(map(codes.get, words, repeat(_NEW)))
    if _NEW not in joined:  # (most blocks, once the common words are known)
        return joined
    # New words: the plain ASCII ones coded together, the others one by one.
    where = [m.start() for m in _NEW_RE.finditer(joined)]
    new = [words[i] for i in where]
    if not fill_codes(pre, new):  # the caches were reset to make room: now there is
        fill_codes(pre, new)
    if 4 * len(where) > len(words):  # (a first block, a long tail) all codes again, in C
        return "".join(map(codes.__getitem__, words))
    return _spliced(codes, joined, where, words)


def fill_codes(pre, pending: list[str]) -> bool:
    """Store the codes of the plain ASCII words among pending (words not in pre._codes).
    False when the caches had to be reset first (nothing stored then: call it again)."""
    codes = pre._codes
    new = list(set(pending))
    if len(new) < _BULK_MIN:
        return True
    if len(codes) + len(new) > _CACHE_LIMIT:
        codes.reset()
        return False
    simple = list(compress(new, map(_SIMPLE.issuperset, new)))  # ("" is always in codes)
    if not simple:
        return True
    text = "\n".join(simple)  # "\n" is outside both tables: it stays, and so splits alike
    folded = text.translate(_FOLD).split("\n")
    classes = text.translate(_CLASS).split("\n")
    if not all(map(str.isascii, folded)):
        return True  # (never seen: _FOLD maps ASCII to ASCII) one by one, as word_bits does
    # (Their folded forms are not kept in pre._folded: most of these words are never looked
    # at again, and fold() makes a plain word's form with two translates when one is.)
    # Each bit of word_bits for every word at once (in one C pass, or a column at a time).
    # Words of ASCII letters and digits: no CJK, gap or complex bits.
    lens = list(map(len, folded))
    firsts = pre._first_words
    typos = pre._typos
    typo: set[str] = set()
    if typos is not None:
        lo, hi = pre._typo_lo, pre._typo_hi
        sized = map(and_, map(le, repeat(lo), lens), map(ge, repeat(hi), lens))
        # Most long words are one edit from no mark: those are told apart together.
        maybe = typos.maybe_one_word(list(compress(folded, sized)))
        typo = {w for w in maybe if w[0].isalpha() and typos._lookup(w, 1, pre._key_of)}
    if plain_codes is not None:  # every column in one pass, in C
        chars = plain_codes(folded, classes, _hit_bits(pre, folded, classes), pre._typo_vocab,
                            firsts or None, typo, (_SHORT, _MAYC, _SF, _SL, _VOCAB, _FIRST, _TYPO),
                            _BASE)
    else:
        bits = _column_bits(pre, folded, classes, lens, typo)
        if firsts:  # a word led by digits may also start a multi-word key after them
            for i in compress(range(len(folded)), map(str.startswith, classes, repeat("D"))):
                if not _first_forms(folded[i], classes[i]).isdisjoint(firsts):
                    bits[i] |= _FIRST
        chars = list(map(chr, map(add, bits, repeat(_BASE))))
    codes.store(simple, chars)
    return True


def _column_bits(pre, folded: list[str], classes: list[str], lens: list[int],
                 typo: set[str]) -> list[int]:
    """fill_codes' bits but _FIRST after digits, a column at a time (plain_codes without C)."""
    first_letter = list(map(str.find, classes, repeat("L")))
    bits = list(map(or_, _hit_bits(pre, folded, classes),
                    map(_SIZE_BITS.__getitem__, map(min, lens, repeat(4)))))
    # _SF: no letter before the last character; _SL: none after the first.
    sf = map(or_, map(eq, first_letter, repeat(-1)), map(eq, first_letter, map(sub, lens, repeat(1))))
    sl = map(le, map(str.rfind, classes, repeat("L")), repeat(0))
    columns = [(sf, _SF), (sl, _SL), (map(pre._typo_vocab.__contains__, folded), _VOCAB),
               (map(typo.__contains__, folded), _TYPO)]
    if pre._first_words:
        columns.append((map(pre._first_words.__contains__, folded), _FIRST))
    for column, bit in columns:
        bits = list(map(or_, bits, map(mul, column, repeat(bit))))
    return bits


def _hit_bits(pre, folded: list[str], classes: list[str]) -> list[int]:
    """_HIT per word: a key inside it that passes the boundary test, found by one automaton
    pass over all the words (a key never holds "\n", so no hit spans two of them)."""
    bits = [0] * len(folded)
    starts = list(accumulate(map(add, map(len, folded), repeat(1)), initial=0))
    for end, klen, edges, _codes in pre.index._hits("\n".join(folded)):
        a = end - klen + 1
        i = bisect_right(starts, a) - 1
        if bits[i] or end + 1 >= starts[i + 1]:
            continue  # decided already, or across a word break
        la, lb, c = a - starts[i], end + 1 - starts[i], classes[i]
        if (not edges & 1 or _left_ok(c, la)) and (not edges & 2 or _right_ok(c, lb)):
            bits[i] = _HIT
    return bits
