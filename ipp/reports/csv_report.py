"""The takedown report as CSV, streamed, with headers and values in the reader's language."""

import csv
import io
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from ipp.reports.columns import headers, text_values
from ipp.reports.queries import ReportRow
from ipp.reports.translate import Translator


def csv_lines(rows: Iterable[ReportRow], *, tr: Translator, timezone: str = "UTC",
              chunk: int = 200) -> Iterator[str]:
    """Yields text a few hundred rows at a time: memory stays flat however many rows."""
    zone = ZoneInfo(timezone)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # A byte-order mark so spreadsheet programs read the UTF-8 (CJK, Arabic) correctly.
    buffer.write("\ufeff")
    writer.writerow(headers(tr))
    for k, row in enumerate(rows, 1):
        writer.writerow(text_values(row, tr, zone))
        if k % chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
