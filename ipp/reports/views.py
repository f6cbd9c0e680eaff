"""The reports page: filters, a preview, downloads; large files as a job with a progress bar."""

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from ipp.accounts.models import Role
from ipp.complaints.queries import get_complaint
from ipp.reports import pdf_report
from ipp.reports.api import job_file
from ipp.reports.bundle import bundle_response
from ipp.reports.queries import count_rows, marks_of, preview_rows
from ipp.reports.requests import answer, job_of, page_locale, parse_report_request
from ipp.reports.subscriptions import subscription_of
from ipp.web.access import roles_required
from ipp.web.context import db
from ipp.web.errors import APIError

bp = Blueprint("reports", __name__, template_folder="templates")
FILERS = (Role.RIGHTS_HOLDER, Role.AGENT)
FILTER_KEYS = ("from", "to", "mark", "reason", "outcome", "seller", "lane")


def _page(errors: dict, report_filter=None, status: int = 200):
    org_ids = report_filter.org_ids if report_filter else []
    if report_filter is None:
        from ipp.clock import utcnow
        from ipp.reports.queries import report_org_ids

        org_ids = report_org_ids(db(), current_user, today=utcnow().date())
    preview = preview_rows(db(), report_filter) if report_filter else []
    total = count_rows(db(), report_filter) if report_filter else 0
    chosen = {k: request.values.get(k, "") for k in FILTER_KEYS}
    return render_template("reports/index.html", errors=errors, marks=marks_of(db(), org_ids),
                           preview=preview, total=total, chosen=chosen,
                           query={k: v for k, v in chosen.items() if v},
                           pdf_max_rows=pdf_report.PDF_MAX_ROWS,
                           monthly=subscription_of(db(), current_user)), status


@bp.get("/reports")
@roles_required(*FILERS)
def index():
    try:
        _fmt, _lang, report_filter = parse_report_request(request.args, current_user)
    except APIError as error:
        return _page(error.fields, status=422)
    return _page({}, report_filter)


@bp.get("/reports/takedowns.csv")
@roles_required(*FILERS)
def download():
    try:
        _fmt, lang, report_filter = parse_report_request(request.args, current_user)
    except APIError as error:
        return _page(error.fields, status=422)
    return answer(current_user, "csv", lang, report_filter)


@bp.post("/reports/export")
@roles_required(*FILERS)
def export():
    try:
        fmt, lang, report_filter = parse_report_request(request.form, current_user)
    except APIError as error:
        return _page(error.fields, status=422)
    result = answer(current_user, fmt, lang, report_filter)
    if isinstance(result, Response):
        return result
    return redirect(url_for("reports.job", job_id=result.id), code=303)


def _job_or_404(job_id: str):
    job = job_of(current_user, job_id)
    if job is None:
        abort(404)
    return job


@bp.get("/reports/jobs/<job_id>")
@roles_required(*FILERS)
def job(job_id):
    return render_template("reports/job.html", job=_job_or_404(job_id),
                           pdf_max_rows=pdf_report.PDF_MAX_ROWS)


@bp.get("/reports/jobs/<job_id>/status")
@roles_required(*FILERS)
def job_status(job_id):
    return render_template("reports/_job_status.html", job=_job_or_404(job_id),
                           pdf_max_rows=pdf_report.PDF_MAX_ROWS)


@bp.get("/reports/jobs/<job_id>/file")
@roles_required(*FILERS)
def job_download(job_id):
    try:
        return job_file(_job_or_404(job_id))
    except APIError as error:
        abort(error.status)


@bp.get("/complaints/<complaint_id>/bundle.pdf")
@roles_required(*FILERS, Role.REVIEWER, Role.ADMIN)
def complaint_bundle(complaint_id):
    complaint = get_complaint(db(), current_user, complaint_id)
    if complaint is None:
        abort(404)
    return bundle_response(db(), complaint, lang=page_locale(),
                           timezone=current_user.timezone or "UTC")


from ipp.reports import dashboard_views as _dashboard  # noqa: E402,F401  (routes on bp)
from ipp.reports import subscription_views as _subscription  # noqa: E402,F401  (routes on bp)
