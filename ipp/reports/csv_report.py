"""The takedown report as CSV, streamed, with headers and values in the reader's language."""

import csv
import io
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from ipp.i18n import labels
from ipp.reports.queries import ReportRow


def headers() -> list[str]:
    return [_("Complaint"), _("Filed at"), _("Mark"), _("Listing"), _("URL"), _("Seller"),
            _("Reason"), _("Outcome"), _("Reason code"), _("Decided at"),
            _("Hours to decision"), _("Lane")]


def _local(value, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""


def csv_lines(rows: Iterable[ReportRow], *, timezone: str = "UTC") -> Iterator[str]:
    zone = ZoneInfo(timezone)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # A byte-order mark so spreadsheet programs read the UTF-8 (CJK, Arabic) correctly.
    buffer.write("\ufeff")
    writer.writerow(headers())
    for row in rows:
        writer.writerow([
            row.complaint_id, _local(row.filed_at, zone), row.mark, row.listing_id, row.url,
            row.seller, labels.label(labels.REASONS, row.reason),
            labels.label(labels.LISTING_ACTIONS, row.outcome),
            labels.label(labels.REASON_CODES, row.reason_code) if row.reason_code else "",
            _local(row.decided_at, zone),
            "" if row.hours_to_decision is None else f"{row.hours_to_decision:.2f}",
            labels.label(labels.LANES, row.lane),
        ])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
