"""The reports page: choose a period and download the takedown report."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from ipp.accounts.models import Role
from ipp.i18n.locales import normalise_locale
from ipp.reports.api import csv_response, parse_period
from ipp.web.access import roles_required
from ipp.web.errors import APIError

bp = Blueprint("reports", __name__, template_folder="templates")


@bp.get("/reports")
@roles_required(Role.RIGHTS_HOLDER, Role.AGENT)
def index():
    return render_template("reports/index.html", errors={})


@bp.get("/reports/takedowns.csv")
@roles_required(Role.RIGHTS_HOLDER, Role.AGENT)
def download():
    try:
        from_date, to_date = parse_period(request.args)
    except APIError as error:
        return render_template("reports/index.html", errors=error.fields), 422
    lang = normalise_locale(request.args.get("lang")) or current_user.language
    return csv_response(current_user, from_date=from_date, to_date=to_date, lang=lang)

