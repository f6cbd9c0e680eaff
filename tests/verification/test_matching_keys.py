"""The automaton filled in bulk gets the keys, values and order that adding term by term gives."""

from hypothesis import given, settings
from hypothesis import strategies as st

from ipp.verification.matching_keys import fill_automaton


def _term_by_term(ws: list[str], nss: list[str]) -> tuple[list, list]:
    groups: dict[str, list[int]] = {}
    for tid, (w, ns) in enumerate(zip(ws, nss, strict=True)):
        groups.setdefault(w, []).append(tid << 1)
        if ns != w:
            groups.setdefault(ns, []).append(tid << 1 | 1)
    added, multi = [], []
    for key, codes in groups.items():
        if len(codes) == 1:
            added.append((key, codes[0]))
        else:
            multi.append(codes)
            added.append((key, -len(multi)))
    return added, multi


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab c", min_size=1, max_size=5), max_size=30))
def test_fill_automaton_is_adding_term_by_term(ws):
    nss = [w.replace(" ", "") for w in ws]
    added: list = []
    multi = fill_automaton(lambda key, value: added.append((key, value)), ws, nss)
    assert (added, multi) == _term_by_term(ws, nss)


def test_shared_keys_keep_their_codes_in_term_order():
    added: list = []
    multi = fill_automaton(lambda key, value: added.append((key, value)),
                           ["ab c", "x", "abc", "x"], ["abc", "x", "abc", "x"])
    assert added == [("ab c", 0), ("abc", -1), ("x", -2)]
    assert multi == [[1, 4], [2, 6]]
