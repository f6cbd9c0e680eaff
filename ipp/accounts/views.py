"""Sign in, sign out, the home page, and the person's settings."""

from urllib.parse import urlparse
from zoneinfo import available_timezones

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ipp.accounts.api import login_throttled, record_login_failure
from ipp.accounts.forms import LoginForm, SettingsForm
from ipp.accounts.passwords import verify_password
from ipp.accounts.queries import user_by_email
from ipp.clock import utcnow
from ipp.web.context import db

bp = Blueprint("accounts", __name__, template_folder="templates")
_ZONES = sorted(available_timezones())


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parsed = urlparse(target)
    return target if not parsed.netloc and not parsed.scheme and target.startswith("/") else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if login_throttled(email):
            error = _("Too many failed sign-ins. Please wait and try again.")
        else:
            user = user_by_email(db(), email)
            if verify_password(user.password_hash if user else None, form.password.data) \
                    and user.active:
                # A ?lang= chosen as a visitor stays in the session, so it carries over.
                login_user(user)
                user.last_login_at = utcnow()
                db().commit()
                return redirect(_safe_next(request.args.get("next")) or url_for("accounts.home"))
            record_login_failure(email)
            error = _("Wrong email or password.")
    elif request.method == "POST" and not form.errors.get("csrf_token"):
        error = _("Enter your email and password.")
    status = 200 if error is None else 401
    return render_template("accounts/login.html", form=form, error=error), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    session.pop("lang", None)
    return redirect(url_for("accounts.login"))


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    from ipp.marks.queries import expiry_warnings
    from ipp.reports.queries import report_org_ids
    from ipp.web.home import next_steps

    today = utcnow().date()
    warnings = expiry_warnings(db(), report_org_ids(db(), current_user, today=today), today=today)
    return render_template("accounts/home.html", steps=next_steps(db(), current_user),
                           warnings=warnings)


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(obj=current_user)
    form.timezone.choices = [(z, z) for z in _ZONES]
    if form.validate_on_submit():
        current_user.language = form.language.data
        current_user.timezone = form.timezone.data
        current_user.notify_email = form.notify_email.data
        session.pop("lang", None)
        db().commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("accounts.settings"))
    return render_template("accounts/settings.html", form=form)
from ipp.accounts import manage_views as _manage_views  # noqa: E402,F401
