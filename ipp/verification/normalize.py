"""Evasion-aware folding of text into a matching skeleton that keeps offsets to the original."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

DATA_DIR = Path(__file__).with_name("data")

# Character classes, as byte values so a whole text's classes fit in one bytes object whose
# separators line up with the folded text (' ' soft join, '\n' hard break). DIGIT covers digits
# and leetspeak symbols: they "bridge" words for the boundary test (R0LEX is one word) but do
# not by themselves make a word character.
LETTER, DIGIT, CJK, INVIS, SEP, BREAK = b"LDCI \n"
# How a collapsed run of separators joined two tokens (kept per space of the folded text).
SOFT_WS, SOFT_PUNCT, APOS, HARD = range(4)

# Zero-width and filler characters used to split words invisibly; category Cf is added too.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u2060\u2061\u2062\u2063\u2064\u3164\ufeff\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
)
# Punctuation that evaders put between letters (N.I.K.E, C*H*A*N*E*L); other punctuation
# (commas, brackets, CJK sentence marks, line breaks) is a hard break that is never collapsed.
# A hyphen separates words too, so "Nike-Air" names NIKE and "dove-tail" names DOVE.
_SEP_PUNCT = frozenset(".*-_·•‧・~/\\^=#+\u2010\u2011\u2012\u2013\u2014\u2015\u2027\u30fb\uff65")
_APOSTROPHES = frozenset("'’‘`´")
_HARD_SPACE = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# Leetspeak: symbol or digit -> letter. 'l' is folded with 'i' as well because 1, | and ! stand
# for either; confirmation against the mark's own letters undoes the ambiguity.
LEET = {"0": "o", "1": "i", "!": "i", "|": "i", "¡": "i", "3": "e", "€": "e", "4": "a",
        "@": "a", "5": "s", "$": "s", "7": "t", "8": "b", "9": "g", "l": "i"}
_LEET_SYMBOLS = frozenset("!|¡€@$")


def _load_confusables() -> dict[str, str]:
    table = {}
    for line in (DATA_DIR / "confusables_latin.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            _, src, dst, _name = line.split("\t")
            table[src] = dst
    return table


def _load_t2s() -> dict[int, str]:
    # The character table of the offline converter (opencc-python-reimplemented): per-character
    # conversion keeps offsets, which phrase conversion would not.
    import opencc

    path = Path(os.path.dirname(opencc.__file__)) / "dictionary" / "TSCharacters.txt"
    raw = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1:
            raw[parts[0]] = parts[1]
    table = {}
    for src, dst in raw.items():
        seen = {src}
        while dst in raw and dst not in seen:  # resolve chains so folding is idempotent
            seen.add(dst)
            dst = raw[dst]
        if dst != src:
            table[ord(src)] = dst
    return table


CONFUSABLES = _load_confusables()
T2S = _load_t2s()


class CharInfo(NamedTuple):
    """One original character (plus attached marks) at each folding level."""

    orig: str
    l1: str  # NFKC + casefold (case_width)
    l2: str  # + homoglyphs and accents (homoglyph)
    l3: str  # + leetspeak (leetspeak)
    out: str  # + traditional->simplified Chinese (script_conversion): the skeleton
    cls: int
    attach: bool  # a combining mark that belongs to the previous character


def is_cjk(ch: str) -> bool:
    """Scripts written without spaces between words: no word-boundary test applies."""
    o = ord(ch)
    return o >= 0x2E80 or 0x1100 <= o <= 0x11FF or 0x0E00 <= o <= 0x0EFF or 0x1780 <= o <= 0x17FF


def _glyph(ch: str) -> str:
    if unicodedata.category(ch) == "Mn":
        return ""
    if ch in CONFUSABLES:
        return CONFUSABLES[ch]
    o = ord(ch)
    if o < 0x2B0 or 0x1E00 <= o < 0x1F00:  # Latin: drop accents
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        return CONFUSABLES.get(base, base)
    return ch


def _compute(chunk: str) -> CharInfo:
    c0 = chunk[0]
    cat0 = unicodedata.category(c0)
    if len(chunk) == 1 and (c0 in _INVISIBLE or cat0 == "Cf"):
        return CharInfo(chunk, "", "", "", "", INVIS, False)
    attach = len(chunk) == 1 and (
        unicodedata.combining(c0) > 0 or cat0[0] == "M" or c0 in "\uff9e\uff9f")
    l1 = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", chunk).casefold())
    cat = unicodedata.category(l1[0])[0] if l1 else "Z"
    if c0 in _HARD_SPACE:
        cls = BREAK
    elif cat == "Z" or l1.isspace() or c0 in _SEP_PUNCT or l1 in _SEP_PUNCT or c0 in _APOSTROPHES:
        cls = SEP
    elif l1 in _LEET_SYMBOLS or cat == "N":
        cls = DIGIT
    elif cat == "L":
        cls = CJK if is_cjk(l1[0]) else LETTER
    else:  # an orphan combining mark has nothing to attach to; other symbols break words
        cls = INVIS if cat == "M" else BREAK
    if cls in (SEP, BREAK, INVIS):
        return CharInfo(chunk, l1, l1, l1, "", cls, attach)
    l2 = "".join(_glyph(c) for c in l1) if cls != CJK else l1
    l3 = "".join(LEET.get(c, c) for c in l2) if cls != CJK else l2
    out = l3.translate(T2S) if cls == CJK else l3
    # Keep only letters and digits so the skeleton folds to itself (idempotence).
    out = "".join(c for c in out if unicodedata.category(c)[0] in "LN")
    return CharInfo(chunk, l1, l2, l3, out, cls if out else INVIS, attach)


class _InfoCache(dict):
    def __missing__(self, key: str) -> CharInfo:
        if len(self) > 200_000:  # bounded: keys include combining sequences from any input
            self.clear()
        value = self[key] = _compute(key)
        return value


char_info = _InfoCache()


# Fast path: characters that fold to exactly one character map 1:1 through str.translate;
# separators map to placeholder codes. Anything else (combining marks, ß, ﬁ, zero-width
# characters) sends the text down the per-character slow path.
_WS, _PUNCT, _APOS, _BRK, _SLOW = " ", "\x02", "\x03", "\x04", "\x05"
_HARD_RUN = re.compile("[ \x02\x03]*\x04[ \x02\x03\x04]*")
_SOFT_RUN = re.compile("[ \x02\x03]+")
_TOKEN = re.compile("[^ \x02\x03\x04]+")
_SEP_CHAR = re.compile("[ \x02\x03\x04]")
_SINGLE = re.compile("(?:^|(?<=[ \n]))[^ \n](?= )|(?<= )[^ \n](?:$|(?=[ \n]))")
_CJK_GAP = re.compile("[\u2e80-\U0010ffff] [\u2e80-\U0010ffff]")


class _Table(dict):
    def __init__(self, as_class: bool):
        super().__init__()
        self.as_class = as_class

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        info = char_info[ch]
        if info.attach or info.cls == INVIS or (info.cls not in (SEP, BREAK) and len(info.out) != 1):
            v = _SLOW
        elif info.cls == BREAK:
            v = _BRK
        elif info.cls == SEP:
            v = _APOS if ch in _APOSTROPHES else _WS if not info.l1 or info.l1.isspace() else _PUNCT
        else:
            v = chr(info.cls) if self.as_class else info.out
        self[cp] = v
        return v


_FOLD_TABLE, _CLASS_TABLE = _Table(False), _Table(True)


def _collapse(s: str) -> str:
    return _SOFT_RUN.sub(" ", _HARD_RUN.sub("\n", s)).strip(" \n")


def _join_kind(gap: str) -> int:
    return HARD if _BRK in gap else APOS if gap == _APOS else SOFT_WS if _WS in gap else SOFT_PUNCT


class Folded:
    """The folded ("word view") skeleton of a text: separator runs collapsed to one space
    (a newline where the run holds a hard break), with lazy offsets back to the original."""

    __slots__ = ("text", "w", "cls", "_s1", "_start", "_end", "_infos", "_joins", "invis")

    def __init__(self, text: str):
        self.text = text
        s1 = text.translate(_FOLD_TABLE)
        if _SLOW in s1:
            self._slow()
            return
        self._s1 = s1
        if _PUNCT in s1 or _APOS in s1 or _BRK in s1 or "  " in s1 or s1[:1] == " " or \
                s1[-1:] == " ":
            self.w = _collapse(s1)
            self.cls = _collapse(text.translate(_CLASS_TABLE)).encode("latin-1")
        else:  # single spaces only: nothing to collapse
            self.w = s1
            self.cls = text.translate(_CLASS_TABLE).encode("latin-1")
        self._start = self._end = self._infos = self._joins = None
        self.invis: list[int] = []

    def _map(self) -> None:
        s1 = self._s1
        if len(s1) == len(self.w):  # nothing was collapsed: positions are the original ones
            self._start = range(len(s1))
            return
        starts: list[int] = []
        joins: dict[int, int] = {}
        prev = -1
        for m in _TOKEN.finditer(s1):
            a, b = m.span()
            if prev >= 0:
                joins[len(starts)] = _join_kind(s1[prev:a])
                starts.append(prev)
            starts.extend(range(a, b))
            prev = b
        self._start, self._joins = starts, joins

    @property
    def joins(self) -> dict[int, int]:
        """Join kind of every separator position of the folded text."""
        if self._joins is None:
            s1 = self._s1
            if len(s1) == len(self.w):
                self._joins = {m.start(): _join_kind(m.group()) for m in _SEP_CHAR.finditer(s1)}
            else:
                self._map()
        return self._joins

    def start(self, p: int) -> int:
        if self._start is None:
            self._map()
        return self._start[p]

    def end(self, p: int) -> int:
        return self._end[p] if self._end is not None else self.start(p) + 1

    def info(self, p: int) -> CharInfo:
        if self._infos is not None:
            return self._infos[p]
        return char_info[self.text[self.start(p)]]

    def original_span(self, ws: int, we: int) -> tuple[int, int]:
        """Map [ws, we) in the folded text back to [start, end) in the original."""
        return self.start(ws), self.end(we - 1)

    def may_collapse(self) -> bool:
        """Cheap test: could any soft separator here hide a split word (a one-character token,
        punctuation between letters, or a gap between CJK characters)?"""
        w = self.w
        if " " not in w:
            return False
        if _SINGLE.search(w) or _CJK_GAP.search(w):
            return True
        if self._s1 is not None:
            return _PUNCT in self._s1 or _APOS in self._s1
        return any(k in (SOFT_PUNCT, APOS) for k in self._joins.values())

    def _slow(self) -> None:
        text, rows, joins, invis = self.text, [], {}, []  # rows: (char, start, end, cls, info)
        pend = -1  # original index where the pending separator run began
        hard = ws = False
        apos = count = i = 0
        n = len(text)
        info_of = char_info
        while i < n:
            j = i + 1
            while j < n and info_of[text[j]].attach:
                j += 1
            info = info_of[text[i:j]] if j > i + 1 else info_of[text[i]]
            c = info.cls
            if c == INVIS:
                invis.append(i)
            elif c == SEP or c == BREAK:
                if pend < 0:
                    pend, hard, ws, apos, count = i, False, False, 0, 0
                count += 1
                hard = hard or c == BREAK
                apos += info.orig in _APOSTROPHES
                ws = ws or (c == SEP and (not info.l1 or info.l1.isspace()))
            else:
                if pend >= 0 and rows:
                    joins[len(rows)] = HARD if hard else APOS if apos == count == 1 else \
                        SOFT_WS if ws else SOFT_PUNCT
                    rows.append(("\n" if hard else " ", pend, i, BREAK if hard else SEP,
                                 info_of[text[pend]]))
                pend = -1
                rows.extend((ch, i, j, c, info) for ch in info.out)
            i = j
        out, start, end, cls, infos = zip(*rows, strict=True) if rows else ((),) * 5
        self.w, self.cls, self._s1 = "".join(out), bytes(cls), None
        self._start, self._end, self._infos, self._joins = start, end, infos, joins
        self.invis = invis


def normalize(text: str) -> str:
    """The matching skeleton: NFKC, casefold, homoglyphs, leetspeak (i/l folded), simplified
    Chinese, invisible characters dropped, separator runs collapsed to one space."""
    return Folded(text).w.replace("\n", " ")
