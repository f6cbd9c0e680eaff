"""Precision and recall of mark matching on the shipped labelled set."""

import json
from collections import Counter
from pathlib import Path

import ipp.verification
from ipp.verification.matching import MarkIndex, MarkTerm

DATA = Path(ipp.verification.__file__).with_name("data") / "labelled_cases.jsonl"


def test_precision_and_recall_on_labelled_cases():
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    marks = [r for r in rows if r["type"] == "mark"]
    cases = [r for r in rows if r["type"] == "case"]
    index = MarkIndex.build([MarkTerm(m["key"], m["text"]) for m in marks] + [
        MarkTerm(m["key"], a, True) for m in marks for a in m["aliases"]])
    tp = fp = fn = 0
    misses = []
    for case in cases:
        found = {m.mark_key for m in index.find(case["text"])}
        expected = set(case["marks"])
        tp += len(found & expected)
        fp += len(found - expected)
        fn += len(expected - found)
        if found != expected:
            misses.append((case["text"], sorted(expected), sorted(found)))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    groups = Counter(c["evasion"] for c in cases)
    print(f"\nlabelled set: {len(cases)} cases {dict(groups)}; tp={tp} fp={fp} fn={fn}; "
          f"precision={precision:.4f} recall={recall:.4f}; disagreements: {misses}")
    assert len(cases) >= 300
    assert {"exact_case_width", "homoglyph", "separator", "leetspeak", "script_conversion",
            "alias", "typo", "negative"} <= set(groups)
    assert precision >= 0.98 and recall >= 0.98
