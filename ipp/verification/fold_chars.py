"""Folding of single characters (with any combining marks attached): each original character
at every folding level, and its class, from Unicode data and the tables in data/."""

from __future__ import annotations

import os
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
