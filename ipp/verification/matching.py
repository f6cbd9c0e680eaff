"""Evasion-aware mark matching: one Aho-Corasick pass over folded text, then confirmation."""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from operator import ne

import ahocorasick

from .child import in_child
from .fold_bulk import fold_many
from .matching_keys import fill_automaton
from .matching_rules import _collapse_ok, _compare, _left_ok, _right_ok
from .normalize import Folded, is_cjk
from .typos import TypoIndex

EVASIONS = ("case_width", "homoglyph", "separator", "leetspeak", "script_conversion", "typo")
_KIND_RANK = {"exact": 0, "alias": 1, "variant": 2}
_TERM_CACHE_SIZE = 1 << 16


@dataclass(frozen=True)
class MarkTerm:
    mark_key: Hashable
    text: str
    is_alias: bool = False


@dataclass(frozen=True)
class Match:
    mark_key: Hashable
    term: str
    matched: str
    kind: str
    field: str
    span: tuple[int, int]
    evasions: tuple[str, ...]
    explanation: str
    certain: bool


class MarkIndex:
    """All mark terms in one automaton; built once, queried per listing."""

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self._multi: list[list[int]] = []
        self._klen, self._nslen, self._edges = array("H"), array("H"), bytearray()
        self._mark_keys: list[Hashable] = []
        self._texts: list[str] = []
        self._alias = bytearray()
        self._typos = TypoIndex()
        self._fold_cache: dict[int, Folded] = {}
        # First words and first two words ("k1 k2") of the multi-word keys, for the scan's
        # prefilter (made on demand: a server's index does without them).
        self._starts: tuple[set[str], set[str]] | None = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_fold_cache": {}}

    @classmethod
    def build(cls, terms: Iterable[MarkTerm], multiword_starts: bool = False) -> MarkIndex:
        """multiword_starts: make multiword_starts() now (cheap here, as every term is folded)."""
        terms = list(terms)
        return cls.from_columns([t.mark_key for t in terms], [t.text for t in terms],
                                [t.is_alias for t in terms], multiword_starts)

    @classmethod
    def from_columns(cls, mark_keys: list[Hashable], texts: list[str], aliases: Sequence[bool],
                     multiword_starts: bool = False, fork: bool = False,
                     folded: list[str] | None = None) -> MarkIndex:
        """build() from the terms' fields as three lists (term i: mark_keys[i], texts[i],
        aliases[i]). fork: make the key tables and the typo index (_key_tables) in a child
        process meanwhile (for a caller with a core to spare; the index is the same). folded:
        fold_many(texts), if the caller has it already.

        Built in bulk (texts folded together, keys grouped in a dict, then added to the
        automaton once each): the same index as adding the terms one by one, in fewer
        Python-level steps."""
        self = cls()
        ws = fold_many(texts) if folded is None else folded
        nss = [w.replace(" ", "") for w in ws]
        keep = [i for i, (w, ns) in enumerate(zip(ws, nss, strict=True))
                if len(ns) >= 2 and len(w) <= 1000]  # a one-letter or empty mark is everywhere
        if len(keep) != len(texts):
            mark_keys, texts, aliases = ([col[i] for i in keep] for col in (mark_keys, texts, aliases))
            ws, nss = [ws[i] for i in keep], [nss[i] for i in keep]
        child = in_child(_key_tables, (ws, nss)) if fork else None
        self._mark_keys = list(mark_keys)
        self._texts = list(texts)
        self._alias = bytearray(map(bool, aliases))
        self._multi = fill_automaton(self._automaton.add_word, ws, nss)
        if self._texts:
            self._automaton.make_automaton()
        if multiword_starts:  # here, not in the child: this process is done first
            self._starts = (set(), set())
            for w in ws:
                if " " in w:
                    _add_start(self._starts, w)
        tables = child() if child is not None else _key_tables((ws, nss))
        self._klen, self._nslen, self._edges, self._typos = tables
        return self

    def multiword_starts(self) -> tuple[set[str], set[str]]:
        """(first words, "first second" pairs) of the keys with several words."""
        if self._starts is None:
            self._starts = (set(), set())
            for tid in range(len(self._texts)):
                w = self._term_fold(tid).w
                if " " in w:
                    _add_start(self._starts, w)
        return self._starts

    def _hits(self, text: str):
        multi, klen, nslen, edges = self._multi, self._klen, self._nslen, self._edges
        for end, v in self._automaton.iter(text):
            codes = (v,) if v >= 0 else multi[-v - 1]
            tid = codes[0] >> 1
            yield end, nslen[tid] if codes[0] & 1 else klen[tid], edges[tid], codes

    def __len__(self) -> int:
        return len(self._texts)

    def _term_fold(self, tid: int) -> Folded:
        tf = self._fold_cache.get(tid)
        if tf is None:
            if len(self._fold_cache) >= _TERM_CACHE_SIZE:
                self._fold_cache.clear()
            tf = self._fold_cache[tid] = Folded(self._texts[tid])
        return tf

    def find(self, text: str, field: str = "title", *, collapse: bool = True,
             typos: bool = True) -> list[Match]:
        """Matches in one text. collapse/typos=False skip those searches; only for callers that
        know they would find nothing (the scan's prefilter)."""
        if not text or not self._texts:
            return []
        f = Folded(text)
        w = f.w
        if not w:
            return []
        found: list[Match] = []
        for end, klen, edges, codes in self._hits(w):
            ws, we = end - klen + 1, end + 1
            if (edges & 1 and not _left_ok(f, ws)) or (edges & 2 and not _right_ok(f, we)):
                continue
            for code in codes:
                self._confirm(f, field, code >> 1, range(ws, we), bool(code & 1), False, found)
        if collapse and f.may_collapse():
            self._find_collapsed(f, field, found)
        if not typos:
            return _best(found)
        named = {m.span for m in found}  # a span naming one mark exactly is no typo of another
        for ws, we, tid in self._typos.candidates(f, lambda t: self._term_fold(t).w.replace(" ", "")):
            s, e = f.original_span(ws, we)
            if (s, e) not in named:
                found.append(Match(self._mark_keys[tid], self._texts[tid], text[s:e], "variant",
                                   field, (s, e), ("typo",), "typo (1 edit)", False))
        return _best(found)

    def _find_collapsed(self, f: Folded, field: str, found: list[Match]) -> None:
        w = f.w
        c2w = list(compress(range(len(w)), map(ne, w, repeat(" "))))  # (in C: a long field)
        ctext = w.replace(" ", "")
        for end, klen, _edges, codes in self._hits(ctext):
            ws, we = c2w[end - klen + 1], c2w[end] + 1
            if " " not in w[ws:we] or "\n" in w[ws:we]:
                continue  # within one token the word view already decided
            if not _collapse_ok(f, ws, we):
                continue
            lps = c2w[end - klen + 1:end + 1]
            for code in codes:
                self._confirm(f, field, code >> 1, lps, True, True, found)

    def _confirm(self, f: Folded, field: str, tid: int, lps, spaceless: bool, collapsed: bool,
                 found: list[Match]) -> None:
        if spaceless:
            tf = self._term_fold(tid)
            tps = [i for i, ch in enumerate(tf.w) if ch != " "]
            if len(tps) != len(lps):
                return
        elif self._klen[tid] != len(lps):  # (the folded term's length: the term is folded
            return  # only when _compare needs it, not for the many exact matches)
        s, e = f.original_span(lps[0], lps[-1] + 1)
        term, seen = self._texts[tid], f.text[s:e]
        invis = f.invis and any(s <= i < e for i in f.invis)
        if not (spaceless or collapsed) and seen == term:
            if not invis:  # (what the general way below gives for an exact match, sooner)
                alias = bool(self._alias[tid])
                found.append(Match(self._mark_keys[tid], term, seen, "alias" if alias else "exact",
                                   field, (s, e), (), f"alias {term}" if alias else "exact", True))
                return
            flags, details = set(), {}  # what _compare finds for identical characters
        elif not (spaceless or collapsed) and seen.isascii() and term.isascii() and \
                seen.lower() == term.lower():
            flags, details = {"case_width"}, {"case_width": ["case folded"]}
        else:
            if not spaceless:
                tf = self._term_fold(tid)
                tps = range(len(tf.w))
                if " " in tf.w:  # the term's spaces face the listing's
                    pairs = [(tp, lp) for tp, lp in zip(tps, lps, strict=True) if tf.w[tp] != " "]
                    tps, lps = [p[0] for p in pairs], [p[1] for p in pairs]
            if (res := _compare(tf, tps, f, lps)) is None:
                return
            flags, details = res
        notes = []
        if collapsed or spaceless or invis:
            flags.add("separator")
            notes.append("separators removed" if collapsed else
                         "word spaces omitted" if spaceless else "zero-width characters removed")
        evasions = tuple(x for x in EVASIONS if x in flags)
        alias = bool(self._alias[tid])
        kind = "variant" if set(evasions) - {"case_width"} else "alias" if alias else "exact"
        found.append(Match(self._mark_keys[tid], self._texts[tid], f.text[s:e], kind, field, (s, e),
                           evasions, _explain(evasions, details, notes, alias, self._texts[tid]),
                           True))

    def find_in_fields(self, fields: Mapping[str, str]) -> list[Match]:
        return [m for name, value in fields.items() if value for m in self.find(value, name)]


