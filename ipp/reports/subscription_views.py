"""Pages of the monthly report e-mail: subscribe, change, stop; and the mail's unsubscribe link
(works without signing in: the signed token names the subscription)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_number
from flask_babel import gettext as _
from flask_login import current_user

from ipp.app import csrf
from ipp.clock import utcnow
from ipp.reports import pdf_report, subscriptions
from ipp.reports.monthly import (
    SubscriptionInvalid,
    attach_limit,
    next_sending_day,
    read_unsubscribe_token,
)
from ipp.reports.queries import marks_of
from ipp.reports.views import FILERS, bp
from ipp.web.access import roles_required
from ipp.web.context import db

KEYS = ("format", "language", "mark", "reason", "outcome")


def _chosen(row) -> dict:
    if row is None:
        return {"format": "csv", "language": current_user.language, "mark": "", "reason": "",
                "outcome": ""}
    return {"format": row.format, "language": row.language,
            "mark": str(row.mark_id) if row.mark_id else "", "reason": row.reason or "",
            "outcome": row.outcome or ""}


def _page(row, *, errors=None, chosen=None, status=200, message=None):
    org_ids = subscriptions.subscriber_org_ids(db(), current_user, today=utcnow().date())
    upcoming = next_sending_day(utcnow(), current_user.timezone) if row and row.active else None
    return render_template("reports/monthly.html", row=row, errors=errors or {},
                           chosen=chosen or _chosen(row), marks=marks_of(db(), org_ids),
                           allowed=bool(org_ids), message=message,
                           upcoming=format_date(upcoming, "long") if upcoming else "",
                           attach_mb=format_number(round(attach_limit() / 1024 / 1024, 1)),
                           pdf_rows=format_number(pdf_report.PDF_MAX_ROWS)), status


@bp.get("/reports/monthly")
@roles_required(*FILERS)
def monthly():
    return _page(subscriptions.subscription_of(db(), current_user))


@bp.post("/reports/monthly")
@roles_required(*FILERS)
def monthly_save():
    values = {k: request.form.get(k, "") for k in KEYS}
    try:
        subscriptions.save_subscription(db(), actor=current_user, values=values, now=utcnow())
    except SubscriptionInvalid as error:
        db().rollback()
        return _page(subscriptions.subscription_of(db(), current_user), status=422,
                     errors={k: _(v) for k, v in error.fields.items()}, chosen=values)
    except subscriptions.NotAllowed as error:
        db().rollback()
        return _page(subscriptions.subscription_of(db(), current_user), status=403,
                     message=_(error.message))
    db().commit()
    flash(_("Saved: you will receive the takedown report by e-mail every month."), "success")
    return redirect(url_for("reports.monthly"), code=303)


@bp.post("/reports/monthly/stop")
@roles_required(*FILERS)
def monthly_stop():
    subscriptions.unsubscribe(db(), actor=current_user, now=utcnow())
    db().commit()
    flash(_("You will no longer receive the monthly report e-mail."), "success")
    return redirect(url_for("reports.monthly"), code=303)


def _token_row(token: str):
    ids = read_unsubscribe_token(current_app.config["SECRET_KEY"], token)
    if ids is None:
        abort(404)
    return ids


@bp.get("/reports/unsubscribe/<token>")
def unsubscribe_confirm(token):
    """A page with a button: mail scanners that open links must not unsubscribe anyone."""
    _token_row(token)
    return render_template("reports/unsubscribe.html", token=token, done=False)


@bp.post("/reports/unsubscribe/<token>")
@csrf.exempt  # the signed token is the proof; mail programs' one-click POST has no form
def unsubscribe(token):
    subscription_id, user_id = _token_row(token)
    row = subscriptions.unsubscribe_by_token(db(), subscription_id=subscription_id,
                                             user_id=user_id, now=utcnow())
    if row is None:
        abort(404)
    db().commit()
    return render_template("reports/unsubscribe.html", token=token, done=True)
