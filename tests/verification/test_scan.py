"""The proactive scan: CLI via click and as a module, exact output lines, bad input lines."""

import io
import json
import os
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ipp.verification import cli
from ipp.verification.cli import scan_command
from ipp.verification.scan import _scan_range

MARKS = [
    {"office": "USPTO", "number": "1234567", "text": "NIKE", "aliases": ["耐克"],
     "nice_classes": [25], "owner": "Nike", "status": "registered",
     "registered_on": "2000-01-01", "expires_on": None},
    {"office": "CNIPA", "number": "88", "text": "劳力士", "aliases": ["ROLEX"], "status": "registered"},
    {"office": "EUIPO", "number": "9", "text": "GUCCI", "aliases": [], "status": "expired"},
]
LISTINGS = [
    {"id": "L1", "title": "Air N1KE shoes", "description": "genuine 耐克"},
    {"id": "L2", "title": "pineapple juice", "description": "fresh N1KE"},
    "not json at all",
    {"id": "L3", "title": "GUCCI bag", "description": "勞力士 watch and r0lex"},
    ["a", "list"],
    {"title": "no id"},
]
EXPECTED = [
    # best hit per (listing, mark): the alias in the description beats the leet variant
    {"listing_id": "L1", "office": "USPTO", "number": "1234567", "matched": "耐克",
     "kind": "alias", "field": "description", "span": [8, 10], "explanation": "alias 耐克"},
    {"listing_id": "L3", "office": "CNIPA", "number": "88", "matched": "勞力士",
     "kind": "variant", "field": "description", "span": [0, 3],
     "explanation": "traditional→simplified Chinese"},
]
EXPECTED.insert(1, {"listing_id": "L2", "office": "USPTO", "number": "1234567", "matched": "N1KE",
                    "kind": "variant", "field": "description", "span": [6, 10],
                    "explanation": "leetspeak 1→I"})


@pytest.fixture
def files(tmp_path):
    marks, listings = tmp_path / "marks.jsonl", tmp_path / "listings.jsonl"
    marks.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in MARKS)
                     + "{broken\n", encoding="utf-8")
    listings.write_text("".join((json.dumps(x, ensure_ascii=False) if not isinstance(x, str)
                                 else x) + "\n" for x in LISTINGS), encoding="utf-8")
    return marks, listings, tmp_path / "out.jsonl"


