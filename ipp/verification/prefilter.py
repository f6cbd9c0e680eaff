"""Bulk prefilter for the scan: which parts of `MarkIndex.find` a listing field can need, decided
for a whole chunk of fields with a few C-level passes and a per-word cache.

It is exact in one direction: a field it clears has `find(text) == []`, and a part it leaves out
(the collapsed search, the typo search) finds nothing for that field; every other field still
goes through `find`, so hits and their explanations are those `find` gives.

A field is read word by word when its words are joined by single spaces (most listings); its
folded text is then the words folded one by one, each join a plain space. `find` can only report
something when
- a key occurs inside one word with no letter around it (the boundary test), or
- a word (less leading digits) and the next one start a multi-word key, or
- a word is one edit from a long mark, or a window of words holding a word of a multi-word mark
  is (the typo search), or
- letters spaced out could be read as one word (`_collapse_ok`): two words that can each end a
  spelled-out run in a single letter with only words of at most three letters between them, or
  two Chinese/Japanese words side by side; the words around are then glued and searched.
Each word's answer is cached, so the common work per field is a split, a map and one regex.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import chain, compress, repeat
from operator import add, sub

from .matching import MarkIndex
from .normalize import BREAK, SEP, Folded, char_info
from .prefilter_bulk import block_codes
from .prefilter_codes import (
    _BASE,
    _C_RE,
    _CACHE_LIMIT,
    _CJKF,
    _CJKL,
    _CLASS,
    _CLS,
    _COMPLEX,
    _EMPTY,
    _EMPTY_RE,
    _EXTEND,
    _F_PARTS,
    _F_RE,
    _FIRST,
    _FOLD,
    _GAPF,
    _GAPL,
    _HAS_CJK,
    _HIT,
    _M_RE,
    _MAYC,
    _NL,
    _SF,
    _SHORT,
    _SIMPLE,
    _SL,
    _TYPO,
    _VOCAB,
    _VOCAB_CODES,
    ALL,
    COLLAPSE,
    TYPO,
    WORD,
    _Codes,
    _first_forms,
    _last_forms,
    _left_ok,
    _may_collapse,
    _Pairs,
    _right_ok,
)

_START = re.Match.start  # (mapped over a finditer: positions without a Python-level loop)


class Prefilter:
    def __init__(self, index: MarkIndex):
        self.index = index
        self._codes = _Codes(self)
        self._folded: dict[str, tuple[str, str, bool]] = {}
        self._pair_cache: dict[tuple, int] = {}
        self._pairs = _Pairs(self)
        self._window_cache: dict[tuple, int] = {}
        self._collapse_cache: dict[tuple, bool] = {}
        self._first_words, self._first_pairs = index.multiword_starts()
        typos = index._typos
        self._max_tokens = typos.max_tokens
        self._typos = typos if len(typos) else None
        if self._typos:
            typos.piece_hashes()  # now, so that forked workers share it
        self._typo_lo, self._typo_hi = typos.min_len - 1, typos.max_len + 1
        self._typo_vocab = typos._vocab if typos.max_tokens > 1 and typos._words else frozenset()

    def _key_of(self, tid: int) -> str:
        return self.index._term_fold(tid).w.replace(" ", "")

    def fold(self, word: str) -> tuple[str, str] | None:
        """(folded word, classes as L/D/C) or None when the word does not fold to one word
        independently of its neighbours (separators or a break inside, a leading combining
        mark, nothing left)."""
        got = self._folded.get(word)
        if got is None:
            if _SIMPLE.issuperset(word):
                got = word.translate(_FOLD), word.translate(_CLASS), False
            else:
                f = Folded(word)
                if not f.w or " " in f.w or "\n" in f.w or char_info[word[0]].attach:
                    got = ("", "", False)  # a combining mark first attaches to the space before
                else:  # punctuation in the word lets find() read the field collapsed
                    got = (f.w, "".join(_CLS.get(c, "?") for c in f.cls),
                           any(char_info[ch].cls in (SEP, BREAK) for ch in word))
            self._folded[word] = got
        return got[:2] if got[0] else None

    def word_bits(self, word: str) -> int:
        """Properties of one word (no ASCII space in it), as bits."""
        got = self.fold(word)
        if got is None or "?" in got[1]:
            return _COMPLEX
        w, c = got
        bits = _MAYC if self._folded[word][2] else 0
        n = len(w)
        bits |= (_SHORT if n <= 3 else 0) | (_MAYC if n == 1 else 0)
        bits |= (_GAPF if w[0] >= "\u2e80" else 0) | (_GAPL if w[-1] >= "\u2e80" else 0)
        bits |= (_SF if "L" not in c[:-1] else 0) | (_SL if "L" not in c[1:] else 0)
        if "C" in c:
            bits |= _HAS_CJK | (_CJKF if c[0] == "C" else 0) | (_CJKL if c[-1] == "C" else 0)
        index = self.index
        for end, klen, edges, _codes in index._hits(w):
            a, b = end - klen + 1, end + 1
            if (not edges & 1 or _left_ok(c, a)) and (not edges & 2 or _right_ok(c, b)):
                bits |= _HIT
                break
        if self._typos is not None and self._typo_lo <= n <= self._typo_hi and w[0].isalpha() \
                and "C" not in c and self._typos._lookup(w, 1, self._key_of):
            bits |= _TYPO
        if self._first_words and not _first_forms(w, c).isdisjoint(self._first_words):
            bits |= _FIRST
        return bits | (_VOCAB if w in self._typo_vocab else 0)

    def _multi(self, words: list[str], p: int, lo: int, hi: int) -> int:
        """Parts needed for word p as the start of a multi-word key (WORD) or inside a typo
        window of a multi-word mark (TYPO); the field's words are words[lo:hi]."""
        parts = 0
        if p + 1 < hi:
            parts = self._cached(self._pair_cache, (words[p], words[p + 1]), self._pair)
        if ord(self._codes[words[p]]) - _BASE & _VOCAB and self._typos:
            k_max = self._typos.max_tokens
            for a in range(max(lo, p - k_max + 1), p + 1):
                for b in range(max(a + 1, p), min(a + k_max, hi)):
                    if self._cached(self._window_cache, tuple(words[a:b + 1]), self._window):
                        return parts | TYPO
        return parts

    @staticmethod
    def _cached(cache: dict, key, compute) -> int:
        got = cache.get(key)
        if got is None:
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
            got = cache[key] = compute(key)
        return got

    def _pair(self, pair: tuple[str, str]) -> int:
        """WORD if the two words can hold the first two words of a multi-word key."""
        first, nxt = self.fold(pair[0]), self.fold(pair[1])
        if first is None or nxt is None:
            return ALL
        firsts = _first_forms(*first) & self._first_words
        pairs = self._first_pairs
        return WORD if firsts and any(f"{a} {b}" in pairs for a in firsts
                                      for b in _last_forms(*nxt)) else 0

    def _window(self, words: tuple[str, ...]) -> int:
        """TYPO if TypoIndex._multi_windows would find a mark for exactly this window."""
        folded = [self.fold(word) for word in words]
        if None in folded:
            return ALL
        (fw, fc), size = folded[0], sum(len(f[0]) for f in folded)
        if fc[0] == "C" or not fw[0].isalpha() or "C" in folded[-1][1] or \
                not self._typo_lo <= size <= self._typo_hi:
            return 0
        return TYPO if self._typos._lookup(" ".join(f[0] for f in folded), len(words),
                                           self._key_of) else 0

    def _collapsible(self, words: tuple[str, ...]) -> bool:
        """Superset test for a spelled-out mark in these words: a key across a word break."""
        got = self._collapse_cache.get(words)
        if got is None:
            if len(self._collapse_cache) > _CACHE_LIMIT:
                self._collapse_cache.clear()
            got = self._collapse_cache[words] = self._glued_hit(words)
        return got

    def _glued_hit(self, words: tuple[str, ...]) -> bool:
        folded = [self.fold(word) for word in words]
        if None in folded:
            return True
        glued = "".join(f[0] for f in folded)
        breaks, pos = set(), 0
        for f in folded[:-1]:
            pos += len(f[0])
            breaks.add(pos)
        for end, klen, _edges, _codes in self.index._hits(glued):
            if any(b in breaks for b in range(end - klen + 2, end + 1)):
                return True
        return False

    def _edge_piece(self, word: str, head: bool) -> bool:
        got = self.fold(word)
        return got is None or "L" not in (got[1][:-3] if head else got[1][3:])

    def masks(self, texts: list[str]) -> list[int]:
        """Per text: the parts of find() it needs (0: find(text) is certainly empty)."""
        n = len(texts)
        joined = " \n ".join(texts)  # (each break a word of its own, without a replace pass)
        if joined.count("\n") != n - 1:  # a text with line breaks: only the others word by word
            masks = [ALL if "\n" in t else 0 if not t else -1 for t in texts]
            plain = [i for i, m in enumerate(masks) if m < 0]
            got = self.masks([texts[i] for i in plain]) if plain else []
            for i, m in zip(plain, got, strict=True):
                masks[i] = m
            return masks
        # Each text's words are text.split(" "): a "" among them (the text empty, or with a
        # space doubled or at an end) makes the text one that is not read word by word.
        codes, words = block_codes(self, joined)
        breaks = list(map(_START, _NL.finditer(codes)))
        got = self._word_masks(words, codes, breaks)
        if _EMPTY in codes:
            for m in _EMPTY_RE.finditer(codes):
                f = bisect_right(breaks, m.start())
                got[f] = ALL if texts[f] else 0
        return got

    def _word_masks(self, words: list[str], codes: str, breaks: list[int]) -> list[int]:
        """masks() of texts read word by word: their words and codes, "\n" between texts."""
        got = [0] * (len(breaks) + 1)
        for m in _F_RE.finditer(codes):
            got[bisect_right(breaks, m.start())] |= _F_PARTS[ord(m.group()) - _BASE]
        pos = list(map(_START, _M_RE.finditer(codes)))
        if pos and self._max_tokens <= 2:
            # Windows of at most two words. A pair can need a part only if its first word may
            # start a multi-word key or either word is in the typo vocabulary (_Pairs): the
            # pair after each such word, and the pair before each word of the vocabulary.
            if type(words) is list:  # (block_codes' Words gives "\n" past either end)
                words.append("\n")  # words[q + 1] and words[-1] ("\n") are field breaks
            pairs, word = self._pairs.__getitem__, words.__getitem__
            # (The words of the vocabulary are among those at pos: picked from them in C rather
            # than by another regex pass over the block.)
            vpos = list(compress(pos, map(_VOCAB_CODES.__contains__, map(codes.__getitem__, pos))))
            after = list(map(pairs, zip(map(word, pos), map(word, map(add, pos, repeat(1))),
                                        strict=True)))
            before = list(map(pairs, zip(map(word, map(sub, vpos, repeat(1))), map(word, vpos),
                                         strict=True)))
            for q, v in chain(zip(compress(pos, after), filter(None, after), strict=True),
                              zip(compress(vpos, before), filter(None, before), strict=True)):
                got[bisect_right(breaks, q)] |= v
        else:
            for q in pos:
                f = bisect_right(breaks, q)
                if got[f] != ALL:
                    got[f] |= self._multi(words, q, breaks[f - 1] + 1 if f else 0,
                                          breaks[f] if f < len(breaks) else len(codes))
        for m in _C_RE.finditer(codes):
            p, e = m.span()
            f = bisect_right(breaks, p)
            if got[f] & COLLAPSE:
                continue
            lo = breaks[f - 1] + 1 if f else 0  # the field's words are words[lo:hi]
            hi = breaks[f] if f < len(breaks) else len(codes)
            if not _may_collapse(codes, lo, hi):
                continue  # find() never reads this field collapsed
            while p > lo and codes[p - 1] in _EXTEND:
                p -= 1
            while e < hi and codes[e] in _EXTEND:
                e += 1
            # The word on either side can only give a piece through its last (first) three
            # letters after (before) digits; a longer word of letters takes no part.
            if p > lo and self._edge_piece(words[p - 1], True):
                p -= 1
            if e < hi and self._edge_piece(words[e], False):
                e += 1
            if self._collapsible(tuple(words[p:e])):
                got[f] |= COLLAPSE | WORD
        return got
