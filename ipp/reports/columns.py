"""The takedown report's columns and each row's values in the reader's language and time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

from ipp.i18n import labels
from ipp.i18n.markers import N_
from ipp.reports.queries import ReportRow
from ipp.reports.translate import Translator

HEADERS = (N_("Complaint"), N_("Filed at"), N_("Mark"), N_("Listing"), N_("URL"), N_("Seller"),
           N_("Reason"), N_("Outcome"), N_("Reason code"), N_("Decided at"),
           N_("Hours to decision"), N_("Lane"))
DATE_COLUMNS = (1, 9)
NUMBER_COLUMNS = (10,)


def headers(tr: Translator) -> list[str]:
    return [tr(h) for h in HEADERS]


def local_time(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """Wall-clock time in the reader's zone, without tzinfo (spreadsheets have no zones)."""
    return value.astimezone(zone).replace(tzinfo=None) if value else None


def typed_values(row: ReportRow, tr: Translator, zone: ZoneInfo) -> list:
    """Dates as datetimes, hours as a number, codes as labels in the reader's language."""
    return [
        row.complaint_id, local_time(row.filed_at, zone), row.mark, row.listing_id, row.url,
        row.seller, tr.code(labels.REASONS, row.reason),
        tr.code(labels.LISTING_ACTIONS, row.outcome),
        tr.code(labels.REASON_CODES, row.reason_code), local_time(row.decided_at, zone),
        row.hours_to_decision, tr.code(labels.LANES, row.lane),
    ]


def text_values(row: ReportRow, tr: Translator, zone: ZoneInfo) -> list[str]:
    values = typed_values(row, tr, zone)
    for k in DATE_COLUMNS:
        values[k] = values[k].strftime("%Y-%m-%d %H:%M") if values[k] else ""
    for k in NUMBER_COLUMNS:
        values[k] = "" if values[k] is None else f"{values[k]:.2f}"
    return values
