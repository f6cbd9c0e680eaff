"""The scan's compiled steps (ipp/verification/fastscan/) give exactly what the Python path gives:
the texts a JSON line holds (or a refusal, never a different answer), the code of every word of a
block, the words themselves, and so the prefilter's masks and the scanner's hits."""

import json
import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipp.verification import prefilter_bulk, prefilter_codes, scan_block, typos
from ipp.verification.bench import generate_listings, generate_marks
from ipp.verification.matching import MarkIndex, MarkTerm
from ipp.verification.prefilter import Prefilter
from ipp.verification.prefilter_bulk import _NEW, block_codes
from ipp.verification.scan import Scanner

try:
    from ipp.verification import _fastscan
except ImportError:  # pragma: no cover - depends on the machine
    _fastscan = None


def test_compiled_core_is_built():
    """`make install` compiles it wherever there is a C compiler; CI must not quietly run
    the Python path instead (both are tested, but only one is measured)."""
    if _fastscan is None:
        if os.environ.get("CI") == "true":
            pytest.fail("ipp/verification/fastscan/ was not compiled (gcc and python3-dev?)")
        pytest.skip("the compiled core is not built here; the Python path is in use")
    # (setup.py builds it optional: a compile error leaves an older build in place, or none.)
    assert {"CodeTable", "Words", "PieceSet", "listing_fields", "plain_codes"} <= set(dir(_fastscan))
    assert prefilter_codes.CodeTable is _fastscan.CodeTable
    assert scan_block._listing_fields is _fastscan.listing_fields
    assert prefilter_bulk.plain_codes is _fastscan.plain_codes and typos.PieceSet is _fastscan.PieceSet


needs_core = pytest.mark.skipif(_fastscan is None, reason="the compiled core is not built here")
FIELDS = ("title", "description")


def _reference(line: bytes) -> list[str] | None:
    """What the decoders' way makes of one line, for the texts: all lines of a block decoded
    by orjson (_records_or_none) or, when that fails, each by _parse; None for a line it
    reports (or skips, when blank)."""
    got = scan_block._records_or_none([line])
    if got is not None:
        return got[1]
    try:
        record = scan_block._parse(line)
    except ValueError:
        return None
    return [record.get(name) or "" for name in FIELDS]


def _agrees(line: bytes) -> list[str] | None:
    """listing_fields on one line; whenever it answers, the decoders' way answers the same,
    and the record decoded later for a hit is the one that way decodes."""
    got = _fastscan.listing_fields([line], FIELDS)
    if got is not None:
        assert _reference(line) == got, line
        assert scan_block._LinesAsRecords([line])[0] == scan_block._parse(line), line
    return got


text_values = st.one_of(st.text(), st.text(alphabet="abcNIKE 耐克\"\\/\b\f\n\r\t\u2028é\x7f"))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=False), text_values)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8)


@needs_core
@settings(max_examples=600, deadline=None)
@given(listing_id=st.one_of(st.text(max_size=8), st.integers(-10**20, 10**20), scalars),
       fields=st.dictionaries(st.sampled_from(FIELDS), st.one_of(text_values, st.none(), values)),
       extra=st.dictionaries(st.text(max_size=8), values, max_size=3),
       ascii_only=st.booleans(), spaced=st.booleans())
def test_listing_fields_never_answer_otherwise_than_the_decoders(listing_id, fields, extra,
                                                                 ascii_only, spaced):
    record = {**extra, "id": listing_id, **fields}
    try:
        line = json.dumps(record, ensure_ascii=ascii_only,
                          separators=(", ", ": ") if spaced else (",", ":")).encode()
    except UnicodeEncodeError:  # a lone surrogate, which UTF-8 cannot hold
        return
    _agrees(line)


plain_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)))
plain_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), plain_text),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(plain_text.filter(lambda k: "\\" not in json.dumps(k)),
                                            inner, max_size=3)),
    max_leaves=8)


@needs_core
@settings(max_examples=300, deadline=None)
@given(listing_id=st.one_of(plain_text, st.integers(-10**12, 10**12)),
       fields=st.dictionaries(st.sampled_from(FIELDS), st.one_of(plain_text, st.none())),
       extra=st.dictionaries(st.text(alphabet="abcdefgxyz_", min_size=3, max_size=8), plain_values,
                             max_size=3),
       ascii_only=st.booleans())
def test_listing_fields_take_ordinary_records(listing_id, fields, extra, ascii_only):
    """Strings of any character but surrogates, small numbers, nesting, escapes in values:
    read here (so the test above is not passed by refusing everything)."""
    line = json.dumps({**extra, "id": listing_id, **fields}, ensure_ascii=ascii_only).encode()
    assert _agrees(line) == [fields.get(name) or "" for name in FIELDS], line


