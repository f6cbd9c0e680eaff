"""The scan's prefilter never hides a hit: a field it clears has no match, and a search it
leaves out of find() finds nothing; the block scanner gives what find_in_fields gives."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from ipp.verification.bench import generate_listings, generate_marks
from ipp.verification.matching import MarkIndex, MarkTerm
from ipp.verification.normalize import normalize
from ipp.verification.prefilter import COLLAPSE, TYPO, Prefilter
from ipp.verification.scan import Scanner, _best_per_mark

MARKS = {
    "NIKE": ["耐克", "ナイキ", "나이키"], "APPLE": [], "DOVE": [], "VANS": [], "MARS": [],
    "CHANEL": ["香奈儿", "Шанель"], "LOUIS VUITTON": ["路易威登"], "SWAROVSKI": [],
    "ROLEX": ["劳力士", "ロレックス"], "GUCCI": ["古驰"], "ADIDAS": [], "PUMA": [], "3M": [],
    "ЛАДА": ["LADA"], "INTEL": [], "THE NORTH FACE": [], "NEW BALANCE": [], "AB": [],
    "TOMMY HILFIGER": [], "OFF WHITE": [],
}
INDEX = MarkIndex.build(
    [MarkTerm(k, k) for k in MARKS] + [MarkTerm(k, a, True) for k, al in MARKS.items() for a in al])
PIECES = ["nike", "N1KE", "n", "i", "k", "e", "a", "b", "ab", "AB", "2", "3", "2024", "9a", "b9",
          "apple", "pine", "dove", "tail", "Louis", "Vuitton", "Vitton", "louisvuitton", "the",
          "north", "face", "nort", "new", "balance", "balanse", "Swarovsky", "swarovski", "gucci",
          "G", "U", "C", "耐", "克", "耐克", "劳力士", "勞力士", "力", "ナイキ", "나이키", "Шанель",
          "ЛАДА", "lada", "3M", "3m", "em", "tommy", "hilfiger", "hilfigr", "off", "white", "whit",
          "NІKE", "ＮＩＫＥ", "Adid@s", "$", "@", "!", "l", "I", "1", "0", "intel", "in", "tel",
          "x", "xx", "abc", "\u200b", "N\u200bIKE", "e\u0301", "\u0301a", "N.I.K.E", "V-A-N-S",
          "dove-tail", "van's", "G*U*C*C*I", "a.b", "ab,", "（耐克）", "\u3000", "\t", "\u00a0",
          "2024ni", "ke2024", "9n", "e9"]
JOINS = [" ", " ", " ", " ", " ", "  ", "\n", "", ", ", ". ", "-", "\u200b"]


def _check(texts: list[str]) -> None:
    masks = Prefilter(INDEX).masks(texts)
    for text, mask in zip(texts, masks, strict=True):
        full = INDEX.find(text)
        if not mask:
            assert full == [], (text, full)
        else:
            assert INDEX.find(text, collapse=bool(mask & COLLAPSE), typos=bool(mask & TYPO)) == full, text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(JOINS)), max_size=8),
                min_size=1, max_size=6))
def test_prefilter_never_hides_a_match(fields):
    _check(["".join(p + j for p, j in words).rstrip(" ") if len(words) % 3 else
            " ".join(p for p, _ in words) for words in fields])


def test_prefilter_on_known_cases_and_what_it_clears():
    texts = ["pine apple juice", "a dove tail", "V A N S old skool", "buy a G U C C I bag",
             "X N I K E S", "Louis Vitton bag", "the north fase jacket", "nikon camera",
             "9a b9", "耐 克", "勞力士手錶", "new balanse 574", "plain words only", "", "a 2 3",
             "3M tape", "3mm screw", "ЛАДА Веста", "tommy hilfigr shirt", "off whit shoes",
             "buy 2024ni k e now", "n i ke2024", "9n i k e9"]  # pieces after/before digits
    _check(texts)
    masks = Prefilter(INDEX).masks(texts)
    assert masks[texts.index("plain words only")] == 0 and masks[texts.index("")] == 0
    assert masks[texts.index("nikon camera")] == 0  # a near miss is cleared without find()
    assert masks[texts.index("Louis Vitton bag")] & TYPO
    assert masks[texts.index("V A N S old skool")] & COLLAPSE
    assert masks[texts.index("buy 2024ni k e now")] & COLLAPSE


def test_block_scanner_equals_find_in_fields_on_generated_data():
    marks = list(generate_marks(3000, seed=5))
    index = MarkIndex.build([MarkTerm((m["office"], m["number"]), t, i > 0) for m in marks
                             for i, t in enumerate([m["text"], *m["aliases"]])])
    listings = list(generate_listings(3000, marks[::7], seed=5, planted=0.3))
    rng = random.Random(5)
    for rec in listings[::5]:  # punctuation and odd spacing as real listings have them
        rec["title"] = rec["title"].replace(" ", rng.choice([", ", "  ", " - ", "/"]), 2)
    import json

    lines = [json.dumps(r, ensure_ascii=False).encode() for r in listings]
    n, got, errors = Scanner(index).block(lines)
    expected = []
    for rec in listings:
        found = index.find_in_fields({"title": rec["title"], "description": rec["description"]})
        expected += [(rec["id"], m.mark_key, m.span, m.explanation) for m in _best_per_mark(found)]
    assert (n, errors) == (len(listings), [])
    assert len(expected) > 500
    assert [(h["listing_id"], (h["office"], h["number"]), tuple(h["span"]), h["explanation"])
            for h in map(json.loads, got)] == expected


def test_multiword_starts_made_at_build_or_on_demand_agree():
    terms = [MarkTerm(k, k) for k in MARKS] + [MarkTerm(k, a, True) for k, al in MARKS.items() for a in al]
    eager = MarkIndex.build(terms, multiword_starts=True).multiword_starts()
    assert eager == MarkIndex.build(terms).multiword_starts()
    assert {normalize("LOUIS"), "the", "new"} <= eager[0] and "the north" in eager[1]


def test_word_tails_and_heads_follow_the_boundary_rules_for_every_class_string():
    """_first_forms/_last_forms take shortcuts for words of letters and digits; they give
    exactly the tails (heads) that pass the boundary test, for every class string up to 7."""
    from itertools import product

    from ipp.verification.prefilter_codes import _first_forms, _last_forms, _left_ok, _right_ok

    for size in range(1, 8):
        for classes in map("".join, product("LDC", repeat=size)):
            word = "".join("abcdefg"[i] if k == "L" else "0123456"[i] if k == "D" else "中国人民大会堂"[i]
                           for i, k in enumerate(classes))
            assert _first_forms(word, classes) == {
                word[j:] for j in range(size) if _left_ok(classes, j)}, classes
            assert _last_forms(word, classes) == {
                word[:j] for j in range(1, size + 1) if _right_ok(classes, j)}, classes


def test_word_codes_made_in_bulk_are_those_made_one_by_one():
    """prefilter_bulk codes a block's new plain ASCII words together; each code equals
    Prefilter.word_bits for that word, on an index with typos, multi-word marks and aliases,
    for words that hit, nearly hit (one edit), start a multi-word mark, or are model numbers."""
    from ipp.verification.prefilter_bulk import fill_codes, word_codes

    marks = list(generate_marks(3000, seed=9))
    index = MarkIndex.build([MarkTerm((m["office"], m["number"]), t, i > 0) for m in marks
                             for i, t in enumerate([m["text"], *m["aliases"]])]
                            + [MarkTerm(k, k) for k in MARKS])
    rng = random.Random(9)
    words = {w for m in marks[:400] for w in m["text"].split()}
    words |= {w[:3] + w[4:] for w in list(words) if len(w) > 8}  # one letter dropped
    words |= {w[:2] + "x" + w[2:] for w in list(words)[:300]}  # one letter added
    words |= {"".join(rng.choice("ABCDEFGHKXZ0123456789") for _ in range(rng.randint(1, 10)))
              for _ in range(600)}  # model numbers, codes, single letters
    words |= {p for p in PIECES if " " not in p}
    words |= {w for rec in generate_listings(300, marks[::9], seed=9, planted=0.3)
              for w in rec["title"].split(" ") + rec["description"].split(" ")}
    words = sorted(words)
    bulk, single = Prefilter(index), Prefilter(index)
    assert fill_codes(bulk, words)
    stored = [w for w in words if w in bulk._codes]
    assert len(stored) > 0.8 * len(words)  # most went the bulk way
    assert {w: bulk._codes[w] for w in stored} == {w: single._codes[w] for w in stored}
    bits = {ord(bulk._codes[w]) - 0x1000 for w in stored}
    assert len(bits) > 10  # words of many kinds, not one code for all
    # And the block's code string is the same whichever way its words were coded.
    block = words + ["\n"] + words[::-1]
    expected = "".join(map(single._codes.__getitem__, block))
    assert word_codes(Prefilter(index), block) == expected  # all new: every code looked up again
    known = Prefilter(index)
    word_codes(known, words[:-100])
    assert 4 * 200 < len(block)  # a few new words: their codes spliced into the known ones
    assert word_codes(known, block) == expected
