"""The typo index against brute force: every mark one edit away (never at the first letter)
is found, and nothing else; and the bulk build gives what adding the terms one by one gives."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from ipp.verification.fold_bulk import fold_many
from ipp.verification.matching import MarkIndex, MarkTerm
from ipp.verification.normalize import Folded
from ipp.verification.typos import MIN_TYPO_LEN, TypoIndex, one_edit

_LETTERS = "abcde"  # few letters: many keys share pieces, so buckets hold several keys


def _edits(s: str, rng: random.Random) -> str:
    i = rng.randrange(len(s))
    how = rng.choice("sidt")
    c = rng.choice(_LETTERS)
    if how == "s":
        return s[:i] + c + s[i + 1:]
    if how == "i":
        return s[:i] + c + s[i:]
    if how == "d":
        return s[:i] + s[i + 1:]
    return s[:i] + s[i + 1:i + 2] + s[i:i + 1] + s[i + 2:]


def _brute(keys: list[str], s: str) -> tuple[int, ...]:
    return tuple(tid for tid, k in enumerate(keys) if k[0] == s[0] and one_edit(s, k))


def _one_edit_by_definition(a: str, b: str) -> bool:
    letters = set(a + b)
    edits = {a[:i] + a[i + 1:] for i in range(len(a))} | \
        {a[:i] + c + a[i:] for i in range(len(a) + 1) for c in letters} | \
        {a[:i] + c + a[i + 1:] for i in range(len(a)) for c in letters} | \
        {a[:i] + a[i + 1] + a[i] + a[i + 2:] for i in range(len(a) - 1)}
    return a != b and b in edits


@settings(max_examples=400, deadline=None)
@given(st.text("abc", max_size=6), st.text("abc", max_size=6))
def test_one_edit_is_its_definition(a, b):
    assert one_edit(a, b) is _one_edit_by_definition(a, b)
    for c in (a[1:], a[:-1], a + "a", "b" + a, a[::-1]):  # (near pairs, rarely drawn)
        assert one_edit(a, c) is _one_edit_by_definition(a, c)
        assert one_edit(c, a) is _one_edit_by_definition(c, a)


def _random_index(seed: int) -> tuple[random.Random, list[str], TypoIndex]:
    """200 random long keys of few letters (so that buckets hold several) and their index."""
    rng = random.Random(seed)
    keys = ["".join(rng.choice(_LETTERS) for _ in range(rng.randint(MIN_TYPO_LEN, 13)))
            for _ in range(200)]
    index = TypoIndex()
    index.add_many(keys)
    index.freeze()
    return rng, keys, index


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32))
def test_window_lookup_is_exactly_the_brute_force_answer(seed):
    rng, keys, index = _random_index(seed)
    queries = [_edits(rng.choice(keys), rng) for _ in range(150)] + keys[:20] + \
        ["".join(rng.choice(_LETTERS) for _ in range(rng.randint(7, 14))) for _ in range(30)]
    for s in queries:
        if s:
            assert index._window(1, [s]) == _brute(keys, s), s


def test_multi_word_windows_find_only_marks_of_that_many_words():
    index = TypoIndex()
    index.add_many(["louis vuitton", "louisvuittons", "swarovski"])
    index.freeze()
    assert index._window(2, ["louis", "vitton"]) == (0,)
    assert index._window(1, ["louisvitton"]) == (0,)  # glued, a one-word window finds it too
    assert index._window(2, ["paris", "vitton"]) == ()  # no word in its place in any mark
    assert index._window(1, ["swarovsky"]) == (2,)
    assert index._window(1, ["twarovski"]) == ()  # the first letter is never the typo


def test_bulk_fold_equals_folded():
    texts = ["NIKE", "Ｎｉｋｅ", "N.I.K.E", " lead", "trail ", "two  spaces", "L'Oréal",
             "劳力士", "a\nb", "", "Ä\u0308x", "G U C C I", "zero\u200bwidth"]
    assert fold_many(texts) == [Folded(t).w for t in texts]
    assert fold_many(texts[:8] + texts[9:]) == [Folded(t).w for t in texts[:8] + texts[9:]]


def test_bulk_build_equals_term_by_term_automaton_codes():
    terms = [MarkTerm(("X", "1"), "LOUIS VUITTON"), MarkTerm(("X", "2"), "louisvuitton"),
             MarkTerm(("X", "3"), "NIKE"), MarkTerm(("X", "3"), "耐克", True),
             MarkTerm(("X", "4"), "N I K E"), MarkTerm(("X", "5"), "x")]
    index = MarkIndex.build(terms)
    assert len(index) == 5  # the one-letter mark is left out
    # "louisvuitton" is the spaceless key of term 0 and the key of term 1, in that order.
    codes = index._multi[-index._automaton.get(Folded("louisvuitton").w) - 1]
    assert codes == [0 << 1 | 1, 1 << 1]
    found = [m.mark_key for m in index.find("fake Louis Vuitton and nike")]
    assert found == [("X", "1"), ("X", "3"), ("X", "4")]  # "N I K E" read spaceless


def test_typo_index_built_in_a_child_is_the_same():
    texts = ["SWAROVSKI", "LOUIS VUITTON", "NIKE", "BALENCIAGA", "劳力士"]
    keys = [("X", str(i)) for i in range(len(texts))]
    here = MarkIndex.from_columns(keys, texts, [False] * len(texts))
    forked = MarkIndex.from_columns(keys, texts, [False] * len(texts), fork=True)
    assert forked._typos.__getstate__() == here._typos.__getstate__()
    text = "Swarovsky crystal, Louis Vitton bag, Balenciaja"
    assert forked.find(text) == here.find(text) and len(here.find(text)) == 3


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32))
def test_the_bulk_piece_test_keeps_every_word_that_has_a_typo_match(seed):
    """maybe_one_word (a scan block's new words at once) keeps every word one edit from a
    key and drops words that share no piece with any key."""
    rng, keys, index = _random_index(seed)
    words = sorted({_edits(rng.choice(keys), rng) for _ in range(150)} | set(keys[:20]) |
                   {"".join(rng.choice(_LETTERS) for _ in range(rng.randint(7, 14)))
                    for _ in range(30)} | {"xyz" * rng.randint(3, 4) for _ in range(5)})
    maybe = index.maybe_one_word(words)
    assert {w for w in words if _brute(keys, w)} <= maybe
    assert not {w for w in words if w.startswith("xyz")} & maybe  # no piece of any key