def test_cli_writes_exact_lines_to_stdout_and_reports_bad_lines(files):
    marks, listings, _ = files
    result = CliRunner().invoke(scan_command, ["--marks", str(marks), "--listings", str(listings)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.stdout.splitlines()] == EXPECTED
    assert "marks line 4:" in result.stderr
    for n in (3, 5, 6):
        assert f"listings line {n}:" in result.stderr
    assert "scan: 3 listings, 3 hits" in result.stderr


def test_cli_out_file_and_missing_marks(files, monkeypatch):
    marks, listings, out = files
    runner = CliRunner()
    result = runner.invoke(scan_command, ["--marks", str(marks), "--listings", str(listings),
                                          "--out", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] == EXPECTED
    monkeypatch.setattr(cli, "load_marks_from_db", None)
    result = runner.invoke(scan_command, ["--listings", str(listings)])
    assert result.exit_code == 2 and "--marks FILE is required" in result.output
    from ipp.verification.matching import MarkTerm

    monkeypatch.setattr(cli, "load_marks_from_db", lambda: [MarkTerm(("DB", "1"), "NIKE")])
    result = runner.invoke(scan_command, ["--listings", str(listings)])
    assert result.exit_code == 0
    assert [json.loads(x)["office"] for x in result.stdout.splitlines()] == ["DB", "DB"]


def test_module_runs_as_a_subprocess_with_only_jsonl_on_stdout(files):
    marks, listings, _ = files
    proc = subprocess.run([sys.executable, "-m", "ipp.verification.scan", "--marks", str(marks),
                           "--listings", str(listings)], capture_output=True, text=True,
                          encoding="utf-8", check=True)
    assert [json.loads(line) for line in proc.stdout.splitlines()] == EXPECTED
    assert "listings line 3:" in proc.stderr and "scan:" in proc.stderr


def test_index_cache_is_reused_and_rebuilt_when_marks_change(files, tmp_path):
    from ipp.verification.scan import run

    marks, listings, out = files
    err = io.StringIO()
    assert run(str(marks), str(listings), str(out), err=err) == 0
    assert "mark terms built" in err.getvalue() and "marks line 4:" in err.getvalue()
    first = out.read_text(encoding="utf-8")
    err = io.StringIO()
    assert run(str(marks), str(listings), str(out), err=err) == 0
    assert "mark terms loaded from cache" in err.getvalue()
    assert "marks line 4:" in err.getvalue()  # the bad mark line is still reported
    assert out.read_text(encoding="utf-8") == first
    assert [json.loads(x) for x in first.splitlines()] == EXPECTED
    # A changed marks file is a new key: built again, and GUCCI (now registered) is found.
    marks.write_text(marks.read_text(encoding="utf-8").replace('"expired"', '"registered"'),
                     encoding="utf-8")
    err = io.StringIO()
    assert run(str(marks), str(listings), str(out), err=err) == 0
    assert "mark terms built" in err.getvalue()
    assert "GUCCI" in out.read_text(encoding="utf-8")
    err = io.StringIO()
    assert run(str(marks), str(listings), str(out), err=err, cache=False) == 0
    assert "mark terms built" in err.getvalue()


def test_index_saved_by_a_child_still_reports_a_failed_save(files, tmp_path, monkeypatch):
    # With one process a forked child saves the index while the scan runs: what it has to
    # say reaches the scan's err, and the scan's output is the same.
    from ipp.verification.scan import run

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("IPP_SCAN_CACHE_DIR", str(blocker / "cache"))  # cannot be made
    marks, listings, out = files
    err = io.StringIO()
    assert run(str(marks), str(listings), str(out), err=err, jobs=1) == 0
    assert "scan: index cache not saved" in err.getvalue()
    assert [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] == EXPECTED


def test_cached_index_from_another_process_finds_the_same(tmp_path):
    # str hashes differ per process: the typo index must not depend on them.
    marks = tmp_path / "marks.jsonl"
    marks.write_text("".join(json.dumps({"office": "X", "number": str(i), "text": t}) + "\n"
                             for i, t in enumerate(["SWAROVSKI", "LOUIS VUITTON", "NIKE"])))
    listings = tmp_path / "l.jsonl"
    listings.write_text(json.dumps({"id": 1, "title": "Swarovsky crystal, Louis Vitton bag"}) + "\n")
    outs = []
    for seed in ("1", "2", "3"):
        proc = subprocess.run([sys.executable, "-m", "ipp.verification.scan", "--marks", str(marks),
                               "--listings", str(listings)], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outs.append(proc.stdout)
        assert ("loaded from cache" in proc.stderr) is (seed != "1")
    assert outs[0] == outs[1] == outs[2]
    assert [json.loads(x)["explanation"] for x in outs[0].splitlines()] == ["typo (1 edit)"] * 2


def test_parallel_ranges_give_the_serial_output_and_line_numbers(files, monkeypatch):
    from ipp.verification import scan

    marks, listings, _ = files
    rows = [json.dumps({"id": f"L{i}", "title": f"item {i} N1KE" if i % 3 else f"item {i}",
                        "description": "勞力士" if i % 5 == 0 else ""}, ensure_ascii=False)
            for i in range(300)]
    rows[17] = "{broken"
    rows[40] = ""
    listings.write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(scan, "_RANGE", 2000)  # many small ranges
    monkeypatch.setattr(scan, "_BLOCK", 700)
    results = []
    for jobs in (1, 3):
        err, out = io.StringIO(), io.StringIO()
        index = scan.MarkIndex.build(scan.read_mark_terms(open(marks, encoding="utf-8"), io.StringIO()))
        assert scan.scan_file(scan.Scanner(index), str(listings), out, err, jobs=jobs) == \
            (298, len(out.getvalue().splitlines()))
        assert "listings line 18:" in err.getvalue() and "line 41" not in err.getvalue()
        results.append(out.getvalue())
    assert results[0] == results[1] and results[0].count("\n") > 250


def _split_lines(content: bytes) -> list[bytes]:
    lines = content.split(b"\n")
    return lines[:-1] if lines[-1] == b"" else lines


@pytest.mark.parametrize("block", [1, 3, 7, 64, 1 << 20])
def test_blocks_are_the_lines_of_the_file_or_range(tmp_path, monkeypatch, block):
    from ipp.verification import scan

    monkeypatch.setattr(scan, "_BLOCK", block)
    data = b"a\n\nbcd\n" + b"x" * 50 + b"\n\n\nlast without a break"
    path = tmp_path / "lines.jsonl"
    for content in (data, data + b"\n", b"", b"\n", b"one", b"\n\nab\ncd\n"):
        path.write_bytes(content)
        with open(path, "rb") as fp:
            assert [line for got in scan._blocks(fp) for line in got] == _split_lines(content)
        with open(path, "rb") as fp:  # a range: from an offset up to another
            fp.seek(2)
            assert [line for got in scan._blocks(fp, 9) for line in got] == \
                _split_lines(content[2:9])


@pytest.mark.parametrize("extra, messages", [
    ("", ""),
    ('\n{"office": "X", "number": "7", "text": 5}\n', "marks line 5: office, number, text"),
    ('{"office": "X", "number": "8", "text": "ZARA", "aliases": [3], "status": "expired"}\n',
     "marks line 4: office, number, text"),
    ('{"office": "X", "number": "9", "text": "ZARA", "aliases": "ZR"}\n', ""),
    ("[1]\n", "marks line 4: not a JSON object"),
])
def test_bulk_marks_reader_gives_the_line_by_line_terms(tmp_path, extra, messages):
    from ipp.verification.scan import read_mark_columns, read_mark_terms

    marks = tmp_path / "marks.jsonl"
    marks.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in MARKS) + extra,
                     encoding="utf-8")
    err, err2 = io.StringIO(), io.StringIO()
    keys, texts, aliases = read_mark_columns(str(marks), err)
    terms = list(read_mark_terms(open(marks, encoding="utf-8"), err2))
    assert list(zip(keys, texts, aliases, strict=True)) == \
        [(t.mark_key, t.text, t.is_alias) for t in terms]
    assert err.getvalue() == err2.getvalue()
    assert messages in err.getvalue() and bool(messages) is bool(err.getvalue())


_TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from('"\\\n\t\x00\x1f\x7f\u2028\ufeff'))


