"""The scan's index cache: the file guessed while the key is made, and the memo-less pickle."""

import io
import json
import os
import pickle

from ipp.verification import index_cache
from ipp.verification.marks_file import read_marks_folded
from ipp.verification.matching import MarkIndex
from ipp.verification.typos import TypoIndex


def _marks(path, texts: list[str]) -> str:
    path.write_text("".join(json.dumps({"office": "X", "number": str(i), "text": t,
                                        "aliases": [t.lower()] if i % 2 else []}) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    return str(path)


def _build(marks: str):
    def build(report) -> MarkIndex:
        keys, texts, aliases, folded = read_marks_folded(marks, report)
        return MarkIndex.from_columns(keys, texts, aliases, multiword_starts=True, folded=folded)

    return build


def test_the_index_of_these_marks_is_loaded_whichever_file_was_used_last(tmp_path):
    a = _marks(tmp_path / "a.jsonl", ["SWAROVSKI", "LOUIS VUITTON"])
    b = _marks(tmp_path / "b.jsonl", ["NIKE", "GUCCI"])
    for marks in (a, b):
        assert index_cache.load_or_build(marks, _build(marks), io.StringIO())[1] is False
    for marks in (a, b, b, a):
        err = io.StringIO()
        index, loaded = index_cache.load_or_build(marks, _build(marks), err)
        assert loaded and err.getvalue() == ""
        assert index._texts == _build(marks)(io.StringIO())._texts


def test_an_unreadable_file_of_other_marks_is_passed_over_quietly(tmp_path):
    a = _marks(tmp_path / "a.jsonl", ["SWAROVSKI", "LOUIS VUITTON"])
    index_cache.load_or_build(a, _build(a), io.StringIO())
    folder = index_cache.cache_dir()
    junk = folder / f"{index_cache._PREFIX}0000.pickle"  # the newest: the first guess
    junk.write_bytes(b"not a pickle")
    os.utime(junk, (2e9, 2e9))
    err = io.StringIO()
    assert index_cache.load_or_build(a, _build(a), err)[1] is True
    assert err.getvalue() == ""
    # The marks' own file unreadable: said, and built again.
    (own,) = set(folder.glob(f"{index_cache._PREFIX}*.pickle")) - {junk}
    own.write_bytes(b"truncated")
    err = io.StringIO()
    assert index_cache.load_or_build(a, _build(a), err)[1] is False
    assert "ignoring unreadable index cache" in err.getvalue()


def _reachable_twice(obj) -> list:
    """Mutable objects reached twice in obj's pickled state (a memo-less pickle would copy
    them: two objects after loading where there was one)."""
    seen: set[int] = set()
    twice: list = []
    states: list = []  # (kept: an id is unique only while its object lives)
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, (str, bytes, int, float, bool, type(None))):
            continue
        if id(o) in seen:
            if not isinstance(o, (tuple, frozenset)):
                twice.append(o)
            continue
        seen.add(id(o))
        if isinstance(o, dict):
            stack.extend(o.keys())
            stack.extend(o.values())
        elif isinstance(o, (list, tuple, set, frozenset)):
            stack.extend(o)
        elif isinstance(o, (MarkIndex, TypoIndex)):
            states.append(o.__getstate__())
            stack.append(states[-1])
    return twice


def test_the_saved_index_can_do_without_the_pickle_memo(tmp_path):
    marks = _marks(tmp_path / "m.jsonl", ["SWAROVSKI", "LOUIS VUITTON", "LOUIS VUITTON", "劳力士",
                                          "N.I.K.E", "ADIDAS ORIGINALS LIMITED"])
    index = _build(marks)(io.StringIO())
    assert _reachable_twice(index) == []
    index_cache._save(tmp_path / "i.pickle", ("", index))
    with open(tmp_path / "i.pickle", "rb") as fp:
        _, loaded = pickle.load(fp)
    for text in ("swarovsky bag, Louis  Vuitton and N I K E", "劳力士手表", "adidas originals limited"):
        assert loaded.find(text) == index.find(text)
