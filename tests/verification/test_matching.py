"""Mark matching per evasion kind, in several scripts, positive and negative."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipp.verification.matching import MarkIndex, MarkTerm, match_mark

MARKS = {
    "NIKE": ["耐克", "ナイキ", "나이키"], "APPLE": [], "DOVE": [], "VANS": [], "MARS": [],
    "CHANEL": ["香奈儿", "Шанель"], "LOUIS VUITTON": ["路易威登"], "SWAROVSKI": [],
    "ROLEX": ["劳力士", "ロレックス"], "GUCCI": ["古驰"], "ADIDAS": [], "PUMA": [], "3M": [],
    "ЛАДА": ["LADA"], "INTEL": [],
}
INDEX = MarkIndex.build(
    [MarkTerm(k, k) for k in MARKS] + [MarkTerm(k, a, True) for k, al in MARKS.items() for a in al])


def one(text, mark):
    hits = [m for m in INDEX.find(text) if m.mark_key == mark]
    assert len(hits) == 1, (text, INDEX.find(text))
    return hits[0]


@pytest.mark.parametrize("text,mark,kind,evasions,explanation", [
    ("NIKE shoes", "NIKE", "exact", (), "exact"),
    ("ＮＩＫＥ", "NIKE", "exact", ("case_width",), "full/half-width folded"),
    ("ﾅｲｷ シューズ", "NIKE", "alias", ("case_width",), "alias ナイキ; full/half-width folded"),
    ("나이키 운동화", "NIKE", "alias", (), "alias 나이키"),
    ("Духи Шанель", "CHANEL", "alias", (), "alias Шанель"),
    ("Лада Веста", "ЛАДА", "exact", ("case_width",), "case folded"),
    ("NІKE", "NIKE", "variant", ("homoglyph",), "homoglyph Cyrillic І→I"),
    ("ΝIKE", "NIKE", "variant", ("homoglyph",), "homoglyph Greek Ν→N"),
    ("N.I.K.E", "NIKE", "variant", ("separator",), "separators removed"),
    ("G U C C I bag", "GUCCI", "variant", ("separator",), "separators removed"),
    ("C*H*A*N*E*L", "CHANEL", "variant", ("separator",), "separators removed"),
    ("NI\u200bKE", "NIKE", "variant", ("separator",), "zero-width characters removed"),
    ("耐 克", "NIKE", "variant", ("separator",), "alias 耐克; separators removed"),
    ("LOUISVUITTON", "LOUIS VUITTON", "variant", ("separator",), "word spaces omitted"),
    ("N1KE", "NIKE", "variant", ("leetspeak",), "leetspeak 1→I"),
    ("R0LEX", "ROLEX", "variant", ("leetspeak",), "leetspeak 0→O"),
    ("勞力士手錶", "ROLEX", "variant", ("script_conversion",),
     "alias 劳力士; traditional→simplified Chinese"),
    ("SWAROVSKY", "SWAROVSKI", "variant", ("typo",), "typo (1 edit)"),
])
def test_each_evasion_is_found_and_named(text, mark, kind, evasions, explanation):
    m = one(text, mark)
    assert (m.kind, m.evasions, m.explanation) == (kind, evasions, explanation)
    assert m.certain is ("typo" not in evasions)
    assert text[m.span[0]:m.span[1]] == m.matched


@pytest.mark.parametrize("text", [
    "pineapple", "dovetail", "caravans", "marsupial", "channel", "Nikon", "pumice", "Louisiana",
    "in Tel Aviv", "van s", "camper van's roof", "them", "EM tape", "3mm", "ΝΙΚΗ", "$99",
    "劳动力", "香奈", "나이 키우기", "Louis Armstrong", "leg o ring", "a dovetail joint",
])
def test_near_misses_are_not_flagged(text):
    assert INDEX.find(text) == []


def test_words_inside_ordinary_multiword_text_still_count():
    assert [m.mark_key for m in INDEX.find("pine apple juice")] == ["APPLE"]
    assert [m.mark_key for m in INDEX.find("a dove tail")] == ["DOVE"]
    assert [m.mark_key for m in INDEX.find("V A N S old skool")] == ["VANS"]
    assert [m.mark_key for m in INDEX.find("buy a G U C C I bag")] == ["GUCCI"]
    assert INDEX.find("X-N-I-K-E-S") == INDEX.find("S W O N I K E") == []  # inside a longer run


def test_span_and_matched_text_in_context():
    m = one("Cheap Adid@s runners", "ADIDAS")
    assert (m.span, m.matched, m.evasions) == ((6, 12), "Adid@s", ("case_width", "leetspeak"))


def test_best_per_mark_and_find_in_fields():
    hits = INDEX.find_in_fields({"title": "NIKE N1KE", "description": "耐克"})
    assert [(m.field, m.kind) for m in hits] == [
        ("title", "exact"), ("title", "variant"), ("description", "alias")]


def test_match_mark_convenience_and_len():
    hits = match_mark("NIKE", ["耐克"], {"title": "正品耐克", "description": "nothing"})
    assert [(h.kind, h.matched, h.mark_key) for h in hits] == [("alias", "耐克", "NIKE")]
    assert len(INDEX) == len(MARKS) + sum(map(len, MARKS.values()))


CANDIDATES = ["NIKE", "GUCCI", "CHANEL", "ROLEX", "劳力士", "ロレックス", "나이키", "ЛАДА", "ADIDAS"]
KEY_OF = {"劳力士": "ROLEX", "ロレックス": "ROLEX", "나이키": "NIKE"}


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(CANDIDATES), st.lists(st.integers(0, 20), max_size=6),
       st.sampled_from(["\u200b", "\u200c", "\u2060", "\ufeff", "\u00ad"]))
def test_zero_width_characters_never_lose_the_match(mark, cuts, zw):
    text = mark
    for c in sorted(cuts, reverse=True):
        c = c % (len(text) + 1)
        text = text[:c] + zw + text[c:]
    assert KEY_OF.get(mark, mark) in {m.mark_key for m in INDEX.find(f"buy {text} now")}


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(CANDIDATES), st.sampled_from([".", " ", "*", "-", "_", "·", " . "]))
def test_spelled_out_marks_never_lose_the_match(mark, sep):
    text = sep.join(mark)
    assert KEY_OF.get(mark, mark) in {m.mark_key for m in INDEX.find(f"buy {text} now")}
