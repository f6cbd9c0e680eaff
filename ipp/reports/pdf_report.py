"""The takedown report as PDF: a cover page (organisation, period, totals, a chart), then the table."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ipp.i18n import labels
from ipp.i18n.markers import N_
from ipp.reports.columns import headers, text_values
from ipp.reports.pdf_base import ReportPDF
from ipp.reports.queries import ReportRow
from ipp.reports.translate import Translator

# Landscape A4 leaves 277 mm between the margins; the URL gets the widest column.
WIDTHS = (50, 22, 20, 20, 35, 18, 22, 18, 22, 22, 12, 16)
ROW_HEIGHT = 5.5
# A PDF is read, not processed: past this many rows CSV or XLSX is the right format.
PDF_MAX_ROWS = 20_000
BAR_COLOURS = {"taken_down": (192, 57, 43), "rejected": (127, 140, 141),
               "reinstated": (39, 174, 96), "pending": (241, 196, 15)}


@dataclass(frozen=True)
class Cover:
    organisations: list[str]
    from_date: date | None
    to_date: date | None
    generated_at: datetime
    totals: dict[str, dict[str, int]]


def truncation_note(tr, *, shown: int, total: int) -> str:
    """What a PDF cut at PDF_MAX_ROWS leaves out (`tr`: a Translator or gettext)."""
    _ = tr
    return _("The PDF shows the first %(shown)s of %(total)s listings; choose CSV or XLSX for "
             "all of them.", shown=str(shown), total=str(total))


def _period(tr: Translator, cover: Cover) -> str:
    _ = tr  # `_` so that pybabel extracts the msgids
    if not cover.from_date and not cover.to_date:
        return _("All time")
    start = cover.from_date.isoformat() if cover.from_date else "…"
    end = cover.to_date.isoformat() if cover.to_date else "…"
    return _("Period: %(start)s to %(end)s", start=start, end=end)


def _totals_table(pdf: ReportPDF, title: str, table: dict[str, str], counts: dict[str, int]):
    pdf.line_text(title, size=12, height=8)
    pdf.set_font_size(10)
    for code, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        cells = [(90, pdf.tr.code(table, code)), (30, str(n))]
        for width, text in (reversed(cells) if pdf.tr.rtl else cells):
            pdf.cell(width, 6, text, border="B", align=pdf.align)
        pdf.ln(6)
    pdf.ln(3)


def _chart(pdf: ReportPDF, counts: dict[str, int]) -> None:
    """Horizontal bars of rows by outcome, drawn with rectangles (no image library)."""
    pdf.line_text(pdf.tr(N_("Listings by outcome")), size=12, height=8)
    top = max(counts.values(), default=0) or 1
    for code, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        y = pdf.get_y()
        pdf.set_font_size(9)
        pdf.set_fill_color(*BAR_COLOURS.get(code, (52, 152, 219)))
        length = 150 * n / top
        if pdf.tr.rtl:
            pdf.set_x(pdf.w - pdf.r_margin - 50)
            pdf.cell(50, 7, pdf.tr.code(labels.LISTING_ACTIONS, code), align="R")
            pdf.rect(pdf.w - pdf.r_margin - 52 - length, y + 1, max(length, 0.5), 5, style="F")
        else:
            pdf.cell(50, 7, pdf.tr.code(labels.LISTING_ACTIONS, code))
            pdf.rect(pdf.l_margin + 52, y + 1, max(length, 0.5), 5, style="F")
            pdf.set_x(pdf.l_margin + 54 + length)
        pdf.cell(20, 7, str(n))
        pdf.set_xy(pdf.l_margin, y + 8)


def _cover(pdf: ReportPDF, cover: Cover, zone: ZoneInfo) -> None:
    tr = _ = pdf.tr
    pdf.add_page()
    pdf.line_text(_("Takedown report"), size=20, height=12)
    pdf.line_text(", ".join(cover.organisations) or "—", size=13, height=8)
    pdf.line_text(_period(tr, cover), size=11)
    pdf.line_text(_("Generated at %(when)s", when=cover.generated_at.astimezone(zone)
                     .strftime("%Y-%m-%d %H:%M %Z")), size=9)
    total = sum(cover.totals.get("outcome", {}).values())
    pdf.line_text(_("Listings in this report: %(count)s", count=str(total)), size=11)
    if total > PDF_MAX_ROWS:
        # Said on the first page, not only where the table stops.
        pdf.set_text_color(192, 57, 43)
        pdf.line_text(truncation_note(tr, shown=PDF_MAX_ROWS, total=total), size=11)
        pdf.set_text_color(0, 0, 0)
    pdf.ln(4)
    _totals_table(pdf, _("Totals by outcome"), labels.LISTING_ACTIONS,
                  cover.totals.get("outcome", {}))
    _totals_table(pdf, _("Totals by reason"), labels.REASONS, cover.totals.get("reason", {}))
    _chart(pdf, cover.totals.get("outcome", {}))


def _row(pdf: ReportPDF, values: list[str], *, header: bool = False) -> None:
    cells = list(zip(WIDTHS, values, strict=True))
    if pdf.tr.rtl:
        cells.reverse()
    pdf.set_font_size(7 if header else 6.5)
    if header:
        pdf.set_fill_color(230, 230, 230)
    for width, text in cells:
        pdf.table_cell(width, ROW_HEIGHT, text, border=1, align=pdf.align, fill=header)
    pdf.ln(ROW_HEIGHT)


def write_pdf(rows: Iterable[ReportRow], target, *, tr: Translator, timezone: str, cover: Cover,
              progress: Callable[[int], None] | None = None) -> int:
    """Writes the PDF to a path or binary file; returns the number of table rows."""
    zone, _ = ZoneInfo(timezone), tr
    pdf = ReportPDF(tr)
    _cover(pdf, cover, zone)
    pdf.add_page()
    head = headers(tr)
    _row(pdf, head, header=True)
    count = 0
    for count, row in enumerate(rows, 1):
        if count > PDF_MAX_ROWS:
            count -= 1
            pdf.line_text(_("Only the first %(count)s rows are shown; download CSV or XLSX for "
                             "all of them.", count=str(PDF_MAX_ROWS)), size=8)
            break
        if pdf.will_page_break(ROW_HEIGHT):
            pdf.add_page()
            _row(pdf, head, header=True)
        _row(pdf, text_values(row, tr, zone))
        if progress and count % 200 == 0:
            progress(count)
    data = pdf.output()
    if hasattr(target, "write"):
        target.write(data)
    else:
        with open(target, "wb") as handle:
            handle.write(data)
    return count
