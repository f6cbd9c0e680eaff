"""/dashboard/platform: platform-wide figures as server-drawn charts, with a CSV export."""

import csv
import io
from datetime import date, timedelta

from flask import Response, render_template, request
from flask_babel import gettext as _

from ipp.accounts.models import Role
from ipp.clock import utcnow
from ipp.i18n import labels
from ipp.reports.dashboard import Period, platform_figures
from ipp.reports.svg import bar_chart
from ipp.reports.views import bp
from ipp.reputation.tiers import TIER_LABELS
from ipp.web.access import roles_required
from ipp.web.context import db

DEFAULT_DAYS = 30


def _period_args() -> tuple[date, date, dict]:
    today, errors = utcnow().date(), {}
    values = {}
    for key, default in (("from", today - timedelta(days=DEFAULT_DAYS - 1)), ("to", today)):
        raw = request.args.get(key)
        try:
            values[key] = date.fromisoformat(raw) if raw else default
        except ValueError:
            errors[key], values[key] = _("Not a date YYYY-MM-DD."), default
    if values["from"] > values["to"]:
        errors["to"] = _("The period ends before it starts.")
        values["from"] = values["to"]
    return values["from"], values["to"], errors


def _tables() -> dict:
    return {"lane": labels.LANES, "reason": labels.REASONS, "outcome": labels.LISTING_ACTIONS}


def _labelled(items, table) -> list[tuple[str, int]]:
    return [(labels.label(table, code) if table else code, n) for code, n in items]


def _charts(figures: dict) -> dict:
    titles = {"lane": _("Listings by lane"), "reason": _("Listings by reason"),
              "outcome": _("Listings by outcome")}
    charts = {key: bar_chart(titles[key], _labelled(items, _tables()[key]), css=key)
              for key, items in figures["volumes"].items()}
    charts["infringers"] = bar_chart(_("Top repeat infringers (listings taken down)"),
                                     figures["infringers"], css="infringers")
    charts["tiers"] = bar_chart(_("Complainants by tier"),
                                _labelled(figures["tiers"], TIER_LABELS), css="tiers")
    return charts


@bp.get("/dashboard/platform")
@roles_required(Role.REVIEWER, Role.ADMIN)
def platform_dashboard():
    start, end, errors = _period_args()
    figures = platform_figures(db(), Period.of(start, end), now=utcnow())
    return render_template("reports/platform.html", figures=figures, charts=_charts(figures),
                           start=start, end=end, errors=errors), (422 if errors else 200)


@bp.get("/dashboard/platform.csv")
@roles_required(Role.REVIEWER, Role.ADMIN)
def platform_dashboard_csv():
    start, end, errors = _period_args()
    if errors:
        return platform_dashboard()
    figures = platform_figures(db(), Period.of(start, end), now=utcnow())
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([_("Figure"), _("Item"), _("Value")])
    for key, value in figures["handling"].items():
        writer.writerow(["handling", key, "" if value is None else round(value, 4)])
    for group, items in figures["volumes"].items():
        writer.writerows([group, code, n] for code, n in items)
    writer.writerows(["repeat_infringer", seller, n] for seller, n in figures["infringers"])
    writer.writerows(["tier", tier, n] for tier, n in figures["tiers"])
    for key, n in (figures["scan"] or {}).items():
        writer.writerow(["proactive_scan", key, n])
    name = f"platform-{start}-{end}.csv"
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
