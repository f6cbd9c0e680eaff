"""`ipp bench scan` end to end at a tiny size: it runs the real command and reports honestly."""

from click.testing import CliRunner

from ipp.cli import main
from ipp.verification.bench import generate_listings, generate_marks


def test_long_tail_words_are_added_without_changing_the_rest():
    marks = list(generate_marks(200, seed=3))
    plain = list(generate_listings(100, marks[::20], seed=3))
    tailed = list(generate_listings(100, marks[::20], seed=3, tail_words=3))
    for a, b in zip(plain, tailed, strict=True):
        extra_title = set(b["title"].split()) - set(a["title"].split())
        assert len(b["title"].split()) == len(a["title"].split()) + 1 and len(extra_title) <= 1
        assert len(b["description"].split()) == len(a["description"].split()) + 2
    words = [w for rec in tailed for w in rec["description"].split()]
    assert len(set(words) - {w for rec in plain for w in rec["description"].split()}) > 150


def test_bench_scan_runs_the_command_and_compares_with_grep(tmp_path):
    result = CliRunner().invoke(main, [
        "bench", "scan", "--marks", "300", "--listings", "2000", "--verify-marks", "300",
        "--verify-samples", "20", "--repeat", "1", "--tail-words", "2", "--keep", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "2000 listings (2 long-tail words each)" in out
    assert "identical output in every run" in out
    assert "ratio ipp/grep (--jobs 1, cold)" in out and "LC_ALL=C grep -F -i -f marks" in out
    hits = (tmp_path / "hits.jsonl").read_text().splitlines()
    assert f"ipp scan: {len(hits)} hits" in out and len(hits) > 20
