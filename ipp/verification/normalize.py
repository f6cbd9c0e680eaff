"""Evasion-aware folding of text into a matching skeleton that keeps offsets to the original."""

from __future__ import annotations

import re

# (CJK, DIGIT, LETTER and is_cjk are imported from here by the matching modules.)
from .fold_chars import (  # noqa: F401
    _APOSTROPHES,
    APOS,
    BREAK,
    CJK,
    DIGIT,
    HARD,
    INVIS,
    LETTER,
    SEP,
    SOFT_PUNCT,
    SOFT_WS,
    CharInfo,
    char_info,
    is_cjk,
)

# Fast path: characters that fold to exactly one character map 1:1 through str.translate;
# separators map to placeholder codes. Anything else (combining marks, ß, ﬁ, zero-width
# characters) sends the text down the per-character slow path.
_WS, _PUNCT, _APOS, _BRK, _SLOW = " ", "\x02", "\x03", "\x04", "\x05"
_HARD_RUN = re.compile("[ \x02\x03]*\x04[ \x02\x03\x04]*")
_SOFT_RUN = re.compile("[ \x02\x03]+")
_TOKEN = re.compile("[^ \x02\x03\x04]+")
_SEP_CHAR = re.compile("[ \x02\x03\x04]")
_SLOW_CHAR = re.compile(_SLOW)
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
            if not self._invisible_only(s1):
                self._slow()
            return
        self._fast(s1, text.translate(_CLASS_TABLE))

    def _fast(self, s1: str, c1: str) -> None:
        """From the translations (text through _FOLD_TABLE and _CLASS_TABLE)."""
        self._s1 = s1
        if _PUNCT in s1 or _APOS in s1 or _BRK in s1 or "  " in s1 or s1[:1] == " " or \
                s1[-1:] == " ":
            self.w = _collapse(s1)
            self.cls = _collapse(c1).encode("latin-1")
        else:  # single spaces only: nothing to collapse
            self.w = s1
            self.cls = c1.encode("latin-1")
        self._start = self._end = self._infos = self._joins = None
        self.invis: list[int] = []

    def _invisible_only(self, s1: str) -> bool:
        """What _slow gives, for a text whose only slow characters are invisible ones (zero-width
        spaces, soft hyphens; about one listing field in a hundred): _slow skips them and
        nothing else, so this is the fast path over the text without them, with positions
        mapped back and every offset made now as _slow makes it. False for any other text."""
        text = self.text
        invis = [m.start() for m in _SLOW_CHAR.finditer(s1)]
        for i in invis:
            info = char_info[text[i]]
            if info.cls != INVIS or info.attach:
                return False
        keep = [i for i, ch in enumerate(s1) if ch != _SLOW]  # original index per kept char
        self._fast(s1.replace(_SLOW, ""), text.translate(_CLASS_TABLE).replace(_SLOW, ""))
        joins = self.joins
        if self._start is None:
            self._map()
        starts = [keep[p] for p in self._start]
        ends = [p + 1 for p in starts]
        for q in joins:  # a separator's end is where the next token starts, as in _slow
            ends[q] = starts[q + 1]
        self._start, self._end, self._s1, self.invis = starts, ends, None, invis
        return True

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

    def infos(self, ps) -> list[CharInfo]:
        """[self.info(p) for p in ps], without a call per position."""
        if self._infos is not None:
            return list(map(self._infos.__getitem__, ps))
        if self._start is None:
            self._map()
        text, start = self.text, self._start
        return [char_info[text[start[p]]] for p in ps]

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
