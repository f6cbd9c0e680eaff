"""Typo candidates for long marks from a symmetric-deletion index (never a loop over marks)."""

from __future__ import annotations

import re
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache

from .normalize import CJK, Folded

# Below this many skeleton letters a one-letter change too often yields another real word
# (CHANEL/channel, PHILIPS/Phillips), so only longer marks get typo matching.
MIN_TYPO_LEN = 8
MAX_WINDOW_TOKENS = 4
_ID_BITS = 24
_HASH_MASK = (1 << (63 - _ID_BITS)) - 1
_TOKEN = re.compile("[^ \n]+")
_SALT = (0, 0, 0x5BD1E995, 0x1B873593, 0x27D4EB2F)  # per window size: keys differ by word count
_BLOOM_BITS = 1 << 26
_CACHE_SIZE = 100_000  # 8 MiB; ~1% false positives at 5M deletion keys, checked exactly after


def _hash(s: str) -> int:
    """A hash that is the same in every process (str hash is salted per process), so a built
    index can be saved and loaded by another process."""
    b = s.encode("utf-8", "surrogatepass")
    return zlib.crc32(b) | zlib.crc32(b, _HASH2_SEED) << 32


_HASH2_SEED = 0x5BD1E995


def _deletions(key: str) -> set[str]:
    # The first letter is never edited: typos there are rare and the constraint halves noise.
    return {key} | {key[:i] + key[i + 1:] for i in range(1, len(key))}


def one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    m = min(len(a), len(b))
    while i < m and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1:] == b[i + 1:]:
            return True
        return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    if len(a) > len(b):
        return a[i + 1:] == b[i:]
    return a[i:] == b[i + 1:]