@settings(max_examples=300, deadline=None)
@given(listing_id=st.one_of(_TEXT, st.integers(-(2 ** 70), 2 ** 70)), office=_TEXT,
       number=_TEXT, matched=_TEXT, explanation=_TEXT,
       span=st.tuples(st.integers(0, 10 ** 6), st.integers(0, 10 ** 6)))
def test_hit_lines_are_written_as_json_dumps_writes_them(listing_id, office, number, matched,
                                                          explanation, span):
    from ipp.verification.matching import Match
    from ipp.verification.scan_block import _hit_line, _hit_line_json

    m = Match((office, number), "TERM", matched, "variant", "title", span, ("typo",),
              explanation, True)
    line = _hit_line({"id": listing_id}, m)
    assert line == _hit_line_json({"id": listing_id}, m)
    assert json.loads(line)["listing_id"] == listing_id


def test_hit_line_with_a_lone_surrogate_falls_back_to_json():
    from ipp.verification.matching import Match
    from ipp.verification.scan_block import _hit_line, _hit_line_json

    m = Match(("X", "1"), "T", "a\ud800b", "exact", "title", (0, 3), (), "exact", True)
    assert _hit_line({"id": "L"}, m) == _hit_line_json({"id": "L"}, m)


def _range_checking_the_workers_handlers(task):
    """scan._scan_range, in a worker that must not keep its caller's signal handlers."""
    from ipp.verification.scan_block import Scanner  # noqa: F401  (as the real one imports)

    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        raise AssertionError("the scan worker kept its caller's SIGTERM handler")
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        raise AssertionError("the scan worker would take Ctrl-C itself")
    return _scan_range(task)


def test_parallel_scan_workers_do_not_keep_the_callers_sigterm_handler(files, monkeypatch):
    """A process that catches SIGTERM without exiting (an rq worker busy with a job, whose warm
    shutdown only sets a flag; the jobs tests leave one in this process) handed that handler
    to the scan's forked workers. The pool ends idle workers with SIGTERM when they have not
    taken their sentinel: those never ended, and the scan hung (seen once in CI). Workers take
    the default SIGTERM and ignore SIGINT (the parent ends them)."""
    from ipp.verification import scan

    marks, listings, _ = files
    listings.write_text("".join(json.dumps({"id": f"L{i}", "title": f"item {i} N1KE"}) + "\n"
                                for i in range(400)), encoding="utf-8")
    monkeypatch.setattr(scan, "_RANGE", 2000)  # several ranges, two workers
    monkeypatch.setattr(scan, "_scan_range", _range_checking_the_workers_handlers)
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)  # caught, nothing done

    def hung(signum, frame):
        raise TimeoutError("the parallel scan hung at its end")

    previous_alarm = signal.signal(signal.SIGALRM, hung)  # a failure rather than a hang
    signal.alarm(60)
    try:
        index = scan.MarkIndex.build(scan.read_mark_terms(open(marks, encoding="utf-8"), io.StringIO()))
        out = io.StringIO()
        assert scan.scan_file(scan.Scanner(index), str(listings), out, io.StringIO(), jobs=2) == (400, 400)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous_alarm)
        signal.signal(signal.SIGTERM, previous)
