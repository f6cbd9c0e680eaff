"""Pages for filing and following complaints."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ipp.accounts.models import Role
from ipp.accounts.principal import chosen_principal_id
from ipp.clock import utcnow
from ipp.complaints import operations
from ipp.complaints.evidence import add_evidence, evidence_of, uploads_from
from ipp.complaints.forms import FilingForm, InfoForm
from ipp.complaints.preview import preview_filing
from ipp.complaints.queries import events_of, get_complaint, list_complaints, listing_rows, mark_of
from ipp.complaints.states import ComplaintStatus, Reason
from ipp.complaints.usable_marks import usable_marks
from ipp.complaints.validation import FilingInvalid, parse_filing, split_listing_refs
from ipp.counter_notices.files import attachments_dir, check_uploads
from ipp.i18n import labels
from ipp.web.access import roles_required
from ipp.web.context import db, runtime

bp = Blueprint("complaints", __name__, template_folder="templates")
FILERS = (Role.RIGHTS_HOLDER, Role.AGENT)


def _form() -> tuple[FilingForm, dict]:
    form = FilingForm()
    marks = usable_marks(db(), current_user, today=utcnow().date())
    form.mark_id.choices = [("", _("Choose a mark"))] + [
        (str(m.id), f"{m.text} — {m.office} {m.number}"
         + (f" ({owner})" if current_user.role == Role.AGENT else "")) for m, owner in marks]
    form.reason.choices = [(r.value, labels.label(labels.REASONS, r.value)) for r in Reason]
    return form, {str(m.id): (m, owner) for m, owner in marks}


def _filing_data(form: FilingForm, marks: dict) -> tuple[dict, tuple | None]:
    chosen = marks.get(form.mark_id.data or "")
    return {
        "mark": {"office": chosen[0].office, "number": chosen[0].number} if chosen else None,
        "listings": split_listing_refs(form.listings.data or ""),
        "reason": form.reason.data, "description": form.description.data,
        "order_number": form.order_number.data or None,
        "on_behalf_of": chosen[1] if chosen and current_user.role == Role.AGENT else None,
        "declaration": bool(form.declaration.data),
    }, chosen


def _field_errors(error, chosen) -> dict[str, str]:
    errors = {("mark_id" if k == "mark" else k): _(v) for k, v in error.fields.items()}
    if chosen is None and "mark_id" in errors:
        errors["mark_id"] = _("Choose one of your marks.")
    if isinstance(error, operations.Refused):
        errors.setdefault("form", _(error.message))
    return errors


def _prefill(form: FilingForm) -> None:
    """A link may carry the mark, reason and listings to file again (after fixing them)."""
    for name in ("mark_id", "reason", "listings", "order_number"):
        if request.args.get(name):
            getattr(form, name).data = request.args[name]


@bp.route("/complaints/new", methods=["GET", "POST"])
@roles_required(*FILERS)
def new():
    form, marks = _form()
    errors: dict[str, str] = {}
    if request.method == "GET":
        _prefill(form)
    elif form.validate():
        data, chosen = _filing_data(form, marks)
        uploads = uploads_from(request.files)
        try:
            filing = parse_filing(data, is_agent=current_user.role == Role.AGENT)
            problem = check_uploads(uploads)
            if problem:
                raise operations.Refused(422, problem, {"evidence": problem})
            complaint = operations.file_complaint(db(), actor=current_user, filing=filing,
                                                  language=str(get_locale()), now=utcnow())
            if uploads:
                add_evidence(db(), actor=current_user, complaint=complaint, uploads=uploads,
                             directory=attachments_dir(runtime().settings.data_dir),
                             now=utcnow())
            db().commit()
            flash(_("Complaint filed. Each listing has been verified; see the results below."),
                  "success")
            target = url_for("complaints.show", complaint_id=complaint.id)
            if request.headers.get("HX-Request"):
                return "", 200, {"HX-Redirect": target}
            return redirect(target)
        except (FilingInvalid, operations.Refused) as error:
            errors = _field_errors(error, chosen)
    else:
        errors["form"] = _("The form expired. Please reload the page and try again.")
    status = 422 if errors else 200
    return render_template("complaints/new.html", form=form, errors=errors,
                           has_marks=bool(marks)), status


@bp.post("/complaints/preview")
@roles_required(*FILERS)
def preview():
    """Every listing's verdict before filing; nothing is stored."""
    form, marks = _form()
    data, chosen = _filing_data(form, marks)
    data["declaration"] = True  # the declaration is made when filing, not to look
    rows, errors = [], {}
    try:
        filing = parse_filing(data, is_agent=current_user.role == Role.AGENT)
        rows = preview_filing(db(), actor=current_user, filing=filing, now=utcnow())
    except (FilingInvalid, operations.Refused) as error:
        errors = _field_errors(error, chosen)
    passing = [row.ref for row in rows if row.verdict != "fail"]
    return render_template("complaints/_preview.html", rows=rows, errors=errors,
                           passing=passing, failed=len(rows) - len(passing))


@bp.get("/complaints")
@roles_required(*FILERS, Role.REVIEWER, Role.ADMIN)
def index():
    status = request.args.get("status") or None
    if status and status not in set(ComplaintStatus):
        status = None
    principal = chosen_principal_id() if current_user.role == Role.AGENT else None
    items, _last = list_complaints(db(), current_user, status=status, limit=200,
                                   principal_org_id=principal)
    marks = {c.id: mark_of(db(), c) for c in items}
    return render_template("complaints/index.html", items=items, marks=marks, status=status)


@bp.get("/complaints/<complaint_id>")
@roles_required(*FILERS, Role.REVIEWER, Role.ADMIN)
def show(complaint_id):
    complaint = get_complaint(db(), current_user, complaint_id)
    if complaint is None:
        abort(404)
    return render_template("complaints/show.html", complaint=complaint,
                           mark=mark_of(db(), complaint), rows=listing_rows(db(), complaint),
                           events=events_of(db(), complaint), info_form=InfoForm(),
                           evidence=evidence_of(db(), complaint.id))


@bp.post("/complaints/<complaint_id>/withdraw")
@roles_required(*FILERS)
def withdraw(complaint_id):
    complaint = get_complaint(db(), current_user, complaint_id)
    if complaint is None:
        abort(404)
    try:
        operations.withdraw(db(), actor=current_user, complaint=complaint, now=utcnow())
        db().commit()
        flash(_("Complaint withdrawn."), "success")
    except operations.Refused as error:
        flash(_(error.message), "error")
    return redirect(url_for("complaints.show", complaint_id=complaint.id))


@bp.post("/complaints/<complaint_id>/info")
@roles_required(*FILERS)
def answer_info(complaint_id):
    complaint = get_complaint(db(), current_user, complaint_id)
    if complaint is None:
        abort(404)
    form = InfoForm()
    note = (form.note.data or "").strip() if form.validate() else ""
    if not note:
        flash(_("Write your answer before sending it."), "error")
    else:
        try:
            operations.answer_info(db(), actor=current_user, complaint=complaint, note=note,
                                   now=utcnow())
            db().commit()
            flash(_("Thank you: the complaint is back in the review queue."), "success")
        except operations.Refused as error:
            flash(_(error.message), "error")
    return redirect(url_for("complaints.show", complaint_id=complaint.id))
