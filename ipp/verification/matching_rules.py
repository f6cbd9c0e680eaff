"""The rules that confirm a candidate hit: word boundaries, when separators may be read as an
evasion, and the per-character comparison that names the evasions (pure functions)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .normalize import APOS, CJK, DIGIT, LETTER, SOFT_WS, CharInfo, Folded

_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def _left_ok(f: Folded, p: int) -> bool:
    # Digits and leet symbols next to the hit belong to the word only if a letter lies beyond
    # them (R0LEX has no word LEX in it; NIKE90 still names NIKE).
    cls = f.cls
    p -= 1
    while p >= 0 and cls[p] == DIGIT:
        p -= 1
    return p < 0 or cls[p] != LETTER


def _right_ok(f: Folded, p: int) -> bool:
    cls = f.cls
    n = len(cls)
    while p < n and cls[p] == DIGIT:
        p += 1
    return p >= n or cls[p] != LETTER


def _collapse_ok(f: Folded, ws: int, we: int) -> bool:
    """May the separators inside [ws, we) be read as an evasion rather than real word breaks?"""
    w, cls, joins = f.w, f.cls, f.joins
    spaces = [p for p in range(ws, we) if w[p] == " "]
    kinds = [joins[p] for p in spaces]
    if all(cls[p - 1] == CJK and cls[p + 1] == CJK for p in spaces) and not (
            SOFT_WS in kinds and _HANGUL.search(w, ws, we)):
        return True  # Chinese and Japanese put no spaces between words: any separator is inserted
    if not (_left_ok(f, ws) and _right_ok(f, we)):
        return False  # must cover whole tokens, never start or end inside a word
    tokens = w[ws:we].split(" ")
    if min(map(len, tokens)) == 1:
        # Part of a longer spelled-out run (F-A-G-A-L-G-O-R holds no G-A-L-G-O-R): a one-letter
        # token joined the same way on either side; "a G U C C I" keeps its article.
        n, kind = len(w), kinds[0]
        if ws >= 2 and joins.get(ws - 1) == kind and (ws == 2 or w[ws - 3] in " \n") \
                and w[ws - 2] != "a":
            return False
        if we + 1 < n and joins.get(we) == kind and (we + 2 == n or w[we + 2] in " \n"):
            return False
    if kinds[-1] == APOS and tokens[-1] == "s":
        return False  # a possessive ("van's") is not a split VANS
    if SOFT_WS in kinds:
        # spaced letters (G U C C I, V A N S) yes; words (in tel) or one stray letter (van s,
        # leg o, size s) no
        singles = sum(1 for t in tokens if len(t) == 1)
        return singles >= 2 and 2 * singles >= len(tokens) and max(map(len, tokens)) <= 3
    # punctuation inside a word (N.I.K.E, Wal-Mart) yes; two real words (dove-tail) no
    return sum(1 for t in tokens if len(t) >= 4) <= 1


def _script(ch: str) -> str:
    return unicodedata.name(ch, "Unknown").split()[0].title()


def _compare(tf: Folded, tps: Sequence[int], f: Folded, lps: Sequence[int]):
    """Per-position comparison of term and listing characters: (evasion codes, details) or None
    when a position differs in a way no evasion explains (e.g. a real 'e' for the mark's '3')."""
    flags: set[str] = set()
    details: dict[str, list[str]] = {}
    leet = letters = 0
    cache = _PAIR_CACHE
    for ti, li in zip(tf.infos(tps), f.infos(lps), strict=True):
        if li.cls != DIGIT:
            letters += 1
        if ti.orig == li.orig:
            continue
        # The verdict on two differing characters depends on them alone: the same pairs
        # (a leet 0 for an o, a capital for a small letter) come back again and again.
        got = cache.get((ti.orig, li.orig))
        if got is None:
            if len(cache) > _PAIR_CACHE_SIZE:
                cache.clear()
            got = cache[ti.orig, li.orig] = _pair_verdict(ti, li)
        if not got:
            return None
        flag, detail = got
        flags.add(flag)
        if detail is not None:
            details.setdefault(flag, []).append(detail)
        leet += flag == "leetspeak"
    if leet > letters:
        return None  # "1337" or "$99" is a number, not a disguised mark
    return flags, details


_PAIR_CACHE: dict[tuple[str, str], tuple] = {}
_PAIR_CACHE_SIZE = 100_000


def _pair_verdict(ti: CharInfo, li: CharInfo) -> tuple:
    """(evasion code, detail or None) for a term character ti seen as a different listing
    character li; () when no evasion explains it."""
    if len(ti.out) != 1 or len(li.out) != 1 or ti.l1 == li.l1:
        width = unicodedata.east_asian_width(li.orig[0]) in "FH"
        kind = "full/half-width folded" if width else (
            "case folded" if li.orig.lower() == ti.orig.lower() else "compatibility form")
        return "case_width", kind
    if ti.l2 == li.l2:
        script = _script(li.orig[0])
        what = "accent" if script == "Latin" and _script(ti.orig[0]) == "Latin" else script
        return "homoglyph", f"{what} {li.orig}→{ti.orig}"
    if ti.l3 == li.l3:
        if li.cls == DIGIT and ti.cls == LETTER:
            return "leetspeak", f"{li.orig}→{ti.orig}"
        if (ti.l2 == "l" and li.l2 == "i" and li.orig != li.orig.lower()) or (
                ti.l2 == "i" and li.l2 == "l" and li.orig == li.orig.lower()):
            return "homoglyph", f"{_script(li.orig)} {li.orig}→{ti.orig}"  # capital I, small l
        return ()
    if ti.out == li.out and ti.cls == CJK:
        return "script_conversion", None
    return ()
