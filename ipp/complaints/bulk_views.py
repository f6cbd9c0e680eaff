"""The bulk filing page: a CSV of listings, every verdict previewed, then filed in chunks of 300."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.complaints import operations
from ipp.complaints.bulk import MAX_BULK, file_bulk, preview_bulk, refs_from_rows
from ipp.complaints.validation import FilingInvalid, split_listing_refs
from ipp.complaints.views import FILERS, _field_errors, _filing_data, _form
from ipp.marks.csv_rows import MAX_CSV_BYTES, CsvInvalid, read_csv
from ipp.web.access import roles_required
from ipp.web.context import db

bp = Blueprint("bulk", __name__, template_folder="templates")


def _refs_from_upload(errors: dict) -> list[str] | None:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return None
    try:
        rows = read_csv(upload.stream.read(MAX_CSV_BYTES + 1), required=())
    except CsvInvalid as error:
        errors["file"] = _(error.message, **error.params)
        return []
    refs = refs_from_rows(rows)
    if not refs:
        errors["file"] = _("No listing found: name the column listing (or listing_id, url).")
    return refs


@bp.route("/complaints/bulk", methods=["GET", "POST"])
@roles_required(*FILERS)
def bulk():
    form, marks = _form()
    errors: dict[str, str] = {}
    rows = []
    if request.method == "POST":
        if not form.validate():
            errors["form"] = _("The form expired. Please reload the page and try again.")
            return _page(form, marks, errors, rows)
        refs = _refs_from_upload(errors)
        if refs is not None:
            form.listings.data = "\n".join(refs)
        data, chosen = _filing_data(form, marks)
        try:
            if errors:
                pass
            elif request.form.get("action") == "file":
                return _file(data)
            else:
                rows = preview_bulk(db(), actor=current_user, data=data, now=utcnow())
        except (FilingInvalid, operations.Refused) as error:
            errors.update(_field_errors(error, chosen))
    return _page(form, marks, errors, rows)


def _file(data: dict):
    complaints = file_bulk(db(), actor=current_user, data=data, language=str(get_locale()),
                           now=utcnow())
    db().commit()
    flash(_("Filed %(count)d complaints with %(listings)d listings.", count=len(complaints),
            listings=len(data["listings"])), "success")
    return redirect(url_for("complaints.index"))


def _page(form, marks, errors, rows):
    failed = sum(1 for r in rows if r.verdict == "fail")
    refs = split_listing_refs(form.listings.data or "")
    return render_template("complaints/bulk.html", form=form, errors=errors, rows=rows,
                           failed=failed, complaints=-(-len(refs) // 300) if refs else 0,
                           has_marks=bool(marks), max_bulk=MAX_BULK,
                           is_agent=current_user.role == Role.AGENT), 422 if errors else 200