def _key_tables(keys: tuple[list[str], list[str]]) -> tuple:
    """The parts of the index made from the folded keys alone (with spaces, without), which a
    child process can make while the parent fills the automaton: key lengths, edge flags and
    the typo index."""
    ws, nss = keys
    return (array("H", map(len, ws)), array("H", map(len, nss)),
            bytearray((not _cjk(ns[0])) | (not _cjk(ns[-1])) << 1 for ns in nss),
            _typo_index(ws))


def _add_start(starts: tuple[set[str], set[str]], w: str) -> None:
    words = w.split(" ", 2)
    starts[0].add(words[0])
    starts[1].add(f"{words[0]} {words[1]}")


def _typo_index(ws: list[str]) -> TypoIndex:
    typos = TypoIndex()
    typos.add_many(ws)
    typos.freeze()
    return typos


def _cjk(ch: str) -> bool:
    return ch >= "\u0e00" and is_cjk(ch)


def _explain(evasions, details, notes, alias: bool, term: str) -> str:
    parts = [f"alias {term}"] if alias else []
    for code in evasions:
        if code in ("homoglyph", "leetspeak"):
            parts.append(f"{code} " + ", ".join(dict.fromkeys(details[code])))
        elif code == "case_width":
            parts.append(", ".join(sorted(set(details[code]))))
        else:
            parts.extend(notes if code == "separator" else ["traditional→simplified Chinese"])
    return "; ".join(parts) or "exact"


def _best(found: list[Match]) -> list[Match]:
    """Best match per mark and place: exact > alias > variant, certain first, then longest."""
    found.sort(key=lambda m: (_KIND_RANK[m.kind], not m.certain, len(m.evasions),
                              m.span[0] - m.span[1], m.span[0]))
    kept: dict[Hashable, list[Match]] = {}
    for m in found:
        spans = kept.setdefault(m.mark_key, [])
        if all(m.span[1] <= k.span[0] or m.span[0] >= k.span[1] for k in spans):
            spans.append(m)
    return sorted((m for ms in kept.values() for m in ms), key=lambda m: m.span)


@lru_cache(maxsize=1024)
def _single_index(text: str, aliases: tuple[str, ...]) -> MarkIndex:
    return MarkIndex.build([MarkTerm(text, text)] + [MarkTerm(text, a, True) for a in aliases])


def match_mark(text: str, aliases: Sequence[str], fields: Mapping[str, str]) -> list[Match]:
    """Matches of one mark (its text and aliases) in the given fields."""
    return _single_index(text, tuple(aliases)).find_in_fields(fields)
