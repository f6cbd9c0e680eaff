"""/api/v1/reports/takedowns: the takedown report file."""

from datetime import date

from flask import Response, request, stream_with_context
from flask_babel import force_locale
from flask_babel import gettext as _

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.i18n.locales import normalise_locale
from ipp.reports.csv_report import csv_lines
from ipp.reports.queries import report_org_ids, takedown_rows
from ipp.web.access import api_auth
from ipp.web.api import api_bp
from ipp.web.context import db
from ipp.web.errors import ValidationFailed

FORMATS = ("csv",)


def parse_period(args) -> tuple[date | None, date | None]:
    fields, values = {}, {}
    for key in ("from", "to"):
        raw = args.get(key)
        values[key] = None
        if raw:
            try:
                values[key] = date.fromisoformat(raw)
            except ValueError:
                fields[key] = _("Not a date YYYY-MM-DD.")
    if not fields and values["from"] and values["to"] and values["from"] > values["to"]:
        fields["to"] = _("The period ends before it starts.")
    if fields:
        raise ValidationFailed(fields)
    return values["from"], values["to"]


def csv_response(user, *, from_date, to_date, lang: str) -> Response:
    org_ids = report_org_ids(db(), user, today=utcnow().date())
    timezone = user.timezone or "UTC"

    def generate():
        # stream_with_context keeps the request (and its session) open while rows stream.
        with force_locale(lang):
            yield from csv_lines(takedown_rows(db(), org_ids=org_ids, from_date=from_date,
                                               to_date=to_date), timezone=timezone)

    name = f"takedowns-{from_date or 'start'}-{to_date or utcnow().date()}.csv"
    return Response(stream_with_context(generate()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@api_bp.get("/reports/takedowns")
@api_auth(Role.RIGHTS_HOLDER, Role.AGENT)
def takedown_report(user):
    fmt = request.args.get("format", "csv")
    fields = {}
    if fmt not in FORMATS:
        fields["format"] = _("Unsupported format.")
    lang = normalise_locale(request.args.get("lang")) or user.language
    if request.args.get("lang") and normalise_locale(request.args.get("lang")) is None:
        fields["lang"] = _("Unsupported language.")
    if fields:
        raise ValidationFailed(fields)
    from_date, to_date = parse_period(request.args)
    return csv_response(user, from_date=from_date, to_date=to_date, lang=lang)
