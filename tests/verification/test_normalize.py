"""Folding to the matching skeleton: levels, separators, offsets and idempotence."""

from hypothesis import given, settings
from hypothesis import strategies as st

from ipp.verification.normalize import Folded, normalize


def test_case_and_width_fold():
    assert normalize("ＮＩＫＥ") == normalize("nike") == "nike"
    assert normalize("ﾅｲｷ") == "ナイキ"
    assert normalize("ｸﾞｯﾁ") == "グッチ"  # half-width voiced mark joins its letter


def test_homoglyphs_accents_and_leet_fold_to_latin():
    assert normalize("NІKЕ") == normalize("ΝΙΚΕ") == normalize("nike")  # Cyrillic, Greek
    assert normalize("Hermès") == normalize("HERMES")
    assert normalize("R0LEX") == normalize("rolex")
    assert normalize("Adid@s") == normalize("adidas")


def test_traditional_chinese_folds_to_simplified():
    assert normalize("勞力士") == normalize("劳力士") == "劳力士"


def test_separators_collapse_and_invisibles_vanish():
    assert normalize("N.I.K.E") == "n i k e"
    assert normalize("  Louis -- Vuitton  ") == normalize("louis vuitton")
    assert normalize("Ni\u200bke") == normalize("nike")
    assert normalize("a,\nb") == "a b"


def test_hard_breaks_are_kept_apart_from_soft_joins():
    f = Folded("x\ny, z w")
    assert f.w == "x\ny\nz w"
    assert f.joins == {1: 3, 3: 3, 5: 0}


def test_offsets_map_back_to_the_original_fast_and_slow_path():
    for text in ("Buy ＮＩＫＥ now", "Buy Ni\u200bke now", "Straße NIKE", "ﬁne N.I.K.E!"):
        f = Folded(text)
        i = f.w.index("n", f.w.index(" ") if text.startswith("Buy") else 0)
        s, e = f.original_span(i, i + 1)
        assert normalize(text[s:e]) == "n"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aB1 .*\u200bＮｶﾞé勞Кo@-'\n"), max_size=30))
def test_spans_always_lie_inside_the_text(text):
    f = Folded(text)
    for i in range(len(f.w)):
        s, e = f.original_span(i, i + 1)
        assert 0 <= s < e <= len(text)


def _general(text: str) -> Folded:
    f = Folded.__new__(Folded)
    f.text = text
    f._slow()
    return f


def _view(f: Folded) -> tuple:
    n = len(f.w)
    return (f.w, f.cls, [f.start(p) for p in range(n)], [f.end(p) for p in range(n)],
            [f.info(p) for p in range(n)], f.joins, f.invis, f.may_collapse())


_ALPHABET = st.sampled_from("aB1 .,'’´\u00ad\u200b\u200d\ufeffＮé勞ก-\n\u0301")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=16), st.text(alphabet=_ALPHABET, max_size=16))
def test_invisible_characters_fast_path_is_the_general_path(head, tail):
    # A text whose only slow characters are invisible ones skips Folded._slow, and any other
    # text with one goes through it: either way every offset, class, join and the collapse
    # test are those _slow gives.
    text = f"{head}\u200b{tail}"
    assert _view(Folded(text)) == _view(_general(text))


def test_invisible_characters_take_the_fast_path():
    f = Folded(" N\u200bI.K\u200bE ,\u200b\u200d x")
    assert f._infos is None and f.invis == [2, 6, 10, 11]
    assert _view(f) == _view(_general(f.text))
