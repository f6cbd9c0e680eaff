"""The administrators' page of marks waiting for verification against their certificates."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.marks import library
from ipp.marks.forms import RejectForm
from ipp.marks.models import Mark
from ipp.marks.queries import certificates_by_mark, pending_marks
from ipp.marks.views import bp
from ipp.web.access import roles_required
from ipp.web.context import db


@bp.get("/admin/marks")
@roles_required(Role.ADMIN)
def pending():
    rows = pending_marks(db())
    return render_template("marks/admin.html", rows=rows, form=RejectForm(),
                           certificates=certificates_by_mark(db(), [m.id for m, _o in rows]))


def _decide(mark_id: int, action) -> None:
    mark = db().get(Mark, mark_id) if mark_id < 2**31 else None
    if mark is None:
        abort(404)
    form = RejectForm()
    if not form.validate_on_submit():
        flash(_("The form expired. Please reload the page and try again."), "error")
        return
    try:
        action(mark, form)
        db().commit()
        flash(_("Saved."), "success")
    except library.LibraryError as error:
        flash(_(next(iter(error.fields.values()), error.message)), "error")


@bp.post("/admin/marks/<int:mark_id>/verify")
@roles_required(Role.ADMIN)
def verify(mark_id):
    _decide(mark_id, lambda mark, form: library.verify_mark(db(), actor=current_user, mark=mark,
                                                            now=utcnow()))
    return redirect(url_for("marks.pending"))


@bp.post("/admin/marks/<int:mark_id>/reject")
@roles_required(Role.ADMIN)
def reject(mark_id):
    _decide(mark_id, lambda mark, form: library.reject_mark(
        db(), actor=current_user, mark=mark, reason=form.reason.data or "", now=utcnow()))
    return redirect(url_for("marks.pending"))
