"""Pages: the seller files a counter-notice; both parties see it; the complainant answers."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.complaints.models import Complaint
from ipp.complaints.operations import Refused
from ipp.counter_notices import operations, queries
from ipp.counter_notices.files import Upload, attachments_dir, check_uploads
from ipp.counter_notices.forms import CounterNoticeForm, ResponseForm
from ipp.counter_notices.rules import (
    EVENTS,
    REASONS,
    STATUSES,
    Filing,
    Invalid,
    filing_deadline,
    parse_response,
)
from ipp.listings.models import Listing
from ipp.marks.models import Mark
from ipp.web.access import roles_required
from ipp.web.context import db, runtime

bp = Blueprint("counter_notices", __name__, template_folder="templates")


@bp.app_context_processor
def _helpers():
    return {"counter_notices_of": lambda complaint_id: queries.notices_of_complaint(
        db(), complaint_id), "cn_reasons": REASONS, "cn_statuses": STATUSES,
        "filing_deadline": filing_deadline, "cn_events": EVENTS}


def _uploads(field) -> list[Upload]:
    return [Upload(f.filename or "file", f.mimetype or "", f.read())
            for f in (field.data or []) if getattr(f, "filename", "")]


def refused_message(error: Refused) -> str:
    if hasattr(error, "deadline"):
        return _(error.message, deadline=format_datetime(error.deadline, "medium"))
    return _(next(iter(error.fields.values()), error.message))


@bp.route("/seller/takedowns/<int:row_id>/counter-notice", methods=["GET", "POST"])
@roles_required(Role.SELLER)
def new(row_id):
    found = queries.seller_row(db(), current_user, row_id=row_id)
    if found is None:
        abort(404)
    row, listing, mark, complaint, notice = found
    if notice is not None:
        return redirect(url_for("counter_notices.show", notice_id=notice.id))
    form = CounterNoticeForm()
    errors = {}
    if form.validate_on_submit():
        uploads = _uploads(form.files)
        try:
            filing = _filing(form, complaint.id, uploads)
            notice = operations.file_counter_notice(
                db(), actor=current_user, row=row, filing=filing, language=str(get_locale()),
                now=utcnow(), uploads=uploads,
                storage=attachments_dir(runtime().settings.data_dir))
            db().commit()
            flash(_("Your counter-notice was sent to the complainant."), "success")
            return redirect(url_for("counter_notices.show", notice_id=notice.id))
        except Invalid as error:
            errors = {k: _(v) for k, v in error.fields.items()}
        except IntegrityError:
            db().rollback()
            flash(_(operations.DUPLICATE), "error")
        except Refused as error:
            db().rollback()
            flash(refused_message(error), "error")
    return render_template("counter_notices/new.html", form=form, errors=errors, row=row,
                           listing=listing, mark=mark, complaint=complaint), \
        422 if errors else 200


def _filing(form, complaint_id: str, uploads) -> Filing:
    from ipp.counter_notices.rules import parse_filing

    filing = parse_filing({"complaint_id": complaint_id, "reason": form.reason.data,
                           "statement": form.statement.data})
    problem = check_uploads(uploads)
    if problem:
        raise Invalid({"files": problem})
    return filing


def _page(notice, form=None, errors=None, status=200):
    complaint = db().get(Complaint, notice.complaint_id)
    return render_template(
        "counter_notices/show.html", notice=notice, complaint=complaint,
        listing=db().get(Listing, notice.listing_id), mark=db().get(Mark, complaint.mark_id),
        events=queries.notice_timeline(db(), notice), files=queries.notice_files(db(), notice),
        form=form or ResponseForm(), errors=errors or {}), status


@bp.get("/counter-notices/<notice_id>")
@roles_required(Role.SELLER, Role.RIGHTS_HOLDER, Role.AGENT, Role.REVIEWER, Role.ADMIN)
def show(notice_id):
    notice = queries.get_notice(db(), current_user, notice_id)
    if notice is None:
        abort(404)
    return _page(notice)


@bp.post("/counter-notices/<notice_id>/response")
@roles_required(Role.RIGHTS_HOLDER, Role.AGENT)
def respond(notice_id):
    notice = queries.get_notice(db(), current_user, notice_id)
    if notice is None:
        abort(404)
    form = ResponseForm()
    if not form.validate():
        abort(400)
    uploads = _uploads(form.files)
    try:
        response = parse_response({"action": form.action.data,
                                   "evidence_note": form.evidence_note.data})
        problem = check_uploads(uploads)
        if problem:
            raise Invalid({"files": problem})
        operations.respond(db(), actor=current_user, notice=notice, response=response,
                           language=str(get_locale()), now=utcnow())
        if uploads:
            from ipp.counter_notices.files import store

            store(db(), uploads, directory=attachments_dir(runtime().settings.data_dir),
                  complaint_id=notice.complaint_id, uploaded_by_id=current_user.id,
                  now=utcnow(), counter_notice_id=notice.id)
        db().commit()
        flash(_("Your answer was recorded."), "success")
    except Invalid as error:
        return _page(notice, form, {k: _(v) for k, v in error.fields.items()}, 422)
    except Refused as error:
        db().rollback()
        flash(refused_message(error), "error")
    return redirect(url_for("counter_notices.show", notice_id=notice.id))
