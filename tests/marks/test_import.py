"""JSONL imports of marks and listings: upserts, bad lines by number, nothing half-written."""

import json

from click.testing import CliRunner
from sqlmodel import select

from ipp.importing import import_lines
from ipp.listings.models import Listing
from ipp.listings.operations import upsert_listing
from ipp.marks.models import Mark
from ipp.marks.operations import upsert_mark
from tests.factories import NOW

MARKS = [
    {"office": "USPTO", "number": "900001", "text": "NIMBUS", "aliases": ["宁步", "ニンバス"],
     "nice_classes": [25, 18], "owner": "Nimbus Inc", "status": "registered",
     "registered_on": "2015-03-01", "expires_on": "2031-03-01", "extra": "ignored"},
    {"office": "WIPO", "number": "900002", "text": "SAKURA", "nice_classes": [3],
     "owner": "Sakura KK", "status": "registered", "registered_on": "2018-01-01",
     "expires_on": None, "territories": ["JP", "EU"]},
]


def lines(objs, *bad):
    return [json.dumps(o, ensure_ascii=False) for o in objs] + list(bad)


def test_marks_upsert_and_report_bad_lines(session):
    bad = ['{"office": "USPTO"}', "not json", '{"office": "JPO", "number": "1", "text": "X", '
           '"owner": "Y", "status": "alive", "nice_classes": [3]}',
           '{"office": "JPO", "number": "2", "text": "X", "owner": "Y", '
           '"status": "registered", "nice_classes": [99]}']
    upsert = lambda s, o: upsert_mark(s, o, now=NOW)  # noqa: E731
    result = import_lines(session, lines(MARKS, *bad), upsert)
    assert (result.created, result.updated, result.rejected) == (2, 0, 4)
    assert [n for n, _ in result.errors] == [3, 4, 5, 6]
    assert "number" in result.errors[0][1] and "status" in result.errors[2][1]
    nimbus = session.exec(select(Mark).where(Mark.number == "900001")).one()
    assert nimbus.territories == ["US"] and nimbus.nice_classes == [18, 25]
    sakura = session.exec(select(Mark).where(Mark.number == "900002")).one()
    assert sakura.territories == ["JP", "EU"]
    again = import_lines(session, lines(MARKS), upsert)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = dict(MARKS[0], status="expired")
    assert import_lines(session, lines([changed]), upsert).updated == 1


def test_listings_upsert_and_bad_lines(session):
    good = {"id": "IMP-1", "url": "https://market.example/item/IMP-1", "title": "Nimbus shoes",
            "seller": "shop-9", "category": "Shoes", "status": "active", "market": "us",
            "price": 19.5, "currency": "usd", "published_at": "2026-11-01T10:00:00Z"}
    bad = json.dumps(dict(good, id="IMP-2", price="cheap"))
    upsert = lambda s, o: upsert_listing(s, o, now=NOW)  # noqa: E731
    result = import_lines(session, lines([good], bad), upsert)
    assert (result.created, result.rejected) == (1, 1) and result.errors[0][0] == 2
    listing = session.exec(select(Listing).where(Listing.external_id == "IMP-1")).one()
    assert listing.market == "US" and listing.currency == "USD"
    assert session.exec(select(Listing).where(Listing.external_id == "IMP-2")).first() is None
    assert import_lines(session, lines([good]), upsert).unchanged == 1


def test_cli_imports_print_counts(tmp_path, monkeypatch):
    from ipp.cli import main

    monkeypatch.setenv("IPP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("IPP_DATABASE_URL", raising=False)
    monkeypatch.delenv("IPP_REDIS_URL", raising=False)
    marks = tmp_path / "marks.jsonl"
    marks.write_text("\n".join(lines(MARKS, "{broken")) + "\n", encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["marks", "import", str(marks)])
    assert first.exit_code == 0, first.output
    assert "created 2, updated 0, unchanged 0, rejected 1" in first.output
    assert "line 3:" in first.output
    second = runner.invoke(main, ["marks", "import", str(marks)])
    assert "created 0, updated 0, unchanged 2, rejected 1" in second.output
