"""CSV import into the library in the browser: upload, preview each row, then confirm."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.marks.csv_import import COLUMNS, apply_rows, check_rows
from ipp.marks.csv_rows import MAX_CSV_BYTES, CsvInvalid, read_csv
from ipp.marks.forms import CsvConfirmForm, UploadForm
from ipp.marks.views import bp
from ipp.web.access import roles_required
from ipp.web.context import db


def _rows(data: bytes):
    return check_rows(db(), org_id=current_user.org_id, rows=read_csv(data, required=COLUMNS))


@bp.route("/marks/import", methods=["GET", "POST"])
@roles_required(Role.RIGHTS_HOLDER)
def import_csv():
    form, error, results, text = UploadForm(), None, None, ""
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.stream.read(MAX_CSV_BYTES + 1) if upload and upload.filename else b""
        try:
            results = _rows(data)
            text = data.decode("utf-8-sig")
        except CsvInvalid as invalid:
            error = _(invalid.message, **invalid.params)
    elif form.is_submitted():
        error = _("The form expired. Please reload the page and try again.")
    return render_template("marks/import.html", form=form, error=error, results=results,
                           confirm=CsvConfirmForm(csv_text=text), columns=COLUMNS), \
        422 if error else 200


@bp.post("/marks/import/confirm")
@roles_required(Role.RIGHTS_HOLDER)
def import_confirm():
    form = CsvConfirmForm()
    if not form.validate_on_submit():
        flash(_("The form expired. Please reload the page and try again."), "error")
        return redirect(url_for("marks.import_csv"))
    try:
        results = _rows((form.csv_text.data or "").encode("utf-8"))
    except CsvInvalid as invalid:
        flash(_(invalid.message, **invalid.params), "error")
        return redirect(url_for("marks.import_csv"))
    counts = apply_rows(db(), actor=current_user, results=results, now=utcnow())
    db().commit()
    flash(_("Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(rejected)d with errors.", **counts), "success")
    return redirect(url_for("marks.index"))
