"""Reads a report request (format, period, filters, language) and answers it: a file or a job."""

import io
import os
from contextlib import contextmanager
from datetime import date

from flask import Response, current_app, stream_with_context
from flask_babel import gettext as _

from ipp.accounts.models import User
from ipp.clock import utcnow
from ipp.i18n import labels
from ipp.i18n.locales import normalise_locale
from ipp.jobs.queue import enqueue
from ipp.reports.csv_report import csv_lines
from ipp.reports.fonts import FontMissing
from ipp.reports.generate import MIMETYPES, file_name, filter_params, write_report
from ipp.reports.models import ReportJob
from ipp.reports.operations import create_job
from ipp.reports.queries import ReportFilter, count_rows, marks_of, report_org_ids, takedown_rows
from ipp.reports.translate import translator
from ipp.web.context import db, runtime
from ipp.web.errors import APIError, ValidationFailed

FORMATS = ("csv", "xlsx", "pdf")
CHOICES = {"reason": labels.REASONS, "outcome": labels.LISTING_ACTIONS, "lane": labels.LANES}


def inline_limit() -> int:
    """XLSX and PDF up to this many rows come at once; more go to a background job."""
    configured = current_app.config.get("IPP_REPORT_INLINE_ROWS")
    if configured is None:
        configured = os.environ.get("IPP_REPORT_INLINE_ROWS") or 5000
    return int(configured)


def _date(args, key: str, fields: dict) -> date | None:
    raw = args.get(key)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        fields[key] = _("Not a date YYYY-MM-DD.")
        return None


def _choices(args, org_ids: list[int], fields: dict) -> dict:
    found = {}
    for key, table in CHOICES.items():
        value = args.get(key) or None
        if value and value not in table:
            fields[key] = _("Not one of the allowed values.")
        found[key] = value
    raw_mark = args.get("mark") or None
    found["mark_id"] = None
    if raw_mark:
        ids = {m.id for m in marks_of(db(), org_ids)}
        if not raw_mark.isdigit() or int(raw_mark) not in ids:
            fields["mark"] = _("Not one of your marks.")
        else:
            found["mark_id"] = int(raw_mark)
    found["seller"] = (args.get("seller") or "").strip()[:200] or None
    return found


def parse_report_request(args, user: User, *, default_format: str = "csv"):
    """(format, language, filter); a 422 naming every bad field otherwise."""
    fields: dict[str, str] = {}
    fmt = args.get("format") or default_format
    if fmt not in FORMATS:
        fields["format"] = _("Unsupported format.")
    lang = normalise_locale(args.get("lang")) or user.language
    if args.get("lang") and normalise_locale(args.get("lang")) is None:
        fields["lang"] = _("Unsupported language.")
    from_date, to_date = _date(args, "from", fields), _date(args, "to", fields)
    if from_date and to_date and from_date > to_date:
        fields["to"] = _("The period ends before it starts.")
    org_ids = report_org_ids(db(), user, today=utcnow().date())
    chosen = _choices(args, org_ids, fields)
    if fields:
        raise ValidationFailed(fields)
    return fmt, lang, ReportFilter(org_ids=org_ids, from_date=from_date, to_date=to_date,
                                   **chosen)


def page_locale() -> str:
    from flask_babel import get_locale

    shown = str(get_locale() or "en")
    return {"zh_Hans_CN": "zh_Hans", "zh_Hant_TW": "zh_Hant"}.get(shown, shown)


def _attachment(name: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


def csv_response(user: User, f: ReportFilter, *, lang: str) -> Response:
    tr, timezone = translator(lang), user.timezone or "UTC"

    def generate():
        # stream_with_context keeps the request (and its session) open while rows stream.
        yield from csv_lines(takedown_rows(db(), f), tr=tr, timezone=timezone)

    return Response(stream_with_context(generate()), mimetype=MIMETYPES["csv"],
                    headers=_attachment(file_name("csv", f, utcnow().date())))


def answer(user: User, fmt: str, lang: str, f: ReportFilter) -> Response | ReportJob:
    """The file when it is small (CSV always streams), else a queued job (committed)."""
    if fmt == "csv":
        return csv_response(user, f, lang=lang)
    total = count_rows(db(), f)
    now = utcnow()
    timezone = user.timezone or "UTC"
    if total <= inline_limit():
        buffer = io.BytesIO()
        with fonts_or_503():
            rows = write_report(db(), fmt, f, buffer, tr=translator(lang), timezone=timezone,
                                now=now)
        # Rows in the file and rows matching: they differ when a PDF stops at its cap.
        headers = {**_attachment(file_name(fmt, f, now.date())), "X-Report-Rows": str(rows),
                   "X-Report-Total-Rows": str(total)}
        return Response(buffer.getvalue(), mimetype=MIMETYPES[fmt], headers=headers)
    params = {**filter_params(f), "lang": lang, "timezone": timezone,
              "dir": str(runtime().settings.data_dir / "reports")}
    job = create_job(db(), actor=user, org_ids=f.org_ids, fmt=fmt, params=params, total=total,
                     now=now)
    from ipp.reports.jobs import run_report_job

    enqueue(db(), run_report_job, job.id)
    db().commit()
    return job


@contextmanager
def fonts_or_503():
    """A server without the PDF fonts says so clearly instead of failing with a 500."""
    try:
        yield
    except FontMissing as error:
        raise APIError(503, "unavailable", _("PDF fonts are missing on the server: %(detail)s",
                                             detail=str(error))) from None


def job_of(user: User, job_id: str) -> ReportJob | None:
    """Only the person who asked for a report sees its job."""
    if not isinstance(job_id, str) or len(job_id) > 32:
        return None
    job = db().get(ReportJob, job_id)
    return job if job is not None and job.user_id == user.id else None
