"""The proactive scan: CLI via click and as a module, exact output lines, bad input lines."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from ipp.verification import cli
from ipp.verification.cli import scan_command

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