@needs_core
@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=40), st.integers(0, 80))
def test_listing_fields_never_take_a_line_the_decoders_refuse(noise, at):
    """Bytes spliced into a well-formed line: whatever listing_fields takes, the decoders
    take with the same texts."""
    line = b'{"id": "L1", "title": "Nike \\u00e9 shoes", "description": "x", "n": [1, 2.5, {"a": null}]}'
    _agrees(line[:at] + noise + line[at:])
    _agrees(line[:at] + noise)


@needs_core
@pytest.mark.parametrize("line, texts", [
    (b'{"id": "a", "title": "t", "description": "d"}', ["t", "d"]),
    (b'{"id": 7, "title": null}', ["", ""]),
    (b'  {"id": -0,"description":"\\u8010\\u514b \\n \\"q\\""}\r', ["", '耐克 \n "q"']),
    (b'{"title": "caf\xc3\xa9 \xe8\x80\x90", "id": "x", "x": {"y": [true, false, null, -1.5e3]}}',
     ["café 耐", ""]),
    (b'{"id": "a", "title": ""}', ["", ""]),
    (b'', None),  # blank: the decoders' way reports or skips it
    (b'{"title": "t"}', None),  # no id
    (b'{"id": true, "title": "t"}', None),
    (b'{"id": 1.5}', None),
    (b'{"id": "a", "title": 3}', None),
    (b'{"id": "a", "title": "t", "title": "u"}', None),  # a key twice
    (b'{"id": "a", "ti\\u0074le": "t"}', None),  # an escape in a key
    (b'{"id": "a", "title": "\\ud83d\\ude00!"}', ["\U0001f600!", ""]),  # a pair: one character
    (b'{"id": "a", "title": "\\ud83d"}', None),  # a lone surrogate
    (b'{"id": "a", "title": "\\ude00\\ud83d"}', None),  # the wrong way round
    (b'{"id": "a", "title": "\\ud83d\\u0041"}', None),
    (b'{"id": "a", "title": "\xed\xa0\x80"}', None),  # a surrogate in UTF-8
    (b'{"id": "a", "title": "\xc0\xaf"}', None),  # overlong UTF-8
    (b'{"id": "a", "title": "\xff"}', None),
    (b'{"id": 123456789012345678901}', None),  # an id orjson reads as a float: reported
    (b'{"id": 12345678901234567, "description": "d"}', ["", "d"]),
    (b'{"id": "a", "p": 19.990000000000002, "q": 1e400, "r": -0.0e-5000}', ["", ""]),
    (b'{"id": "a", "n": NaN}', None),
    (b'{"id": "a"} x', None),
    (b'{"id": "a",}', None),
    (b'["id", "a"]', None),
    (b'{"id": "a", "title": "tab\tinside"}', None),  # a raw control character
    (b'{"id": "a", "n": ' + b"[" * 70 + b"]" * 70 + b"}", None),  # deep nesting
])
def test_listing_fields_on_known_lines(line, texts):
    assert _agrees(line) == texts
    if texts is not None:
        assert _reference(line) == texts


@needs_core
def test_listing_fields_gives_up_on_the_whole_block_for_one_odd_line():
    good = b'{"id": "a", "title": "t"}'
    assert _fastscan.listing_fields([good, good], FIELDS) == ["t", "", "t", ""]
    assert _fastscan.listing_fields([good, b'{"id": "b", "title": 1}', good], FIELDS) is None


WORDS = ["nike", "N1KE", "", "耐克", "勞力士", "ナイキ", "Шанель", "\n", "a", "2024", "x" * 40,
         "pineapple", "Adid@s", "\U0001f600", "é", "e\u0301", "\u200b", "G*U*C*C*I"]


def _python_prefilter(index) -> Prefilter:
    pre = Prefilter(index)
    pre._codes.table = None  # the Python path, whatever is compiled here
    return pre


@needs_core
@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=10), min_size=1, max_size=12))
def test_block_codes_and_words_are_those_of_split_and_the_dict(fields):
    index = MarkIndex.build([MarkTerm("NIKE", "NIKE"), MarkTerm("NIKE", "耐克", True),
                             MarkTerm("ROLEX", "劳力士"), MarkTerm("SWAROVSKI", "SWAROVSKI")])
    text = " \n ".join(" ".join(words) for words in fields)
    compiled, python = Prefilter(index), _python_prefilter(index)
    codes, words = block_codes(compiled, text)
    expected_codes, expected_words = block_codes(python, text)
    assert codes == expected_codes and _NEW not in codes
    assert len(words) == len(expected_words)
    assert [words[i] for i in range(len(words))] == expected_words
    assert words[-1] == words[len(words)] == "\n"  # one past either end: a field break
    assert words[1:4] == expected_words[1:4]
    assert block_codes(compiled, text)[0] == codes  # again, all words known now


