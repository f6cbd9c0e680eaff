"""/api/v1/reports/takedowns (a file or a job), /api/v1/jobs/{id}, and complaint bundles."""

from flask import jsonify, request, send_file, url_for
from flask_babel import gettext as _

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.complaints.queries import get_complaint
from ipp.i18n.locales import normalise_locale
from ipp.reports import pdf_report
from ipp.reports.bundle import bundle_response
from ipp.reports.generate import MIMETYPES
from ipp.reports.models import JobStatus
from ipp.reports.requests import answer, job_of, parse_report_request
from ipp.web.access import api_auth
from ipp.web.api import api_bp
from ipp.web.context import db
from ipp.web.errors import APIError, ValidationFailed, not_found


@api_bp.get("/reports/takedowns")
@api_auth(Role.RIGHTS_HOLDER, Role.AGENT)
def takedown_report(user):
    fmt, lang, report_filter = parse_report_request(request.args, user)
    result = answer(user, fmt, lang, report_filter)
    if hasattr(result, "id"):
        location = url_for("api.report_job", job_id=result.id)
        return jsonify({"job": location}), 202, {"Location": location}
    return result


def truncated(job) -> bool:
    return job.format == "pdf" and job.total > pdf_report.PDF_MAX_ROWS


def job_json(job) -> dict:
    body = {"id": job.id, "status": job.status, "format": job.format,
            "progress": round(job.progress, 3), "rows": job.rows, "total": job.total}
    # A PDF stops at PDF_MAX_ROWS rows: said here, not only inside the file.
    body["truncated"] = truncated(job)
    if body["truncated"]:
        body["row_limit"] = pdf_report.PDF_MAX_ROWS
        body["note"] = pdf_report.truncation_note(_, shown=pdf_report.PDF_MAX_ROWS,
                                                  total=job.total)
    if job.status == JobStatus.FINISHED:
        body["download_url"] = url_for("api.report_job_file", job_id=job.id)
        body["expires_at"] = job.expires_at.isoformat() if job.expires_at else None
    if job.status == JobStatus.FAILED:
        body["error"] = _("The report could not be made. Please ask for it again.")
    return body


@api_bp.get("/jobs/<job_id>")
@api_auth()
def report_job(user, job_id):
    job = job_of(user, job_id)
    if job is None:
        raise not_found()
    return jsonify(job_json(job))


def job_file(job):
    if job is None or job.status != JobStatus.FINISHED:
        raise not_found()
    if not job.file_path or (job.expires_at and job.expires_at < utcnow()):
        raise APIError(410, "expired", _("This report has expired; ask for it again."))
    return send_file(job.file_path, mimetype=MIMETYPES[job.format], as_attachment=True,
                     download_name=f"takedowns-{job.id[:8]}.{job.format}")


@api_bp.get("/jobs/<job_id>/file")
@api_auth()
def report_job_file(user, job_id):
    return job_file(job_of(user, job_id))


@api_bp.get("/complaints/<complaint_id>/bundle.pdf")
@api_auth()
def complaint_bundle(user, complaint_id):
    complaint = get_complaint(db(), user, complaint_id)
    if complaint is None:
        raise not_found()
    if request.args.get("lang") and normalise_locale(request.args.get("lang")) is None:
        raise ValidationFailed({"lang": _("Unsupported language.")})
    lang = normalise_locale(request.args.get("lang")) or user.language
    return bundle_response(db(), complaint, lang=lang, timezone=user.timezone or "UTC")


from ipp.reports import subscription_api as _subscription_api  # noqa: E402,F401  (routes)
