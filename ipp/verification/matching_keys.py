"""Filling the mark index's automaton with every key at once (pure helper for MarkIndex)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from itertools import chain, compress, repeat
from operator import ne


def fill_automaton(add: Callable[[str, int], object], ws: list[str], nss: list[str]
                   ) -> list[list[int]]:
    """Add the keys of terms 0, 1, ... through add (the automaton's add_word): term i's folded
    text ws[i] with code i << 1 and, where it differs, the text without spaces nss[i] with
    code i << 1 | 1. A key of one code gets that code; a key shared by several terms gets
    -(1 + its index in the returned list), which holds its codes in term order. Keys go in in
    the order of their first appearance: the automaton that adding the terms one by one (a
    dict of codes per key) gives, made with every loop over all keys in C (the index build
    is on the way to a cold scan's first hit)."""
    n = len(ws)
    sel = list(chain.from_iterable(zip(repeat(True, n), map(ne, nss, ws), strict=True)))
    keys = list(compress(chain.from_iterable(zip(ws, nss, strict=True)), sel))
    codes = list(compress(range(2 * n), sel))
    value = dict(zip(keys, codes, strict=True))  # (ordered by first appearance, as dicts are)
    multi: list[list[int]] = []
    if len(value) != len(keys):  # some keys are shared: their later appearances name them
        first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))
        shared = set(compress(keys, map(ne, map(first.__getitem__, keys), range(len(keys)))))
        order = list(filter(shared.__contains__, value))
        groups: dict[str, list[int]] = {key: [] for key in order}
        picked = list(map(shared.__contains__, keys))
        for key, code in zip(compress(keys, picked), compress(codes, picked), strict=True):
            groups[key].append(code)
        multi = list(groups.values())
        value.update(zip(order, range(-1, -len(order) - 1, -1), strict=True))
    deque(map(add, value, value.values()), maxlen=0)
    return multi
