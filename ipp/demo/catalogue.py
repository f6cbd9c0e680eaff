"""Loads the demo's marks and listings from its JSONL files through the real import path."""

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from importlib import resources

from sqlalchemy.orm import Session

from ipp.clock import iso
from ipp.importing import ImportResult, import_lines
from ipp.listings.operations import upsert_listing
from ipp.marks.operations import upsert_mark


class DemoError(RuntimeError):
    """The demo data no longer fits the code (a bug to fix in ipp/demo, not a user error)."""


def data_lines(name: str) -> Iterator[str]:
    text = resources.files("ipp.demo").joinpath("data", name).read_text(encoding="utf-8")
    yield from text.splitlines()


def _dated(lines: Iterator[str], now: datetime) -> Iterator[str]:
    # The file says "published N days ago" so the demo looks fresh whenever it is loaded.
    for raw in lines:
        obj = json.loads(raw) if raw.strip() else None
        if obj is None:
            continue
        days = obj.pop("published_days_ago", None)
        if days is not None:
            obj["published_at"] = iso(now - timedelta(days=days))
        yield json.dumps(obj, ensure_ascii=False)


def _run(session: Session, lines, upsert: Callable, now: datetime, name: str) -> ImportResult:
    result = import_lines(session, lines, lambda s, obj: upsert(s, obj, now=now))
    if result.rejected:
        raise DemoError(f"{name}: {result.errors}")
    return result


def import_catalogue(session: Session, *, now: datetime) -> dict[str, ImportResult]:
    return {
        "marks": _run(session, data_lines("marks.jsonl"), upsert_mark, now, "marks.jsonl"),
        "listings": _run(session, _dated(data_lines("listings.jsonl"), now), upsert_listing,
                         now, "listings.jsonl"),
    }