@needs_core
def test_masks_and_hits_equal_the_python_path_on_generated_data(monkeypatch):
    marks = list(generate_marks(2000, seed=11))
    index = MarkIndex.build([MarkTerm((m["office"], m["number"]), t, i > 0) for m in marks
                             for i, t in enumerate([m["text"], *m["aliases"]])])
    listings = list(generate_listings(2000, marks[::5], seed=11, planted=0.3, tail_words=5))
    rng = random.Random(11)
    for rec in listings[::4]:
        rec["title"] = rec["title"].replace(" ", rng.choice(["  ", " ", ", ", " 耐克 "]), 3)
    texts = [rec[name] for rec in listings for name in FIELDS]
    # A small cache limit: the caches (and the table with them) are reset several times.
    monkeypatch.setattr(prefilter_codes, "_CACHE_LIMIT", 3000)
    assert Prefilter(index).masks(texts) == _python_prefilter(index).masks(texts)

    lines = [json.dumps(r, ensure_ascii=False).encode() for r in listings]
    compiled = Scanner(index).block(lines)
    for module, name in ((scan_block, "_listing_fields"), (prefilter_codes, "CodeTable"),
                         (prefilter_bulk, "plain_codes"), (typos, "PieceSet")):
        monkeypatch.setattr(module, name, None)
    index._typos._piece_set = None
    python = Scanner(index).block(lines)
    assert len(compiled[1]) > 300 and compiled == python


@needs_core
def test_code_table_refuses_what_it_cannot_hold():
    table = _fastscan.CodeTable()
    with pytest.raises(TypeError):
        table.update(["word"], ["two"])
    with pytest.raises(ValueError):
        table.update(["word"], ["\U0001f600"])
    with pytest.raises(ValueError):
        table.update(["a", "b"], ["\u1001"])
    table.update(["a", "a"], ["\u1001", "\u1002"])
    assert len(table) == 1 and table.codes("a b", "\x01")[0] == "\u1002\x01"
    table.clear()
    assert len(table) == 0 and table.codes("a", "\x01")[0] == "\x01"


@needs_core
def test_recode_looks_up_only_the_missing_codes_again():
    table = _fastscan.CodeTable()
    table.update(["nike"], ["\u1001"])
    codes, words = table.codes("nike 耐克 x nike 耐克", "\x01")
    assert codes == "\u1001\x01\x01\u1001\x01"
    table.update(["耐克", "nike"], ["\u1003", "\u1002"])
    # Known codes are kept as they were; each missing one is looked up.
    assert table.recode(codes, words, "\x01") == "\u1001\u1003\x01\u1001\u1003"
    with pytest.raises(ValueError):
        table.recode(codes[:-1], words, "\x01")


@needs_core
def test_piece_set_tells_words_apart_as_the_python_path_does(monkeypatch):
    marks = list(generate_marks(3000, seed=13))
    index = MarkIndex.build([MarkTerm((m["office"], m["number"]), m["text"]) for m in marks])
    rng = random.Random(13)
    keys = [m["text"].lower().replace(" ", "") for m in marks if len(m["text"]) >= 8][:300]
    words = [k[:i] + k[i + 1:] for k in keys[:100] for i in (2, 5)]  # one letter dropped
    words += [k[:3] + "x" + k[3:] for k in keys[100:200]] + keys[200:]  # added; exact
    words += ["".join(rng.choice("abcdefghklmnorstu0123456789") for _ in range(rng.randint(1, 16)))
              for _ in range(3000)]  # the long tail
    got = index._typos.maybe_one_word(words)
    monkeypatch.setattr(typos, "PieceSet", None)
    assert got == index._typos.maybe_one_word(words)
    assert 250 < len(got) < len(words) - 2000  # the near misses kept, most of the tail not
    assert all(map(set(words).__contains__, got))