class TypoIndex:
    """Maps every one-deletion variant of each long mark key to the term ids it came from.

    Stored as a sorted array of (hash << 24 | term id) plus a Bloom filter, which keeps a
    million-mark index to tens of megabytes; every hit is re-checked by edit distance."""

    def __init__(self) -> None:
        self._pending = array("q")
        self._arr = array("q")
        self._bloom = bytearray()
        self._words: dict[tuple[int, int], set[str]] = {}
        self._cache: dict[str, tuple[int, ...]] = {}
        self._vocab: frozenset[str] = frozenset()
        self.min_len = 1 << 30
        self.max_len = 0
        self.max_tokens = 0

    def __len__(self) -> int:
        return len(self._arr)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_cache": {}}

    def add(self, term_id: int, words: list[str]) -> None:
        """Index a mark's folded words; multi-word marks are also indexed glued together."""
        key = "".join(words)
        k = len(words)
        if len(key) < MIN_TYPO_LEN or k > MAX_WINDOW_TOKENS or not key.isalpha():
            return
        if max(key) >= "\u2e80":
            return
        self.min_len = min(self.min_len, len(key))
        self.max_len = max(self.max_len, len(key))
        self.max_tokens = max(self.max_tokens, k)
        # One edit leaves all words but one intact: a window of k words is only worth the
        # deletion lookups when one of its words sits in the same place in some mark.
        if k > 1:
            for i, word in enumerate(words):
                self._words.setdefault((k, i), set()).add(word)
        crc, seed2 = zlib.crc32, _HASH2_SEED
        hashes = [crc(b) | crc(b, seed2) << 32 for b in
                  (d.encode("utf-8", "surrogatepass") for d in _deletions(key))]  # _hash, inlined
        for kk in {1, k}:
            salt = _SALT[kk]
            self._pending.extend((((h ^ salt) & _HASH_MASK) << _ID_BITS) | term_id for h in hashes)

    def freeze(self) -> None:
        self._vocab = frozenset(w for words in self._words.values() for w in words)
        self._arr = array("q", sorted(self._pending))
        self._pending = array("q")
        bloom = bytearray(_BLOOM_BITS >> 3) if self._arr else bytearray()
        mask = _BLOOM_BITS - 1
        for v in self._arr:
            h = v >> _ID_BITS
            bloom[(h & mask) >> 3] |= 1 << (h & 7)
            h2 = ((h >> 20) * 0x9E3779B1) & mask
            bloom[h2 >> 3] |= 1 << (h2 & 7)
        self._bloom = bloom

    def _window(self, k: int, words: list[str], key_of: Callable[[int], str]) -> tuple[int, ...]:
        """Term ids one edit away from a window of k words (glued)."""
        if k > 1 and not any(word in self._words.get((k, i), ()) for i, word in enumerate(words)):
            return ()
        s = "".join(words)
        salt, mask, hmask = _SALT[k], _BLOOM_BITS - 1, _HASH_MASK
        bloom, arr, idmask = self._bloom, self._arr, (1 << _ID_BITS) - 1
        found = set()
        for i in range(len(s)):
            h = (_hash(s[:i] + s[i + 1:] if i else s) ^ salt) & hmask
            if not bloom[(h & mask) >> 3] >> (h & 7) & 1:
                continue
            h2 = ((h >> 20) * 0x9E3779B1) & mask
            if not bloom[h2 >> 3] >> (h2 & 7) & 1:
                continue
            j = bisect_left(arr, h << _ID_BITS)
            while j < len(arr) and arr[j] >> _ID_BITS == h:
                found.add(arr[j] & idmask)
                j += 1
        return tuple(tid for tid in found if one_edit(s, key_of(tid)))

    def candidates(self, f: Folded, key_of: Callable[[int], str]) -> list[tuple[int, int, int]]:
        """(folded start, folded end, term id) for every word window one edit from a key."""
        if not self._arr:
            return []
        w, cls = f.w, f.cls
        lo, hi = self.min_len - 1, self.max_len + 1
        out: list[tuple[int, int, int]] = []
        # One-word windows, found by a regex over the whole text rather than a loop per token.
        for m in _token_re(lo, hi).finditer(w):
            s0, te = m.span()
            if w[s0].isalpha() and CJK not in cls[s0:te]:
                out.extend((s0, te, tid) for tid in self._lookup(w[s0:te], 1, key_of))
        if self.max_tokens > 1 and self._words:
            self._multi_windows(f, key_of, out)
        return out

    def _lookup(self, window: str, k: int, key_of: Callable[[int], str]) -> tuple[int, ...]:
        hits = self._cache.get(window)
        if hits is None:
            # Listing vocabulary repeats a lot: remember each window's answer.
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            hits = self._cache[window] = self._window(k, window.split(" "), key_of)
        return hits

    def _multi_windows(self, f: Folded, key_of, out: list) -> None:
        """Windows of two or more words: only those holding a word of some multi-word mark."""
        w, cls = f.w, f.cls
        vocab = self._vocab
        if vocab.isdisjoint(w.split()):
            return  # most texts: no word of any multi-word mark, so no window to look up
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(w)]
        hot = [i for i, (a, b) in enumerate(tokens) if w[a:b] in vocab]
        if not hot:
            return
        starts = sorted({a for i in hot for a in range(max(0, i - self.max_tokens + 1), i + 1)})
        lo, hi = self.min_len - 1, self.max_len + 1
        for a in starts:
            s0 = tokens[a][0]
            if cls[s0] == CJK or not w[s0].isalpha():
                continue
            size = tokens[a][1] - s0
            for b in range(a + 1, min(a + self.max_tokens, len(tokens))):
                tb, te = tokens[b]
                if w[tb - 1] == "\n":
                    break  # never across a hard break
                size += te - tb
                if size > hi:
                    break
                if size < lo or CJK in cls[tb:te]:
                    continue
                out.extend((s0, te, tid) for tid in self._lookup(w[s0:te], b - a + 1, key_of))


@lru_cache(maxsize=64)
def _token_re(lo: int, hi: int) -> re.Pattern:
    return re.compile(f"(?:^|(?<=[ \n]))[^ \n]{{{max(lo, 1)},{hi}}}(?=[ \n]|$)")
