"""The evidence bundle of one complaint as PDF, for litigation: complaint, mark, listings with
their verification evidence, decisions and the timeline."""

import io
from zoneinfo import ZoneInfo

from flask import Response
from flask_babel import force_locale
from sqlalchemy.orm import Session

from ipp.accounts.models import Organisation
from ipp.complaints.models import Complaint
from ipp.complaints.queries import events_of, listing_rows, mark_of
from ipp.i18n import labels
from ipp.i18n.markers import N_
from ipp.reports.pdf_base import ReportPDF
from ipp.reports.translate import Translator, translator

EVENT_KINDS = {
    "received": N_("Received"), "claimed": N_("Claimed by a reviewer"),
    "left": N_("Released by the reviewer"), "paused": N_("Clock paused"),
    "resumed": N_("Clock resumed"), "info_requested": N_("Information requested"),
    "info_answered": N_("Information given"), "decided": N_("Decided"),
    "counter_notice": N_("Counter-notice filed"),
    "counter_notice_maintained": N_("Complainant maintained the takedown"),
    "counter_notice_withdrawn": N_("Complaint withdrawn after the counter-notice"),
    "reinstated": N_("Listing reinstated"), "withdrawn": N_("Withdrawn"),
}


def _facts(pdf: ReportPDF, pairs: list[tuple[str, str]]) -> None:
    for name, value in pairs:
        pdf.line_text(f"{name}: {value or '—'}", size=9, height=5)
    pdf.ln(2)


def _when(value, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z") if value else ""


def _complaint(pdf: ReportPDF, session: Session, complaint: Complaint, zone: ZoneInfo) -> None:
    tr = _ = pdf.tr  # `_` so that pybabel extracts the msgids
    principal = session.get(Organisation, complaint.principal_org_id)
    filer = session.get(Organisation, complaint.filed_by_org_id)
    pdf.line_text(_("Evidence bundle: complaint %(id)s", id=complaint.id), size=16, height=10)
    _facts(pdf, [
        (_("Rights holder"), principal.name if principal else ""),
        (_("Filed by"), filer.name if filer else ""),
        (_("Reason"), tr.code(labels.REASONS, complaint.reason)),
        (_("Order number"), complaint.order_number or ""),
        (_("Status"), tr.code(labels.COMPLAINT_STATUSES, complaint.status)),
        (_("Lane"), tr.code(labels.LANES, complaint.lane)),
        (_("Filed at"), _when(complaint.received_at, zone)),
        (_("Decision due by"), _when(complaint.due_at, zone)),
        (_("Decided at"), _when(complaint.decided_at, zone)),
    ])
    if complaint.description:
        pdf.line_text(complaint.description, size=9, height=5)
        pdf.ln(2)
    mark = mark_of(session, complaint)
    pdf.line_text(_("Mark"), size=13, height=8)
    _facts(pdf, [
        (_("Mark"), f"{mark.text} — {mark.office} {mark.number}"),
        (_("Status"), tr.code(labels.MARK_STATUSES, mark.status)),
        (_("Nice classes"), ", ".join(str(c) for c in mark.nice_classes)),
        (_("Registered on"), mark.registered_on.isoformat() if mark.registered_on else ""),
        (_("Expires on"), mark.expires_on.isoformat() if mark.expires_on else ""),
    ])


def _listings(pdf: ReportPDF, session: Session, complaint: Complaint, zone: ZoneInfo) -> None:
    from ipp.verification.messages import render_check

    tr = _ = pdf.tr  # `_` so that pybabel extracts the msgids
    pdf.line_text(_("Listings and verification"), size=13, height=8)
    for row, listing, seller in listing_rows(session, complaint):
        name = listing.external_id if listing else row.listing_ref
        pdf.line_text(f"{name} — {listing.title if listing else ''}", size=10, height=6)
        _facts(pdf, [
            (_("URL"), (listing.url if listing else row.listing_ref) or ""),
            (_("Seller"), seller or ""),
            (_("Verdict"), tr.code(labels.VERDICTS, row.verdict)),
            (_("Outcome"), tr.code(labels.LISTING_ACTIONS, row.action)),
            (_("Reason code"), tr.code(labels.REASON_CODES, row.reason_code)),
            (_("Decided at"), _when(row.decided_at, zone)),
        ])
        for check in row.checks:
            state = _("passed") if check.get("passed") else _("failed")
            pdf.line_text(f"• {tr.code(labels.CHECKS, check['name'])} ({state}): "
                          f"{render_check(check)}", size=8, height=4.5)
        if row.note:
            pdf.line_text(row.note, size=8, height=4.5)
        pdf.ln(3)


def _timeline(pdf: ReportPDF, session: Session, complaint: Complaint, zone: ZoneInfo) -> None:
    tr = _ = pdf.tr  # `_` so that pybabel extracts the msgids
    pdf.line_text(_("Timeline"), size=13, height=8)
    for event in events_of(session, complaint):
        text = f"{_when(event.at, zone)} — {tr.code(EVENT_KINDS, event.kind)}"
        pdf.line_text(text + (f": {event.note}" if event.note else ""), size=8, height=4.5)


def write_bundle(session: Session, complaint: Complaint, target, *, tr: Translator,
                 timezone: str) -> None:
    zone = ZoneInfo(timezone)
    pdf = ReportPDF(tr, orientation="P")
    pdf.add_page()
    _complaint(pdf, session, complaint, zone)
    _listings(pdf, session, complaint, zone)
    _timeline(pdf, session, complaint, zone)
    target.write(pdf.output())


def bundle_response(session: Session, complaint: Complaint, *, lang: str,
                    timezone: str) -> Response:
    buffer = io.BytesIO()
    # The check details are rendered by Flask-Babel, so its locale follows the bundle's.
    from ipp.reports.requests import fonts_or_503

    with force_locale(lang), fonts_or_503():
        write_bundle(session, complaint, buffer, tr=translator(lang), timezone=timezone)
    return Response(buffer.getvalue(), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="complaint-{complaint.id}.pdf"'})
