"""Typo candidates for long marks from an index of key pieces (never a loop over marks)."""

from __future__ import annotations

import re
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache
from itertools import compress, groupby, repeat
from operator import add, and_, ge, itemgetter, le, lshift, lt, or_, rshift

from .normalize import CJK, Folded

try:
    from ._fastscan import PieceSet
except ImportError:  # not compiled here: maybe_one_word in Python
    PieceSet = None

# Below this many skeleton letters a one-letter change too often yields another real word
# (CHANEL/channel, PHILIPS/Phillips), so only longer marks get typo matching.
MIN_TYPO_LEN = 8
MAX_WINDOW_TOKENS = 4
_POS_BITS = 31  # an entry is crc32(piece, seed) << _POS_BITS | position of the key
_POS_MASK = (1 << _POS_BITS) - 1
_TOKEN = re.compile("[^ \n]+")
_CACHE_SIZE = 100_000


def one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one insertion, deletion, substitution or swap.
    (Called for every typo candidate: each case scans to the first difference with as few
    tests per letter as it needs.)"""
    n = len(a)
    if n == len(b):
        if a == b:
            return False
        i = 0
        while a[i] == b[i]:  # (a difference lies ahead: no bound needed)
            i += 1
        if a[i + 1:] == b[i + 1:]:
            return True
        return i + 1 < n and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    if n == len(b) + 1:  # a deletion from a is an insertion into b
        a, b, n = b, a, n - 1
    elif n + 1 != len(b):
        return False
    i = 0  # b is a with one letter inserted: at the first difference
    while i < n and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def _pieces(s: str | bytes, n: int) -> tuple:
    """The three pieces of a key of length n that a text s one edit from it keeps intact,
    read from s: with t = n // 3, the head s[:n-1-t], the tail (the last n-1-t letters) and
    the first t letters with the last t. One edit touches at most two adjacent positions of
    the key, so it lies wholly in [t, n-1] (head intact), [0, t] (tail intact) or [t, n-1-t]
    (ends intact); an insertion or deletion only shifts the part after it."""
    t = n // 3
    m = len(s)
    return s[:n - 1 - t], s[m - (n - 1 - t):], s[:t] + s[m - t:]


class TypoIndex:
    """Typo candidates for long marks: each key (a mark's folded letters, words glued) is
    indexed by three pieces (see _pieces) so that a word window one edit from it shares one
    of them; a window looks up the pieces for the key lengths one edit allows, and every hit
    is confirmed by one_edit. The edit never touches the first letter (typos there are rare
    and the constraint halves the noise).

    Stored as a sorted array of (crc32 of piece, seeded by key length and piece kind) << 31
    | key position: three entries per long mark, built with a few C-level passes."""

    def __init__(self) -> None:
        self._arr = array("q")
        self._keys: list[str] = []
        self._tids = array("l")
        self._nwords = bytearray()
        self._lengths: frozenset[int] = frozenset()
        self._words: dict[tuple[int, int], set[str]] = {}
        self._cache: dict[str, tuple[int, ...]] = {}
        self._hashes: set[int] | None = None  # the pieces' hashes, made per process (piece_hashes)
        self._piece_set = None  # the same in C (_fastscan.PieceSet), made per process too
        self._vocab: frozenset[str] = frozenset()
        self.min_len = 1 << 30
        self.max_len = 0
        self.max_tokens = 0

    def __len__(self) -> int:
        return len(self._arr)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_cache": {}, "_hashes": None, "_piece_set": None}

    def add_many(self, folded: list[str]) -> None:
        """Index every term's folded words: folded[i] is the folded text of term id i; a mark
        of several words is indexed glued together. Only keys of MIN_TYPO_LEN letters or
        more, of at most MAX_WINDOW_TOKENS words, outside CJK. (The tests are made on all
        terms at once in C, the loop runs only over the marks of several words: this is on
        the way to a cold scan's first hit.)"""
        glued = list(map(str.replace, folded, repeat(" "), repeat("")))
        ok = list(map(and_, map(le, repeat(MIN_TYPO_LEN), map(len, glued)), map(str.isalpha, glued)))
        tids, keys = list(compress(range(len(glued)), ok)), list(compress(glued, ok))
        ks = list(map(add, map(str.count, compress(folded, ok), repeat(" ")), repeat(1)))
        ok = list(map(and_, map(ge, repeat(MAX_WINDOW_TOKENS), ks),
                      map(lt, map(max, keys), repeat("\u2e80"))))
        tids, keys, ks = list(compress(tids, ok)), list(compress(keys, ok)), list(compress(ks, ok))
        # One edit leaves all words but one intact: a window of k words is only worth the
        # lookups when one of its words sits in the same place in some mark.
        several = list(map(lt, repeat(1), ks))
        for tid, k in zip(compress(tids, several), compress(ks, several), strict=True):
            for i, word in enumerate(folded[tid].split(" ")):
                self._words.setdefault((k, i), set()).add(word)
        self._keys.extend(keys)
        self._tids.extend(tids)
        self._nwords.extend(ks)

    def freeze(self) -> None:
        keys = self._keys
        self._hashes = None
        self._vocab = frozenset(w for words in self._words.values() for w in words)
        if not keys:
            return
        lengths = list(map(len, keys))
        self._lengths = frozenset(lengths)
        self.min_len, self.max_len = min(lengths), max(lengths)
        self.max_tokens = max(self._nwords)
        entries: list[int] = []
        crc = zlib.crc32
        length = lengths.__getitem__
        for n, group in groupby(sorted(range(len(keys)), key=length), key=length):
            positions = list(group)
            group_keys = list(map(keys.__getitem__, positions))
            t = n // 3
            a = n - 1 - t  # _pieces(key, n) for every key of this length, a kind at a time
            for kind, pieces in enumerate((
                    map(itemgetter(slice(None, a)), group_keys),
                    map(itemgetter(slice(t + 1, None)), group_keys),
                    map(add, map(itemgetter(slice(None, t)), group_keys),
                        map(itemgetter(slice(n - t, None)), group_keys)))):
                raw = "\n".join(pieces).encode("utf-8", "surrogatepass").split(b"\n")
                hashes = map(crc, raw, repeat(n << 2 | kind))
                entries.extend(map(or_, map(lshift, hashes, repeat(_POS_BITS)), positions))
        entries.sort()
        self._arr = array("q", entries)

    def _window(self, k: int, words: list[str], key_of: Callable[[int], str] | None = None
                ) -> tuple[int, ...]:
        """Term ids one edit from a window of k words (glued); key_of is not needed (the index
        keeps its keys) and only accepted for callers of the earlier signature."""
        if k > 1 and not any(word in self._words.get((k, i), ()) for i, word in enumerate(words)):
            return ()
        s = "".join(words)
        if PieceSet is not None and s.isascii():  # (the same lookup, in C)
            return self._pieces_in_c().window(s, k, self._arr, self._keys, self._tids,
                                              self._nwords)
        lengths, crc, hashes = self._lengths, zlib.crc32, self.piece_hashes()
        # Most windows (a listing's long tail of words: model numbers, names) share no piece
        # with any key: each piece is tested against a set of the hashes first, and only the
        # few that are in it are looked up in the sorted array. An ASCII window is encoded
        # once and its pieces cut from the bytes (the same bytes as each piece encoded).
        raw = s.encode("utf-8", "surrogatepass") if s.isascii() else None
        hits = []
        for n in (len(s) - 1, len(s), len(s) + 1):
            if n not in lengths:
                continue
            pieces = _pieces(raw, n) if raw is not None else \
                [p.encode("utf-8", "surrogatepass") for p in _pieces(s, n)]
            for kind, piece in enumerate(pieces):
                h = crc(piece, n << 2 | kind)
                if h in hashes:
                    hits.append(h)
        if not hits:
            return ()
        arr, keys = self._arr, self._keys
        size, found = len(arr), set()
        for h in hits:
            j = bisect_left(arr, h << _POS_BITS)
            while j < size and arr[j] >> _POS_BITS == h:
                found.add(arr[j] & _POS_MASK)
                j += 1
        nwords, tids, first = self._nwords, self._tids, s[0]
        return tuple(sorted(tids[p] for p in found if (k == 1 or nwords[p] == k)
                            and keys[p][0] == first and one_edit(s, keys[p])))

    def piece_hashes(self) -> set[int]:
        """The set of piece hashes in the index, made on first use in each process (in C, from
        the sorted array; not pickled: it is quicker to make than to load). A scan makes it
        before forking its workers, which share it."""
        if self._hashes is None:
            self._hashes = set(map(rshift, self._arr, repeat(_POS_BITS)))
        return self._hashes

    def _pieces_in_c(self):
        """piece_hashes() as a compiled PieceSet (made on first use in each process)."""
        if self._piece_set is None:
            self._piece_set = PieceSet(self.piece_hashes(), self._lengths)
        return self._piece_set

    def maybe_one_word(self, words: list[str]) -> set[str]:
        """Of these ASCII words, those for which _window(1, [word]) may find a key: the words
        with one of their pieces in the index. For every other word it finds nothing. Made
        for many words at once (a scan block's new words), a length at a time, in C: the
        pieces cut by itemgetter, hashed by map, tested against the set."""
        if PieceSet is not None:
            return set(self._pieces_in_c().maybe(words))
        hashes, lengths, crc = self.piece_hashes(), self._lengths, zlib.crc32
        found: set[str] = set()
        for m, group in groupby(sorted(words, key=len), key=len):
            group = list(group)
            raw = "\n".join(group).encode("ascii").split(b"\n")
            for n in (m - 1, m, m + 1):
                if n not in lengths:
                    continue
                t = n // 3
                a = n - 1 - t  # _pieces(word, n) for every word of the group, a kind at a time
                for kind, pieces in enumerate((
                        map(itemgetter(slice(None, a)), raw),
                        map(itemgetter(slice(m - a, None)), raw),
                        map(add, map(itemgetter(slice(None, t)), raw),
                            map(itemgetter(slice(m - t, None)), raw)))):
                    hit = map(hashes.__contains__, map(crc, pieces, repeat(n << 2 | kind)))
                    found.update(compress(group, hit))
        return found

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