@needs_core
def test_plain_codes_are_the_columns_made_in_python():
    index = MarkIndex.build([MarkTerm("NIKE", "NIKE"), MarkTerm("TNF", "THE NORTH FACE"),
                             MarkTerm("SW", "SWAROVSKI"), MarkTerm("NB", "NEW BALANCE"),
                             MarkTerm("3M", "3M SCOTCH"), MarkTerm("7UP", "7UP ZERO")])
    pre = Prefilter(index)
    words = ["a", "ab", "abc", "abcd", "9", "9a", "a9", "99", "a9b", "north", "the", "new",
             "face", "balance", "swarovsky", "2024", "x1", "1x1", "nike", "3m", "23m", "123new",
             "7up", "77up", "12the", "1"]
    folded = [w.translate(prefilter_codes._FOLD) for w in words]  # (as fill_codes folds them)
    classes = [w.translate(prefilter_codes._CLASS) for w in words]
    typo = {"swarovsky".translate(prefilter_codes._FOLD)}
    hits = prefilter_bulk._hit_bits(pre, folded, classes)
    got = _fastscan.plain_codes(folded, classes, hits, pre._typo_vocab, pre._first_words, typo,
                                (prefilter_codes._SHORT, prefilter_codes._MAYC, prefilter_codes._SF,
                                 prefilter_codes._SL, prefilter_codes._VOCAB,
                                 prefilter_codes._FIRST, prefilter_codes._TYPO), 0x1000)
    # What word_bits gives, one word at a time (typo aside: given here, not looked up).
    single = Prefilter(index)
    expected = [chr(ord(single._codes[w]) | (prefilter_codes._TYPO if f in typo else 0))
                for w, f in zip(words, folded, strict=True)]
    assert got == expected
    firsts = {w for w, code in zip(words, got, strict=True) if ord(code) & prefilter_codes._FIRST}
    assert {"23m", "123new", "77up", "12the"} <= firsts  # a key's first word after digits
    assert len(set(got)) > 8  # words of many kinds
    with pytest.raises(ValueError):
        _fastscan.plain_codes(folded, classes[:-1], hits, None, None, None, (1,) * 7, 0x1000)


@needs_core
def test_a_hit_in_a_line_orjson_will_not_read_is_reported_as_the_decoders_way_does(monkeypatch):
    index = MarkIndex.build([MarkTerm(("EM", "1"), "NIKE")])
    lines = [b'{"id": "L1", "title": "NIKE shoes", "price": 1e400}',
             b'{"id": 22, "title": "n i k e", "price": 19.990000000000002}',
             b'{"id": "L3", "title": "plain"}']
    compiled = Scanner(index).block(lines)
    monkeypatch.setattr(scan_block, "_listing_fields", None)
    assert compiled == Scanner(index).block(lines)
    assert [json.loads(hit)["listing_id"] for hit in compiled[1]] == ["L1", 22]


@needs_core
def test_typo_windows_found_in_c_are_those_found_in_python(monkeypatch):
    """Every kind of one edit (and two, and none) of one- and multi-word long marks, as
    windows of their words: PieceSet.window gives _window's term ids."""
    marks = list(generate_marks(3000, seed=17)) + [
        {"office": "EM", "number": str(n), "text": t, "aliases": []}
        for n, t in enumerate(["LOUIS VUITTON", "SWAROVSKI", "THE NORTH FACE", "TOMMY HILFIGER",
                               "NEW BALANCE SHOES", "ÉCLAIR DOUBLÉ", "NEW BALANCE",
                               "NEWBALANCE"])]  # (the same letters as one word and as two)
    index = MarkIndex.build([MarkTerm((m["office"], m["number"]), m["text"]) for m in marks])
    typo_index = index._typos
    rng = random.Random(17)
    windows = []
    for m in marks:
        words = m["text"].lower().split()
        glued = "".join(words)
        if len(glued) < 8:
            continue
        i = rng.randrange(1, len(glued) - 1)
        edits = [glued[:i] + glued[i + 1:], glued[:i] + "q" + glued[i:], glued[:i] + "z" + glued[i + 1:],
                 glued[:i] + glued[i + 1] + glued[i] + glued[i + 2:], glued, glued[:i] + "zz" + glued[i + 2:]]
        for edit in edits:  # cut back into as many words, at the mark's own word breaks
            cuts = [sum(map(len, words[:j])) for j in range(1, len(words))]
            windows.append([edit[a:b] for a, b in zip([0, *cuts], [*cuts, len(edit)], strict=True)])
    windows += [["new", "balanse"], ["newbalanse"], ["new", "balance"]]
    windows += [["".join(rng.choice("abcdeilnorstuv") for _ in range(rng.randint(7, 12)))]
                for _ in range(500)]
    compiled = [typo_index._window(len(w), w) for w in windows]
    monkeypatch.setattr(typos, "PieceSet", None)
    python = [typo_index._window(len(w), w) for w in windows]
    assert compiled == python
    assert sum(map(bool, python)) > len(windows) // 3  # many found, not all empty
    assert any(len(w) > 1 and found for w, found in zip(windows, python, strict=True))
