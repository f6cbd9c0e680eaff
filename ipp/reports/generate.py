"""Writes a takedown report file in any format; shared by the inline download and the job."""

from dataclasses import asdict
from datetime import date, datetime

from sqlalchemy.orm import Session

from ipp.reports.pdf_report import Cover, write_pdf
from ipp.reports.queries import ReportFilter, org_names, takedown_rows, totals
from ipp.reports.translate import Translator
from ipp.reports.xlsx_report import write_xlsx

MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def filter_params(f: ReportFilter) -> dict:
    """The filter as JSON for the job row (org ids are stored in their own column)."""
    values = asdict(f)
    values.pop("org_ids")
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


def filter_from(org_ids: list[int], params: dict) -> ReportFilter:
    known = {k: params.get(k) for k in ("mark_id", "reason", "outcome", "seller", "lane",
                                            "zone")}
    dates = {k: date.fromisoformat(params[k]) if params.get(k) else None
             for k in ("from_date", "to_date")}
    return ReportFilter(org_ids=list(org_ids), **known, **dates)


def write_report(session: Session, fmt: str, f: ReportFilter, target, *, tr: Translator,
                 timezone: str, now: datetime, progress=None) -> int:
    """XLSX or PDF to a path or binary file; returns the number of rows written."""
    rows = takedown_rows(session, f)
    if fmt == "xlsx":
        return write_xlsx(rows, target, tr=tr, timezone=timezone, progress=progress)
    if fmt == "pdf":
        cover = Cover(organisations=org_names(session, f.org_ids), from_date=f.from_date,
                      to_date=f.to_date, generated_at=now, totals=totals(session, f))
        return write_pdf(rows, target, tr=tr, timezone=timezone, cover=cover, progress=progress)
    raise ValueError(f"not a file format: {fmt}")


def file_name(fmt: str, f: ReportFilter, today: date) -> str:
    return f"takedowns-{f.from_date or 'start'}-{f.to_date or today}.{fmt}"
