"""The cold scan's parallel parts: marks decoded in child processes, results handed back from a
child, the listings cut into ranges; each gives what the serial code gives."""

import io
import json
import os

import pytest

from ipp.verification import marks_file
from ipp.verification.child import in_child
from ipp.verification.fold_bulk import fold_many
from ipp.verification.marks_file import read_mark_columns, read_marks_folded
from ipp.verification.matching import MarkIndex
from ipp.verification.scan import _ranges


def _marks(n: int) -> list[dict]:
    texts = ["NIKE", "Ｎｉｋｅ", "LOUIS VUITTON", "劳力士", "N.I.K.E", "x", "L'Oréal", "G U C C I"]
    return [{"office": "X", "number": str(i), "text": f"{texts[i % len(texts)]}{i}",
             "aliases": ["耐克"] if i % 3 == 0 else [],
             "status": "expired" if i % 7 == 0 else "registered"} for i in range(n)]


def _write(path, rows) -> None:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))
                            + "\n" for r in rows), encoding="utf-8")


def test_marks_decoded_in_child_processes_give_the_serial_columns(tmp_path, monkeypatch):
    monkeypatch.setattr(marks_file, "_CHILD_MIN_BYTES", 2)
    path = tmp_path / "marks.jsonl"
    _write(path, _marks(101))
    keys, texts, aliases = read_mark_columns(str(path), io.StringIO())
    for children in (0, 1, 2):
        err = io.StringIO()
        assert read_marks_folded(str(path), err, children=children) == \
            (keys, texts, aliases, fold_many(texts))
        assert err.getvalue() == ""


def test_marks_read_back_from_a_child_leave_few_holes_here(tmp_path, monkeypatch):
    """Why the children decode: decoding here leaves megabytes of freed records among the
    columns; read back from a child, the columns sit compactly (sys._debugmallocstats is
    CPython's own account of free blocks in its allocator's pools)."""
    import subprocess
    import sys

    path = tmp_path / "marks.jsonl"
    _write(path, _marks(30_000))
    probe = ("import io, sys; from ipp.verification.marks_file import read_marks_folded as r; "
             f"cols = r({str(path)!r}, io.StringIO(), children=int(sys.argv[1])); "
             "sys._debugmallocstats()")
    free = {}
    for children in (0, 1):
        stats = subprocess.run([sys.executable, "-c", probe, str(children)], check=True,
                               capture_output=True, text=True).stderr
        line = next(x for x in stats.splitlines() if x.startswith("# bytes in available blocks"))
        free[children] = int(line.split("=")[1].replace(",", ""))
    assert free[1] * 3 < free[0], free


@pytest.mark.parametrize("bad_line", [3, 90])  # in the first part, in the second
def test_a_bad_mark_line_in_either_part_is_reported_with_its_number(tmp_path, monkeypatch,
                                                                    bad_line):
    monkeypatch.setattr(marks_file, "_CHILD_MIN_BYTES", 2)
    path = tmp_path / "marks.jsonl"
    rows: list = _marks(100)
    rows[bad_line - 1] = "{broken"
    _write(path, rows)
    serial_err, err = io.StringIO(), io.StringIO()
    keys, texts, aliases = read_mark_columns(str(path), serial_err)
    assert read_marks_folded(str(path), err, children=2) == (keys, texts, aliases, fold_many(texts))
    assert f"marks line {bad_line}:" in err.getvalue()
    assert err.getvalue() == serial_err.getvalue()


def test_index_built_with_forks_is_the_same():
    texts = ["SWAROVSKI", "LOUIS VUITTON", "NIKE", "BALENCIAGA", "劳力士", "G U C C I"]
    keys = [("X", str(i)) for i in range(len(texts))]
    here = MarkIndex.from_columns(keys, texts, [False] * len(texts), multiword_starts=True)
    forked = MarkIndex.from_columns(keys, texts, [False] * len(texts), multiword_starts=True,
                                    fork=True, folded=fold_many(texts))
    for name in ("_klen", "_nslen", "_edges", "_starts", "_mark_keys", "_texts", "_multi"):
        assert getattr(forked, name) == getattr(here, name), name
    assert forked._starts == ({"iouis", "g"}, {"iouis vuitton", "g u"})  # l folds to i
    assert forked._typos.__getstate__() == here._typos.__getstate__()


def _big(n: int) -> list[str]:
    return [f"item {i}" for i in range(n)]


def _fail(_arg) -> None:
    if os.environ.get("IPP_TEST_IN_PARENT") != str(os.getpid()):
        os._exit(3)  # the child dies without a result


def test_child_results_of_any_size_and_a_failed_child(monkeypatch):
    assert in_child(_big, 200_000)() == _big(200_000)  # megabytes: more than a pipe holds
    assert in_child(len, "abc")() == 3
    monkeypatch.setenv("IPP_TEST_IN_PARENT", str(os.getpid()))
    assert in_child(_fail, None)() is None  # the child failed: run again here


def test_ranges_cover_the_file_in_whole_lines_and_end_in_smaller_ones(tmp_path, monkeypatch):
    from ipp.verification import scan

    monkeypatch.setattr(scan, "_RANGE", 400)
    path = tmp_path / "l.jsonl"
    path.write_bytes(b"".join(b'{"id": %d, "title": "%s"}\n' % (i, b"x" * (i % 17))
                              for i in range(300)))
    size = path.stat().st_size
    for jobs in (1, 2, 3):
        ranges = _ranges(str(path), size, jobs)
        cuts = [a for _, a, _ in ranges] + [size]
        assert cuts[0] == 0 and all(b == c for (_, _, b), c in zip(ranges, cuts[1:], strict=True))
        data = path.read_bytes()
        assert all(data[a - 1:a] == b"\n" for a in cuts[1:-1])
        lengths = [b - a for _, a, b in ranges]
        assert max(lengths[-jobs:]) < 200 and max(lengths) > 390
