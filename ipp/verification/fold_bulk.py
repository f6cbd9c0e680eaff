"""Folding many texts at once (the marks of an index build): one translate pass over all of
them, Folded only for the texts that need more than their translation."""

from __future__ import annotations

import re

from .normalize import _BRK, _FOLD_TABLE, Folded

_ODD = re.compile("[\x02\x03\x04\x05]|  |^ | $")


def fold_many(texts: list[str]) -> list[str]:
    """[Folded(t).w for t in texts], translating all texts in one pass: a text with nothing
    to collapse folds to its translation (Folded's fast path); the others go through Folded."""
    ascii_only = list(map(str.isascii, texts))
    if all(ascii_only) or not any(ascii_only):
        return _fold_joined(texts)
    # str.translate has a much faster path for ASCII text (most marks): the ASCII texts and
    # the others are translated apart.
    out = [""] * len(texts)
    for group in ([i for i, a in enumerate(ascii_only) if a],
                  [i for i, a in enumerate(ascii_only) if not a]):
        for i, w in zip(group, _fold_joined([texts[i] for i in group]), strict=True):
            out[i] = w
    return out


def _fold_joined(texts: list[str]) -> list[str]:
    if not texts:
        return []
    s1 = "\n".join(texts).translate(_FOLD_TABLE)  # "\n" folds to _BRK
    parts = s1.split(_BRK)
    if len(parts) != len(texts):  # a text holds a hard break of its own
        return [Folded(t).w for t in texts]
    odd = _ODD.search
    return [Folded(t).w if odd(p) else p for t, p in zip(texts, parts, strict=True)]
