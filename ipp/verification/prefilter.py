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

from bisect import bisect_right
from itertools import repeat
from operator import add, sub

from .matching import MarkIndex
from .normalize import BREAK, SEP, Folded, char_info
from .prefilter_codes import (
    _BASE,
    _C_RE,
    _CACHE_LIMIT,
    _CJKF,
    _CJKL,
    _CLASS,
    _CLS,
    _COMPLEX,
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
    ALL,
    COLLAPSE,
    TYPO,
    WORD,
    _first_forms,
    _last_forms,
    _left_ok,
    _may_collapse,
    _right_ok,
)


class _Codes(dict):
    def __init__(self, pre: Prefilter):
        super().__init__({"\n": "\n"})
        self.pre = pre

    def __missing__(self, word: str) -> str:
        if len(self) > _CACHE_LIMIT:
            self.clear()
            self["\n"] = "\n"
            self.pre._folded.clear()
            self.pre._pair_cache.clear()
            self.pre._pairs.clear()
            self.pre._window_cache.clear()
            self.pre._collapse_cache.clear()
        code = self[word] = chr(_BASE + self.pre.word_bits(word))
        return code


class _Pairs(dict):
    """(word, next word) -> parts of find() that the two words side by side can need."""

    def __init__(self, pre: Prefilter):
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
        if self._typos and self._typo_lo <= n <= self._typo_hi and w[0].isalpha() \
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
        masks = [ALL] * n
        joined = "\n".join(texts)
        odd = joined.count("\n") != n - 1 or "  " in joined or " \n" in joined or \
            "\n " in joined or joined[:1] == " " or joined[-1:] == " " or "\n\n" in joined
        if not odd and all(texts):  # the usual block: every field is read word by word
            plain = range(n)
            words = joined.replace("\n", " \n ").split(" ")
        else:
            plain = []
            for i, t in enumerate(texts):
                if not t:
                    masks[i] = 0
                elif not odd or not ("\n" in t or "  " in t or t[0] == " " or t[-1] == " "):
                    plain.append(i)
            if not plain:
                return masks
            words = "\n".join([texts[i] for i in plain]).replace("\n", " \n ").split(" ")
        codes = "".join(map(self._codes.__getitem__, words))
        breaks = [m.start() for m in _NL.finditer(codes)]
        got = [0] * len(plain)
        for m in _F_RE.finditer(codes):
            got[bisect_right(breaks, m.start())] |= _F_PARTS[ord(m.group()) - _BASE]
        pos = [m.start() for m in _M_RE.finditer(codes)]
        if pos and self._max_tokens <= 2:
            # Windows of at most two words: the word with the one before and the one after.
            words.append("\n")  # words[q + 1] and words[-1] ("\n") are field breaks
            pairs, word = self._pairs.__getitem__, words.__getitem__
            here = list(map(word, pos))  # (all in C: there is one such word in ten or so)
            before = map(pairs, zip(map(word, map(sub, pos, repeat(1))), here, strict=True))
            after = map(pairs, zip(here, map(word, map(add, pos, repeat(1))), strict=True))
            for q, a, b in zip(pos, before, after, strict=True):
                if a or b:
                    got[bisect_right(breaks, q)] |= a | b
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
        if isinstance(plain, range):
            return got
        for f, i in enumerate(plain):
            masks[i] = got[f]
        return masks
