"""The IP asset library pages: the organisation's marks, adding one, certificates."""

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ipp import storage
from ipp.accounts.models import Organisation, Role
from ipp.accounts.principal import chosen_principal_id
from ipp.accounts.queries import principals_of_agent
from ipp.clock import utcnow
from ipp.complaints.usable_marks import usable_marks
from ipp.marks import library
from ipp.marks.aliases import alias_for
from ipp.marks.forms import MarkForm, UploadForm
from ipp.marks.models import OFFICE_TERRITORIES, MarkCertificate
from ipp.marks.queries import certificates_by_mark, expiry_warnings, mark_of_org, marks_of_org
from ipp.marks.validation import MarkInvalid, parse_mark_input, split_cell
from ipp.web.access import roles_required
from ipp.web.context import db

bp = Blueprint("marks", __name__, template_folder="templates")


@bp.get("/marks")
@roles_required(Role.RIGHTS_HOLDER, Role.AGENT)
def index():
    today = utcnow().date()
    principals = []
    if current_user.role == Role.RIGHTS_HOLDER:
        org = db().get(Organisation, current_user.org_id)
        marks = [(m, org.name) for m in marks_of_org(db(), current_user.org_id)]
        org_ids = [current_user.org_id]
    else:
        marks = usable_marks(db(), current_user, today=today)
        principals = principals_of_agent(db(), agent_org_id=current_user.org_id, on=today)
        chosen = chosen_principal_id()
        org_ids = [p.id for p in principals if chosen in (None, p.id)]
    return render_template(
        "marks/index.html", marks=marks, principals=principals, chosen=chosen_principal_id(),
        certificates=certificates_by_mark(db(), [m.id for m, _owner in marks]),
        warnings=expiry_warnings(db(), org_ids, today=today), upload=UploadForm(),
        alias_for=alias_for)


def _form_values(form: MarkForm) -> dict:
    classes = [int(p) if p.isdigit() else p
               for p in split_cell((form.nice_classes.data or "").replace(",", "|"))]
    return {"office": form.office.data, "number": form.number.data, "text": form.text.data,
            "aliases": split_cell(form.aliases.data), "nice_classes": classes,
            "territories": split_cell(form.territories.data),
            "registered_on": form.registered_on.data or None,
            "expires_on": form.expires_on.data or None}


def _store_upload(field_data, errors: dict, field: str):
    """(key, name, type, size) of an uploaded file, or None with the error noted."""
    if not field_data or not field_data.filename:
        return None
    data, name, declared = storage.read_upload(field_data)
    try:
        key = storage.put(data, name, declared)
    except storage.StorageError as error:
        errors[field] = _(error.message)
        return None
    return key, name, storage.sniff(data), len(data)


@bp.route("/marks/new", methods=["GET", "POST"])
@roles_required(Role.RIGHTS_HOLDER)
def new():
    form = MarkForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            values = parse_mark_input(_form_values(form), OFFICE_TERRITORIES)
            library.plan(db(), org_id=current_user.org_id, values=values)
        except (MarkInvalid, library.LibraryError) as error:
            errors = {k: _(v) for k, v in error.fields.items()}
        stored = None if errors else _store_upload(form.certificate.data, errors, "certificate")
        if not errors:
            now = utcnow()
            _outcome, mark = library.save_mark(db(), actor=current_user, values=values, now=now)
            if stored:
                library.add_certificate(db(), actor=current_user, mark=mark, key=stored[0],
                                        filename=stored[1], content_type=stored[2],
                                        size=stored[3], now=now)
            db().commit()
            flash(_("Mark saved. It can be used in complaints once an administrator has "
                    "verified it against its certificate."), "success")
            return redirect(url_for("marks.index"))
    elif form.is_submitted():
        errors["form"] = _("The form expired. Please reload the page and try again.")
    return render_template("marks/new.html", form=form, errors=errors), 422 if errors else 200


@bp.post("/marks/<int:mark_id>/certificates")
@roles_required(Role.RIGHTS_HOLDER)
def upload_certificate(mark_id):
    mark = mark_of_org(db(), current_user.org_id, mark_id)
    if mark is None:
        abort(404)
    form, errors = UploadForm(), {}
    stored = _store_upload(form.file.data, errors, "file") if form.validate_on_submit() else None
    if stored:
        library.add_certificate(db(), actor=current_user, mark=mark, key=stored[0],
                                filename=stored[1], content_type=stored[2], size=stored[3],
                                now=utcnow())
        db().commit()
        flash(_("Certificate uploaded."), "success")
    else:
        flash(errors.get("file") or _("Choose a PDF or image file."), "error")
    return redirect(url_for("marks.index"))


@bp.get("/marks/certificates/<int:cert_id>")
@roles_required(Role.RIGHTS_HOLDER, Role.ADMIN)
def certificate(cert_id):
    cert = db().get(MarkCertificate, cert_id) if cert_id < 2**31 else None
    if cert is None:
        abort(404)
    if current_user.role != Role.ADMIN and mark_of_org(db(), current_user.org_id,
                                                        cert.mark_id) is None:
        abort(404)
    return send_file(storage.open(cert.key), mimetype=cert.content_type,
                     download_name=cert.filename, as_attachment=True)


from ipp.marks import admin_views as _admin_views  # noqa: E402,F401
from ipp.marks import import_views as _import_views  # noqa: E402,F401
