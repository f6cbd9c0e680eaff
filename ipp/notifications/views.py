"""Pages: the notifications list and bell, mark read, the thread's posts and attachments."""

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ipp.clock import utcnow
from ipp.complaints.operations import Refused
from ipp.complaints.queries import get_complaint
from ipp.counter_notices.files import Upload, attachment_path, attachments_dir
from ipp.counter_notices.models import Attachment
from ipp.counter_notices.queries import get_notice
from ipp.i18n.locales import LOCALE_NAMES
from ipp.notifications import queries, render, thread
from ipp.notifications.content import MESSAGE_KINDS
from ipp.notifications.forms import MessageForm
from ipp.web.access import roles_required
from ipp.web.context import db, runtime

bp = Blueprint("notifications", __name__, template_folder="templates")


@bp.app_context_processor
def _helpers():
    return {"unread_notifications": _unread, "complaint_thread": _thread_context,
            "thread_kinds": MESSAGE_KINDS, "locale_name": lambda c: LOCALE_NAMES.get(c, c)}


def _unread() -> int:
    return queries.unread_count(db(), current_user) if current_user.is_authenticated else 0


def _thread_context(complaint) -> dict:
    """For `_thread.html` on any page that already checked the complaint is visible."""
    return {"messages": thread.messages(db(), complaint.id), "form": MessageForm(),
            "complaint": complaint}


@bp.get("/notifications")
@roles_required()
def index():
    rows = queries.recent(db(), current_user)
    items = render.contents_here(rows)
    return render_template("notifications/index.html", rows=list(zip(rows, items, strict=True)))


@bp.get("/notifications/bell")
@roles_required()
def bell():
    return render_template("notifications/_bell.html")


@bp.post("/notifications/<int:notification_id>/read")
@roles_required()
def mark_read(notification_id):
    row = queries.own(db(), current_user, notification_id)
    if row is None:
        abort(404)
    row.read_at = row.read_at or utcnow()
    db().commit()
    return redirect(request.form.get("next") or url_for("notifications.index"))


@bp.post("/notifications/read-all")
@roles_required()
def mark_all_read():
    now = utcnow()
    for row in queries.recent(db(), current_user, limit=10_000):
        row.read_at = row.read_at or now
    db().commit()
    return redirect(url_for("notifications.index"))


def _uploads(form: MessageForm) -> list[Upload]:
    return [Upload(f.filename or "file", f.mimetype or "", f.read())
            for f in (form.files.data or []) if getattr(f, "filename", "")]


@bp.post("/complaints/<complaint_id>/messages")
@roles_required("rights_holder", "agent", "reviewer", "admin")
def post_message(complaint_id):
    complaint = get_complaint(db(), current_user, complaint_id)
    if complaint is None:
        abort(404)
    form = MessageForm()
    if not form.validate():
        abort(400)
    try:
        thread.post(db(), actor=current_user, complaint=complaint, body=form.body.data or "",
                    language=str(get_locale()), now=utcnow(), uploads=_uploads(form),
                    storage=attachments_dir(runtime().settings.data_dir))
        db().commit()
        flash(_("Message sent."), "success")
    except Refused as error:
        db().rollback()
        flash(_(next(iter(error.fields.values()), error.message)), "error")
    target = request.form.get("next") or ""
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("complaints.show", complaint_id=complaint.id)
    return redirect(target + "#thread")


@bp.get("/attachments/<int:attachment_id>")
@roles_required()
def attachment(attachment_id):
    row = db().get(Attachment, attachment_id)
    if row is None or not _may_see(row):
        abort(404)
    path = attachment_path(runtime().settings.data_dir, row.sha256)
    return send_file(path, mimetype=row.content_type, as_attachment=True,
                     download_name=row.filename)


def _may_see(row: Attachment) -> bool:
    if row.counter_notice_id is not None:
        return get_notice(db(), current_user, row.counter_notice_id) is not None
    return get_complaint(db(), current_user, row.complaint_id) is not None
