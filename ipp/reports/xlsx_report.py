"""The takedown report as XLSX: streamed (flat memory), typed cells, frozen header, autofilter."""

from collections.abc import Callable, Iterable, Iterator
from zoneinfo import ZoneInfo

from ipp.i18n.markers import N_
from ipp.reports.columns import headers, typed_values
from ipp.reports.queries import ReportRow
from ipp.reports.translate import Translator
from ipp.reports.xlsx_writer import write_sheet

WIDTHS = [20, 17, 18, 16, 40, 16, 22, 14, 26, 17, 10, 12]


def write_xlsx(rows: Iterable[ReportRow], target, *, tr: Translator, timezone: str,
               progress: Callable[[int], None] | None = None) -> int:
    """Writes the workbook to a path or binary file; returns the number of rows."""
    zone = ZoneInfo(timezone)

    def values() -> Iterator[list]:
        for count, row in enumerate(rows, 1):
            # Datetimes and floats stay typed: they are written as dates and numbers.
            yield typed_values(row, tr, zone)
            if progress and count % 2000 == 0:
                progress(count)

    return write_sheet(target, sheet_name=tr(N_("Takedowns"))[:31], header=headers(tr),
                       rows=values(), widths=WIDTHS, rtl=tr.rtl)
